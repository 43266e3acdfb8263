/**
 * Where a regression run's sums over features happen: on the CPU, over weights read from the
 * engine (cpu-regression.ts), or on the GPU, in kernels reading the engine's buffers
 * (gpu/gpu-regression.ts). The run (regression-run.ts) asks only for these three things, so
 * the same driver serves both engines. Types only.
 */
import type { RowSet } from './problem.ts';

export interface RegressionBackend {
  /**
   * Puts ∂E/∂w at the engine's current weights, over `rows`, into the engine's gradient; the
   * engine's next `step` applies it. `rows` is the problem's training set or a minibatch of it.
   */
  writeGradient(rows: RowSet): Promise<void>;
  /** Residuals of the training and held-out sets at the engine's current weights. */
  residuals(): Promise<{ train: Float32Array; test: Float32Array }>;
  /** The engine's weights at these global indices. */
  gather(indices: Uint32Array): Promise<Float32Array>;
  destroy(): void;
}
