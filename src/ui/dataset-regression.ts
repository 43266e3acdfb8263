/**
 * Regression on a user's own table (a CSV loaded in the page), for either engine: the rows
 * are held on the host, so each step reads the weights back (`engine.readWeights`), computes
 * the residuals r = Xw − y and the gradient (2/n)·Xᵀr of E(w) = (1/n)·Σ r² here, and writes
 * it into the engine, whose next `step` applies the rule as for any problem. A table small
 * enough to pick from a file (at most 2^27 values, src/data/dataset.ts) makes that cheap
 * next to a GPU step over a million hash-generated features.
 *
 * The data are made comparable first: each feature column is standardised (mean 0, standard
 * deviation 1; a constant column becomes 0) and the target centred, so that one λ means the
 * same for every column and no intercept is needed. A fifth of the rows, picked by a hash
 * of the seed, is held out. There is no truth, so no support F1.
 *
 * Not here: reading the file (src/data/csv.ts), the synthetic problem (src/problems/regression/).
 */
import type { Dataset } from '../data/dataset.ts';
import { hashAt, streamKey } from '../engine/hash.ts';
import type { Engine } from '../engine/types.ts';
import type { RegressionBackend, RowSet } from '../problems/regression/index.ts';

/** Seeds the held-out split's hash stream. */
const STREAM_SPLIT = 0x5bd1e995;
/** One row in five is held out. */
const HELD_OUT_FRACTION = 0.2;

/** Rows of the standardised table: row-major features and centred targets. */
export interface DenseRows {
  count: number;
  features: Float32Array;
  targets: Float32Array;
}

export interface DenseProblem {
  featureCount: number;
  featureNames: readonly string[];
  targetName: string;
  train: DenseRows;
  test: DenseRows;
}

/** Standardises `dataset` and splits it by `seed`; at least one row always trains. */
export function denseProblem(dataset: Dataset, seed: number): DenseProblem {
  const { sampleCount: n, featureCount: d, features, target } = dataset;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  let targetMean = 0;
  for (let i = 0; i < n; i++) {
    targetMean += target[i]!;
    for (let j = 0; j < d; j++) {
      const x = features[i * d + j]!;
      mean[j] = mean[j]! + x;
      square[j] = square[j]! + x * x;
    }
  }
  targetMean /= n;
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    mean[j] = mean[j]! / n;
    const variance = square[j]! / n - mean[j]! ** 2;
    scale[j] = variance > 1e-12 * Math.max(1, mean[j]! ** 2) ? 1 / Math.sqrt(variance) : 0;
  }
  const key = streamKey(seed, STREAM_SPLIT);
  const held = Array.from({ length: n }, (_, i) => n > 1 && hashAt(key, i) < HELD_OUT_FRACTION * 2 ** 32);
  if (held.every(Boolean)) held[0] = false;
  const rowsOf = (keep: boolean): DenseRows => {
    const picked = held.flatMap((h, i) => (h === keep ? [i] : []));
    const rows: DenseRows = { count: picked.length, features: new Float32Array(picked.length * d), targets: new Float32Array(picked.length) };
    picked.forEach((i, t) => {
      rows.targets[t] = target[i]! - targetMean;
      for (let j = 0; j < d; j++) rows.features[t * d + j] = (features[i * d + j]! - mean[j]!) * scale[j]!;
    });
    return rows;
  };
  return { featureCount: d, featureNames: dataset.featureNames, targetName: dataset.targetName, train: rowsOf(false), test: rowsOf(true) };
}

/** r = Xw − y over `rows`, f64 sums rounded to f32 once. */
export function denseResiduals(rows: DenseRows, weights: Float32Array): Float32Array {
  const d = weights.length;
  const out = new Float32Array(rows.count);
  for (let t = 0; t < rows.count; t++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += rows.features[t * d + j]! * weights[j]!;
    out[t] = sum - rows.targets[t]!;
  }
  return out;
}

/** (2/n)·Xᵀr into `out`. */
export function denseGradient(rows: DenseRows, residuals: Float32Array, out: Float32Array): Float32Array {
  const d = out.length;
  const sums = new Float64Array(d);
  for (let t = 0; t < rows.count; t++) {
    const r = residuals[t]!;
    for (let j = 0; j < d; j++) sums[j] = sums[j]! + rows.features[t * d + j]! * r;
  }
  const scale = 2 / Math.max(1, rows.count);
  for (let j = 0; j < d; j++) out[j] = sums[j]! * scale;
  return out;
}

/**
 * λmax of E's Hessian 2·XᵀX/n by power iteration (a Rayleigh quotient, so from below): the
 * step η = 1/L is then the largest ISTA takes safely. Deterministic start (all ones, then a
 * tilt so a start orthogonal to the top direction is unlikely).
 */
export function denseLipschitz(rows: DenseRows, featureCount: number, iterations = 30): number {
  let v = Float32Array.from({ length: featureCount }, (_, j) => 1 + j / featureCount);
  let estimate = 0;
  const gradient = new Float32Array(featureCount);
  for (let k = 0; k < iterations; k++) {
    const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
    if (norm === 0) return 0;
    v = v.map((x) => x / norm);
    denseGradient(rows, denseResiduals({ ...rows, targets: new Float32Array(rows.count) }, v), gradient);
    estimate = gradient.reduce((sum, g, j) => sum + g * v[j]!, 0);
    v = gradient.slice();
  }
  return estimate;
}

/** The backend a regression run steps with, over a dense table instead of hashed features. */
export class DenseRegression implements RegressionBackend {
  readonly #engine: Engine;
  readonly #problem: DenseProblem;
  readonly #gradient: Float32Array;

  constructor(engine: Engine, problem: DenseProblem) {
    if (engine.paramCount !== problem.featureCount) throw new RangeError(`the engine holds ${engine.paramCount} weights, the table has ${problem.featureCount} features`);
    this.#engine = engine;
    this.#problem = problem;
    this.#gradient = new Float32Array(problem.featureCount);
  }

  /** The dense problem has only its training rows to step on (`rows` is ignored: no minibatches). */
  async writeGradient(_rows?: RowSet): Promise<void> {
    const weights = await this.#engine.readWeights();
    const train = this.#problem.train;
    this.#engine.writeGradient(denseGradient(train, denseResiduals(train, weights), this.#gradient));
  }

  async residuals(): Promise<{ train: Float32Array; test: Float32Array }> {
    const weights = await this.#engine.readWeights();
    return { train: denseResiduals(this.#problem.train, weights), test: denseResiduals(this.#problem.test, weights) };
  }

  async gather(indices: Uint32Array): Promise<Float32Array> {
    const weights = await this.#engine.readWeights();
    return Float32Array.from(indices, (j) => weights[j]!);
  }

  destroy(): void {}
}
