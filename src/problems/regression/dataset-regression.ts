/**
 * The regression sums for a user's dataset, on any engine: the weights are read from the
 * engine whole (a dataset has at most a million features), the sums are dataset-sums.ts's,
 * and the gradient is written back whole. On a WebGPU engine the update still runs on the
 * GPU, but every step reads the weights back: the GPU kernels generate their features and
 * cannot read a user's matrix.
 *
 * Not here: the sums themselves (dataset-sums.ts), generated data (cpu-regression.ts, gpu/).
 */
import type { Engine } from '../../engine/types.ts';
import type { RegressionBackend } from './backend.ts';
import type { DatasetProblem } from './dataset-problem.ts';
import { datasetGradient, datasetResiduals } from './dataset-sums.ts';
import type { RowSet } from './problem.ts';

export class DatasetRegression implements RegressionBackend {
  readonly #engine: Engine;
  readonly #problem: DatasetProblem;
  readonly #gradient: Float32Array;

  constructor(engine: Engine, problem: DatasetProblem) {
    this.#engine = engine;
    this.#problem = problem;
    this.#gradient = new Float32Array(problem.features);
  }

  async writeGradient(rows: RowSet): Promise<void> {
    const { dataset } = this.#problem;
    const residuals = datasetResiduals(dataset, rows, await this.#engine.readWeights());
    datasetGradient(dataset, rows, residuals, Math.fround(2 / rows.count), this.#gradient);
    this.#engine.writeGradient(this.#gradient);
  }

  async residuals(): Promise<{ train: Float32Array; test: Float32Array }> {
    const { dataset, train, test } = this.#problem;
    const weights = await this.#engine.readWeights();
    return { train: datasetResiduals(dataset, train, weights), test: datasetResiduals(dataset, test, weights) };
  }

  async gather(indices: Uint32Array): Promise<Float32Array> {
    const weights = await this.#engine.readWeights();
    return Float32Array.from(indices, (j) => weights[j]!);
  }

  destroy(): void {}
}
