/**
 * A user's dataset (src/data/: CSV, .npy, .safetensors) as a regression problem, for the
 * command line and the app alike. n_test rows are held out: the last ones in the file's order
 * (`heldOut: 'last'`, the command line's; shuffle a sorted file first), or n_test rows picked
 * by a hash of the seed (`'hashed'`, the app's); the others train, in file order. Each step
 * sees all training rows or a minibatch of b in the seeded order of sample-order.ts. The model
 * is h(x) = w·x on the features as given: no intercept and no scaling (standardise-dataset.ts
 * makes the columns comparable, as the app does; or add a column of ones, or centre y, as the
 * data need). There is no truth, so the support metrics are null. The matrix stays the
 * dataset's Float32Array; a row set's `keys` are row numbers into it.
 *
 * η and λ for these data, as step-size.ts gives them for generated data:
 *   datasetStepSize   1/L̂. Full batch: L̂ = λmax(2·XᵀX/n) by power iteration from a hashed
 *                     start, with 2% headroom (the Rayleigh quotient approaches L from below).
 *                     Minibatch of b: L̂ = (2/b)·(the b largest ‖x_t‖²), a bound on λmax of every
 *                     batch's Hessian (2/b)·Σ x_t x_tᵀ, since λmax ≤ its trace.
 *   datasetLambdaMax  ‖∇E(0)‖∞ = max_j |(2/n)·Σ_t y_t·x_tj|: at and above it w = 0 is optimal.
 *
 * Not here: reading files (src/data/), standardising (standardise-dataset.ts), the sums
 * (dataset-sums.ts), the run (regression-run.ts).
 */
import { ConfigError } from '../../engine/config-error.ts';
import type { Dataset } from '../../data/dataset.ts';
import { initWeights } from '../../engine/cpu/init-weights.ts';
import { hashAt, streamKey } from '../../engine/hash.ts';
import { datasetGradient, datasetResiduals } from './dataset-sums.ts';
import type { RegressionData, RowSet } from './problem.ts';

/** How a dataset is split and batched. */
export interface DatasetSplit {
  /** n_test: the last rows of the file, held out. */
  testSamples: number;
  /** Rows per step: all training rows (`full`), or b in a seeded order, epoch by epoch. */
  batch: number | 'full';
  /** u32: the sample order, the starting weights and a hashed split derive from it. */
  seed: number;
  /** Which rows are held out: the last n_test (the default) or n_test picked by the seed's hash. */
  heldOut?: 'last' | 'hashed';
}

/** Seeds the hashed split's stream. */
const STREAM_SPLIT = 0x5bd1e995;

const POWER_ITERATIONS = 100;

export class DatasetProblem implements RegressionData {
  readonly dataset: Dataset;
  /** `samples` is n, the training rows. */
  readonly settings: { samples: number; testSamples: number; batch: number | 'full'; seed: number };
  readonly truth = null;
  readonly train: RowSet;
  readonly test: RowSet;

  private constructor(dataset: Dataset, split: DatasetSplit) {
    this.dataset = dataset;
    const { testSamples, batch, seed } = split;
    this.settings = { samples: dataset.sampleCount - testSamples, testSamples, batch, seed };
    const held = split.heldOut === 'hashed' ? hashedRows(dataset.sampleCount, testSamples, seed) : lastRows(dataset.sampleCount, testSamples);
    const rows = Uint32Array.from({ length: dataset.sampleCount }, (_, i) => i);
    this.train = rowsAt(dataset, rows.filter((i) => held[i] === 0));
    this.test = rowsAt(dataset, rows.filter((i) => held[i] === 1));
  }

