/**
 * Sparse recovery's sums over the weights of a CPU engine in a worker (protocol.ts), as the
 * page's RegressionBackend: the worker makes the problem from the same checked settings (it
 * is a pure function of them: the same truth, rows and targets) and runs CpuRegression
 * there, next to the weights, so the gradient, which is most of a step's work, leaves the
 * page's thread too. `writeGradient` only queues the call, like the GPU backend, and the
 * step sent after it waits in the worker's queue behind it; reads wait for every call
 * before them.
 */
import type { RegressionBackend, RegressionProblem, RowSet } from '../../problems/regression/index.ts';
import type { WorkerEngine } from './worker-engine.ts';

/** Ids of the regressions on one channel: a Reset makes the new one before it drops the old. */
let nextBackend = 1;

export class WorkerRegression implements RegressionBackend {
  readonly #engine: WorkerEngine;
  readonly #id = nextBackend++;
  #destroyed = false;

  constructor(engine: WorkerEngine, problem: RegressionProblem) {
    this.#engine = engine;
    engine.post({ op: 'regression', backend: this.#id, settings: problem.settings });
  }

  async writeGradient(rows: RowSet): Promise<void> {
    this.#engine.post({ op: 'gradient', backend: this.#id, rows });
  }

  residuals(): Promise<{ train: Float32Array; test: Float32Array }> {
    return this.#engine.request({ op: 'residuals', backend: this.#id });
  }

  gather(indices: Uint32Array): Promise<Float32Array> {
    return this.#engine.request({ op: 'gather', backend: this.#id, indices });
  }

  /** Frees the worker's side; nothing to do once the engine itself is gone. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    try {
      this.#engine.post({ op: 'dropRegression', backend: this.#id });
    } catch {
      // The engine was destroyed or failed first: its worker holds nothing any more.
    }
  }
}
