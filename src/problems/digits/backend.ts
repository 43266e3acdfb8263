/**
 * Where a lockstep group's passes over the network happen: on the CPU over weights read from
 * each engine (cpu-digits.ts), or on the GPU in kernels reading each engine's buffers
 * (gpu/gpu-digits.ts). A backend serves every run of one group: the runs share the digits of
 * each step, so the data work is done once. The driver (digits-run.ts) asks only for these
 * things, so it serves both engines. Types only.
 */

/** Loss and correct answers summed over a set of digits. */
export interface SetScore {
  lossSum: number;
  correct: number;
  count: number;
}

/** Weights of one layer that are exactly 0, and that have |w| < ε. */
export interface LayerCount {
  exactZeros: number;
  nearZeros: number;
}

export type DigitSet = 'train' | 'heldOut';

export interface DigitsBackend {
  /**
   * For every run: forward and backward over the digits `batch` (indices into the data) at the
   * engine's current weights; ∂E/∂W into the engine's gradient (its next `step` applies the
   * rule), the biases moved by −η·∂E/∂b, and the loss added to the run's training score.
   */
  trainStep(batch: Uint32Array): Promise<void>;
  /** Per run: the loss and correct answers over a whole set at the current weights. */
  evaluate(set: DigitSet): Promise<SetScore[]>;
  /** Per run: the training score since the last call (or the start), then zeroed. */
  takeTrainingScores(): Promise<SetScore[]>;
  /** Per run, per layer: the weights at exactly 0 and below ε in magnitude. */
  layerCounts(epsilon: number): Promise<LayerCount[][]>;
  /** Per run, per layer: the biases. */
  readBiases(): Promise<Float32Array[][]>;
  /** Per run, per layer: biases to continue from (a checkpoint's), each of the layer's width. */
  writeBiases(perRun: readonly (readonly Float32Array[])[]): void;
  destroy(): void;
}