  /** Throws `ConfigError` naming `testSamples`, `batch` or `seed` when the split does not fit the data. */
  static create(dataset: Dataset, split: DatasetSplit): DatasetProblem {
    const rows = dataset.sampleCount;
    const { testSamples, batch, seed, heldOut = 'last' } = split;
    if (!Number.isSafeInteger(testSamples) || testSamples < 0 || testSamples > rows - 1) {
      throw new ConfigError('testSamples', testSamples, `a whole number from 0 to ${rows - 1} (the data have ${rows} rows; at least one must train)`);
    }
    const training = rows - testSamples;
    if (batch !== 'full' && (!Number.isSafeInteger(batch) || batch < 1 || batch > training)) {
      throw new ConfigError('batch', batch, `full, or a whole number from 1 to ${training} (the training rows)`);
    }
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ConfigError('seed', seed, 'a whole number from 0 to 4294967295');
    if (heldOut !== 'last' && heldOut !== 'hashed') throw new ConfigError('heldOut', heldOut, 'last or hashed');
    return new DatasetProblem(dataset, { testSamples, batch, seed, heldOut });
  }

  get features(): number {
    return this.dataset.featureCount;
  }
}

/** 1 for each held-out row: the last `count`. */
function lastRows(rows: number, count: number): Uint8Array {
  return new Uint8Array(rows).fill(1, rows - count);
}

/** 1 for each held-out row: the `count` rows with the smallest hashes of (seed, row), exactly `count`. */
function hashedRows(rows: number, count: number, seed: number): Uint8Array {
  const key = streamKey(seed, STREAM_SPLIT);
  const hashes = Uint32Array.from({ length: rows }, (_, i) => hashAt(key, i));
  const order = Uint32Array.from({ length: rows }, (_, i) => i).sort((a, b) => hashes[a]! - hashes[b]! || a - b);
  const held = new Uint8Array(rows);
  for (const i of order.subarray(0, count)) held[i] = 1;
  return held;
}

function rowsAt(dataset: Dataset, rows: Uint32Array): RowSet {
  return { count: rows.length, keys: rows, latentKeys: new Uint32Array(rows.length), targets: Float32Array.from(rows, (i) => dataset.target[i]!) };
}

/** η = 1/L̂ (see the module comment). */
export function datasetStepSize(problem: DatasetProblem): number {
  const { batch } = problem.settings;
  const bound = batch === 'full' ? fullBatchLipschitz(problem) : minibatchLipschitzBound(problem, batch);
  return bound > 0 ? 1 / bound : 1;
}

function fullBatchLipschitz({ dataset, train, settings }: DatasetProblem): number {
  const d = dataset.featureCount;
  const v = new Float32Array(d);
  initWeights(v, { kind: 'symmetric', scale: 1, seed: settings.seed });
  const hv = new Float32Array(d);
  // With every target 0 the gradient is H·v.
  const zeroTargets = { ...train, targets: new Float32Array(train.count) };
  let estimate = 0;
  for (let k = 0; k < POWER_ITERATIONS; k++) {
    let squares = 0;
    for (const x of v) squares += x * x;
    const norm = Math.sqrt(squares);
    if (norm === 0) return 0;
    for (let j = 0; j < d; j++) v[j] = v[j]! / norm;
    datasetGradient(dataset, zeroTargets, datasetResiduals(dataset, zeroTargets, v), 2 / train.count, hv);
    estimate = 0;
    for (let j = 0; j < d; j++) estimate += v[j]! * hv[j]!;
    v.set(hv);
  }
  return estimate * 1.02;
}

function minibatchLipschitzBound({ dataset, train }: DatasetProblem, batch: number): number {
  const d = dataset.featureCount;
  const squares = Float64Array.from(train.keys, (row) => {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += dataset.features[row * d + j]! ** 2;
    return sum;
  }).sort();
  let largest = 0;
  for (let t = squares.length - batch; t < squares.length; t++) largest += squares[t]!;
  return (2 / batch) * largest;
}

export function datasetLambdaMax({ dataset, train }: DatasetProblem): number {
  const gradient = new Float32Array(dataset.featureCount);
  // At w = 0 every residual is −y.
  datasetGradient(dataset, train, train.targets.map((y) => -y), 2 / train.count, gradient);
  return gradient.reduce((max, g) => Math.max(max, Math.abs(g)), 0);
}
