/**
 * The regression sums on the CPU, for the CPU engine: weights are read from the engine a
 * chunk at a time (the engine's readWeights is a copy, so no second d-long array is held),
 * predictions and residuals come from predict.ts, the gradient from gradient.ts, and is
 * written back a chunk at a time.
 */
import type { Engine } from '../../engine/types.ts';
import type { RegressionBackend } from './backend.ts';
import { GROUP_SIZE } from './features.ts';
import { computeGradient } from './gradient.ts';
import { addPredictions, residualsOf } from './predict.ts';
import type { RegressionProblem, RowSet } from './problem.ts';

/** Weights per chunk: a multiple of 4 (feature groups); the extra memory stays 256 KiB whatever d is. */
const CHUNK = 1 << 16;

export class CpuRegression implements RegressionBackend {
  readonly #engine: Engine;
  readonly #problem: RegressionProblem;
  readonly #chunk: Float32Array;

  constructor(engine: Engine, problem: RegressionProblem) {
    this.#engine = engine;
    this.#problem = problem;
    this.#chunk = new Float32Array(Math.min(CHUNK, Math.ceil(problem.features / GROUP_SIZE) * GROUP_SIZE));
  }

  async writeGradient(rows: RowSet): Promise<void> {
    const residuals = await this.#residualsOf(rows);
    const scale = Math.fround(2 / rows.count);
    const d = this.#problem.features;
    for (let start = 0; start < d; start += CHUNK) {
      const out = this.#chunk.subarray(0, Math.min(CHUNK, d - start));
      computeGradient(out, start, this.#problem.settings.featureKind, rows, residuals, scale);
      this.#engine.writeGradient(out, start);
    }
  }

  async residuals(): Promise<{ train: Float32Array; test: Float32Array }> {
    return { train: await this.#residualsOf(this.#problem.train), test: await this.#residualsOf(this.#problem.test) };
  }

  async gather(indices: Uint32Array): Promise<Float32Array> {
    const out = new Float32Array(indices.length);
    for (let s = 0; s < indices.length; s++) out[s] = (await this.#engine.readWeights(indices[s]!, 1))[0]!;
    return out;
  }

  destroy(): void {}

  async #residualsOf(rows: RowSet): Promise<Float32Array> {
    const predictions = new Float64Array(rows.count);
    const d = this.#problem.features;
    for (let start = 0; start < d; start += CHUNK) {
      const weights = await this.#engine.readWeights(start, Math.min(CHUNK, d - start));
      addPredictions(predictions, weights, start, this.#problem.settings.featureKind, rows);
    }
    return residualsOf(predictions, rows);
  }
}
