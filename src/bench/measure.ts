/**
 * How one case is timed: by wall clock over many queued steps, never per step (Chrome
 * quantises timestamp queries to 100 µs, and a GPU step is only finished when the queue
 * says so). Warm-up doubles as calibration: batches of 1, 2, 4, … steps run until one takes
 * long enough to trust, and its rate sets how many steps the timed run needs to last about
 * TARGET_SECONDS. Runs in the page; knows nothing of WebGPU or TensorFlow.js.
 */

/** Whatever is timed: an engine, the naive kernels, TensorFlow.js, a copy. */
export interface Subject {
  /**
   * Queue one step without waiting for it to finish. A subject that must pace itself (to
   * keep a readback ring from overflowing) returns a promise for when the step is queued.
   */
  step(): void | Promise<void>;
  /** Resolves when every queued step has finished. */
  settled(): Promise<void>;
  destroy(): void;
}

export interface Timing {
  steps: number;
  msPerStep: number;
}

const TARGET_SECONDS = 1.5;
/** A calibration batch shorter than this is too close to timer and queue noise to trust. */
const CALIBRATION_BATCH_SECONDS = 0.2;
const CALIBRATION_LIMIT_SECONDS = 1;
/** Slow cases (TensorFlow.js on 4M params takes ~1 s a step) still average a few steps. */
const MIN_STEPS = 2;
/** Tiny sizes would otherwise queue hundreds of thousands of submits. */
const MAX_STEPS = 20_000;
/** Ten ticks of Chrome's coarsest performance.now() (100 µs without cross-origin isolation). */
const MIN_TIMED_SECONDS = 0.001;

/** Warm up, then time `steps` steps (or as many as fill TARGET_SECONDS when null). */
export async function measure(subject: Subject, steps: number | null): Promise<Timing> {
  await subject.settled();
  let perStep = 0;
  let spent = 0;
  for (let batch = 1; ; batch *= 2) {
    const seconds = await timeSteps(subject, batch);
    perStep = seconds / batch;
    spent += seconds;
    if (seconds >= CALIBRATION_BATCH_SECONDS || spent >= CALIBRATION_LIMIT_SECONDS) break;
  }
  const count = steps ?? Math.min(MAX_STEPS, Math.max(MIN_STEPS, Math.ceil(TARGET_SECONDS / Math.max(perStep, 1e-6))));
  const seconds = await timeSteps(subject, count);
  if (seconds < MIN_TIMED_SECONDS) {
    throw new Error(`${count} steps took ${(seconds * 1000).toFixed(1)} ms, too short for the page's timer: ask for more --steps`);
  }
  return { steps: count, msPerStep: (seconds * 1000) / count };
}

async function timeSteps(subject: Subject, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const queued = subject.step();
    if (queued) await queued;
  }
  await subject.settled();
  return (performance.now() - start) / 1000;
}
