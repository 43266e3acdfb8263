/**
 * Time to zero for a handful of weights, measured against the notebook's prediction
 * ⌈|w0|/(ηλ1)⌉ (`predictStepToZero` in src/problems/walkthrough.ts, which also fixes how many
 * weights are followed). The app reads the first few weights back whenever a snapshot
 * arrives (`engine.readWeights(0, count)`: a few floats, cheap on both engines, never the
 * whole vector) and records them with the step they were read at. Reads are not taken every
 * step on the GPU, so the first step at exactly 0 is known to lie after the last sample that
 * was non-zero and at or before the first that was zero: one step exactly when the samples
 * are consecutive, otherwise a range, and the page says which.
 *
 * Not here: reading weights (the app), or the prediction's arithmetic (walkthrough.ts).
 */
import { predictStepToZero } from '../problems/walkthrough.ts';

export interface ZeroRow {
  index: number;
  /** The weight at step 0, or NaN before it was read. */
  w0: number;
  /** The weight at the latest sample. */
  latest: number;
  /** ⌈|w0|/(ηλ1)⌉, or null when ηλ1 = 0 (no L1 step: the prediction says never). */
  predicted: number | null;
  /** The first step at exactly 0 lies in [from, to]; null while not seen at 0. */
  reached: { from: number; to: number } | null;
}

export class ZeroTracker {
  readonly count: number;
  #w0: Float64Array;
  #latest: Float64Array;
  #lastNonZero: Int32Array;
  #reached: ({ from: number; to: number } | null)[];
  #lastStep = -1;

  constructor(count: number) {
    this.count = count;
    this.#w0 = new Float64Array(count).fill(NaN);
    this.#latest = new Float64Array(count).fill(NaN);
    this.#lastNonZero = new Int32Array(count).fill(-1);
    this.#reached = new Array(count).fill(null);
  }

  /** The step of the latest sample recorded, or -1. */
  get lastStep(): number {
    return this.#lastStep;
  }

  /** Forgets every sample (a reset or a loaded checkpoint starts a new run). */
  clear(): void {
    this.#w0.fill(NaN);
    this.#latest.fill(NaN);
    this.#lastNonZero.fill(-1);
    this.#reached.fill(null);
    this.#lastStep = -1;
  }

  /** Records the followed weights as they were after `step` steps; a sample older than the last one is ignored. */
  record(step: number, weights: ArrayLike<number>): void {
    if (step < this.#lastStep) return;
    if (step === 0) this.#w0.set(Array.from({ length: this.count }, (_, i) => weights[i] ?? NaN));
    for (let i = 0; i < this.count; i++) {
      const w = weights[i] ?? NaN;
      this.#latest[i] = w;
      if (w !== 0) this.#lastNonZero[i] = step;
      else if (this.#reached[i] === null) this.#reached[i] = { from: this.#lastNonZero[i]! + 1, to: step };
    }
    this.#lastStep = step;
  }

  /**
   * Whether a read after `step` could still pin down a first zero to the step: some
   * followed weight is predicted to reach 0 and has not yet, and its prediction is not long
   * past (a sign-step weight that chatters around 0 would otherwise be read forever).
   */
  wantsStep(step: number, l1Step: number): boolean {
    return this.rows(l1Step).some((row) => row.reached === null && row.predicted !== null && step <= row.predicted + 2);
  }

  /** One row per followed weight; `l1Step` is ηλ1 as the engine applies it (f32). */
  rows(l1Step: number): ZeroRow[] {
    return Array.from({ length: this.count }, (_, index) => {
      const w0 = this.#w0[index]!;
      return {
        index,
        w0,
        latest: this.#latest[index]!,
        predicted: Number.isNaN(w0) ? null : predictStepToZero(w0, l1Step),
        reached: this.#reached[index] ?? null,
      };
    });
  }
}
