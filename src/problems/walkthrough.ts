/**
 * The notebook's walkthrough (seed/l1-vs-l2-notebook.md) as a driver over any `Engine`, the
 * CPU engine in Node or the WebGPU engine in a page: the penalty alone, with the gradient
 * held at 0 because the notebook drops ∂E0/∂w from the comparison; η explicit (the notebook
 * takes 1); weights given one by one (`w0`) or N drawn uniformly in (0, 1) from a seed; any
 * rule. Each step it reads back the first ≤ 16 weights, so the step a weight first reaches
 * exactly 0 is known to the step, not to the snapshot (a few floats, but on the GPU a round
 * trip per step: the walkthrough trades step rate for exact first-zero steps);
 * every `snapshotEvery` steps, and after the last, it takes the engine's sparsity snapshot.
 * At the end it sets each followed weight's first step at exactly 0 beside the notebook's
 * prediction ⌈|w0|/(ηλ1)⌉.
 *
 * Not here: creating the engine (the caller picks CPU or GPU, with `walkthroughEngineOptions`),
 * printing, parsing options, or the caveats (walkthrough-caveats.ts). Lockstep runs are
 * several `Walkthrough`s advanced in turn by the caller.
 */
import { checkParamCount, checkWeightInit, toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import { BIN_ZERO, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO } from '../engine/stats-layout.ts';
import type { Engine, EngineOptions, Regulariser, Snapshot, UpdateParams, WeightInit } from '../engine/types.ts';
import { countBelow, countFromBins, nearZeroMethod, type NearZeroMethod } from './near-zero.ts';
import { snapshotAt } from './snapshot-at.ts';

/** Weights followed step by step: enough for a readable trajectory plot, and a cheap readback. */
export const MAX_TRACKED = 16;
/** The longest w0 list: a list this long is typed by a program, not a person; past it, draw. */
export const MAX_GIVEN_WEIGHTS = 4096;
export const MAX_STEPS = 1_000_000_000;
/** The largest finite f32 (rounded down): a |w0| above it would be stored as ±Inf. */
export const MAX_ABS_WEIGHT = 3.4e38;
const MAX_ABS_WEIGHT_TEXT = '3.4e38';

/** Where the starting weights come from. */
export type WeightSource =
  /** Exactly these values (rounded to f32), written with `engine.writeWeights`. */
  | { kind: 'given'; w0: readonly number[] }
  /** `count` weights drawn uniformly in (0, 1): the engine's `positive` init, scale 1. */
  | { kind: 'drawn'; count: number; seed: number };

export interface WalkthroughSettings {
  regulariser: Regulariser;
  weights: WeightSource;
  steps: number;
  /** A snapshot every this many steps, and always after the last; 1 takes one each step. */
  snapshotEvery: number;
  /** Near-zero threshold: a weight with |w| < ε counts as near zero. */
  epsilon: number;
}

/** Sparsity of the whole vector after one step (or at step 0). */
export interface WalkthroughStats {
  step: number;
  paramCount: number;
  exactZeros: number;
  exactZeroFraction: number;
  /** |w| < ε, counted as `WalkthroughResult.nearZero` says. */
  nearZeroFraction: number;
  /** Non-zero before this step and exactly zero after it (0 at step 0). */
  becameZero: number;
  leftZero: number;
  l1Norm: number;
  l2NormSquared: number;
}

export interface WalkthroughFrame {
  step: number;
  /** The followed weights (the first min(N, 16)) after this step. */
  weights: Float32Array;
  /** The snapshot, on snapshot steps (always at step 0 and after the last step). */
  stats: WalkthroughStats | null;
}

export interface WalkthroughResult {
  /** The rule, with `+l2` for elastic net. */
  label: string;
  regulariser: Regulariser;
  /** The per-step amounts the engine applied (ηλ1, ηλ2 rounded to f32). */
  params: UpdateParams;
  steps: number;
  /** The followed weights at step 0, as f32. */
  w0: number[];
  /** The followed weights after the last step. */
  finalWeights: number[];
  /** Per followed weight: the first step it was exactly 0 (0 if it started there), or null. */
  stepToZero: (number | null)[];
  /** Per followed weight: ⌈|w0|/(ηλ1)⌉, or null when ηλ1 = 0. */
  predictedStepToZero: (number | null)[];
  final: WalkthroughStats;
  nearZero: NearZeroMethod;
  /** Steps over the time spent inside `advance` (update, readback of ≤ 16 weights, snapshots). */
  stepsPerSecond: number;
}

/** The parameter count a weight source gives. */
export function paramCountOf(weights: WeightSource): number {
  return weights.kind === 'given' ? weights.w0.length : weights.count;
}

/** The init the engine is created with: the draw for `drawn`, a placeholder overwritten for `given`. */
function weightInit(weights: WeightSource): WeightInit {
  return { kind: 'positive', scale: 1, seed: weights.kind === 'drawn' ? weights.seed : 0 };
}

/** What to create the engine with (any engine: `createCpuEngine`, `createEngine`). */
export function walkthroughEngineOptions(settings: WalkthroughSettings): EngineOptions {
  return { paramCount: paramCountOf(settings.weights), init: weightInit(settings.weights) };
}

/** The rule as a run is named: `l1-prox`, or `l1-prox+l2` for elastic net. */
export function runLabel(regulariser: Regulariser): string {
  const elastic = regulariser.rule !== 'l2' && regulariser.rule !== 'none' && regulariser.l2 > 0;
  return elastic ? `${regulariser.rule}+l2` : regulariser.rule;
}

/**
 * ⌈|w0|/t⌉ for the f32 values the engine holds (t = ηλ1 as rounded by `toUpdateParams`): the
 * step at which, in exact arithmetic, L1 steps of t would reach 0 from w0. The double quotient
 * is corrected so the ceiling is exact; a zero w0 is 0; t = 0 or a non-finite w0 gives null.
 */
export function predictStepToZero(w0: number, l1Step: number): number | null {
  const a = Math.abs(w0);
  if (!(l1Step > 0) || !Number.isFinite(a)) return null;
  let n = Math.ceil(a / l1Step);
  if (!Number.isSafeInteger(n)) return null;
  // n·t is exact in doubles for n < 2^29 (t has 24 significant bits), so these settle the ceiling.
  while (n > 0 && (n - 1) * l1Step >= a) n -= 1;
  while (n * l1Step < a) n += 1;
  return n;
}

/** Throws `ConfigError` naming the first bad setting; returns the update parameters. */
export function checkWalkthrough(settings: WalkthroughSettings): UpdateParams {
  const params = toUpdateParams(settings.regulariser);
  const { weights } = settings;
  if (weights.kind === 'given') {
    if (!Array.isArray(weights.w0) || weights.w0.length < 1 || weights.w0.length > MAX_GIVEN_WEIGHTS) {
      throw new ConfigError('w0', weights.w0, `a list of 1 to ${MAX_GIVEN_WEIGHTS.toLocaleString('en-US')} numbers`);
    }
    const bad = weights.w0.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w) || Math.abs(w) > MAX_ABS_WEIGHT);
    if (bad >= 0) throw new ConfigError(`w0[${bad}]`, weights.w0[bad], `a finite number with |w0| ≤ ${MAX_ABS_WEIGHT_TEXT}`);
  } else {
    checkParamCount(weights.count);
    checkWeightInit(weightInit(weights));
  }
  if (!Number.isSafeInteger(settings.steps) || settings.steps < 1 || settings.steps > MAX_STEPS) {
    throw new ConfigError('steps', settings.steps, `a whole number from 1 to ${MAX_STEPS.toLocaleString('en-US')}`);
  }
  if (!Number.isSafeInteger(settings.snapshotEvery) || settings.snapshotEvery < 1 || settings.snapshotEvery > MAX_STEPS) {
    throw new ConfigError('snapshotEvery', settings.snapshotEvery, `a whole number from 1 to ${MAX_STEPS.toLocaleString('en-US')}`);
  }
  if (typeof settings.epsilon !== 'number' || !Number.isFinite(settings.epsilon) || settings.epsilon <= 0) {
    throw new ConfigError('epsilon', settings.epsilon, 'a finite number > 0');
  }
  return params;
}

/** Zeros written to the gradient at a time, so a large N does not need a second N-float array. */
const ZERO_CHUNK = 1 << 20;

/** One walkthrough run on one engine. Create with `Walkthrough.start`; call `advance` `steps` times. */
export class Walkthrough {
  readonly settings: WalkthroughSettings;
  readonly params: UpdateParams;
  readonly label: string;
  readonly nearZero: NearZeroMethod;

  readonly #engine: Engine;
  readonly #tracked: number;
  readonly #stepToZero: (number | null)[];
  #initial: WalkthroughFrame | null = null;
  #latest: WalkthroughFrame | null = null;
  #lastStats: WalkthroughStats | null = null;
  #snapshot: Snapshot | null = null;
  #unsubscribe: () => void = () => undefined;
  #step = 0;
  #busyMs = 0;

  private constructor(engine: Engine, settings: WalkthroughSettings, params: UpdateParams) {
    this.#engine = engine;
    this.settings = settings;
    this.params = params;
    this.label = runLabel(settings.regulariser);
    this.#tracked = Math.min(MAX_TRACKED, engine.paramCount);
    this.#stepToZero = new Array<number | null>(this.#tracked).fill(null);
    this.nearZero = nearZeroMethod(settings.epsilon, engine.paramCount <= MAX_TRACKED);
  }

  /**
   * Sets the engine up (weights from the source, gradient 0, step count 0) and takes the
   * step-0 snapshot. The engine must hold as many weights as the source gives.
   */
  static async start(engine: Engine, settings: WalkthroughSettings): Promise<Walkthrough> {
    const params = checkWalkthrough(settings);
    const count = paramCountOf(settings.weights);
    if (engine.paramCount !== count) {
      throw new ConfigError('paramCount', engine.paramCount, `${count} (the weights the walkthrough was given); create the engine with walkthroughEngineOptions`);
    }
    const run = new Walkthrough(engine, settings, params);
    run.#unsubscribe = engine.onSnapshot((snapshot) => {
      run.#snapshot = snapshot;
    });
    // initWeights also resets the step count, so snapshot steps count from this start.
    engine.initWeights(weightInit(settings.weights));
    if (settings.weights.kind === 'given') engine.writeWeights(Float32Array.from(settings.weights.w0));
    // The contract does not promise a zero gradient at creation; the notebook needs one.
    const zeros = new Float32Array(Math.min(ZERO_CHUNK, count));
    for (let offset = 0; offset < count; offset += zeros.length) {
      engine.writeGradient(offset + zeros.length <= count ? zeros : zeros.subarray(0, count - offset), offset);
    }
    engine.requestSnapshot();
    run.#initial = await run.#frame(true);
    return run;
  }

  /** The state at step 0, with its snapshot. */
  get initial(): WalkthroughFrame {
    return this.#initial!;
  }

  get step(): number {
    return this.#step;
  }

  get done(): boolean {
    return this.#step >= this.settings.steps;
  }

  /** One step; resolves to the followed weights after it, with the snapshot on snapshot steps. */
  async advance(): Promise<WalkthroughFrame> {
    if (this.done) throw new Error(`walkthrough ${this.label}: all ${this.settings.steps} steps were taken`);
    const started = performance.now();
    this.#step += 1;
    const snapshot = this.#step % this.settings.snapshotEvery === 0 || this.#step === this.settings.steps;
    this.#engine.step(this.params, { snapshot });
    const frame = await this.#frame(snapshot);
    this.#busyMs += performance.now() - started;
    if (this.done) this.#unsubscribe();
    return frame;
  }

  /** The outcome; call after the last `advance`. */
  result(): WalkthroughResult {
    if (!this.done || !this.#latest || !this.#lastStats) throw new Error(`walkthrough ${this.label}: result() before the last step`);
    const w0 = Array.from(this.initial.weights);
    return {
      label: this.label,
      regulariser: this.settings.regulariser,
      params: this.params,
      steps: this.settings.steps,
      w0,
      finalWeights: Array.from(this.#latest.weights),
      stepToZero: [...this.#stepToZero],
      predictedStepToZero: w0.map((w) => predictStepToZero(w, this.params.l1Step)),
      final: this.#lastStats,
      nearZero: this.nearZero,
      stepsPerSecond: this.#busyMs > 0 ? this.settings.steps / (this.#busyMs / 1000) : Infinity,
    };
  }

  async #frame(withSnapshot: boolean): Promise<WalkthroughFrame> {
    const weights = await this.#engine.readWeights(0, this.#tracked);
    weights.forEach((w, i) => {
      if (w === 0 && this.#stepToZero[i] === null) this.#stepToZero[i] = this.#step;
    });
    const stats = withSnapshot ? this.#stats(await snapshotAt(this.#engine, this.#step, () => this.#snapshot, `walkthrough ${this.label}`), weights) : null;
    if (stats) this.#lastStats = stats;
    this.#latest = { step: this.#step, weights, stats };
    return this.#latest;
  }

  #stats(snapshot: Snapshot, tracked: Float32Array): WalkthroughStats {
    const n = snapshot.paramCount;
    const zeros = snapshot.counts[BIN_ZERO]!;
    const nearZero = this.nearZero.source === 'weights' ? countBelow(tracked, this.settings.epsilon) : countFromBins(snapshot.counts, this.settings.epsilon);
    return {
      step: snapshot.step,
      paramCount: n,
      exactZeros: zeros,
      exactZeroFraction: zeros / n,
      nearZeroFraction: nearZero / n,
      becameZero: this.#step === 0 ? 0 : snapshot.counts[COUNT_BECAME_ZERO]!,
      leftZero: this.#step === 0 ? 0 : snapshot.counts[COUNT_LEFT_ZERO]!,
      l1Norm: snapshot.l1Norm,
      l2NormSquared: snapshot.l2NormSquared,
    };
  }
}

/** Runs every step on one engine; `onFrame` sees step 0 and every step after it. */
export async function runWalkthrough(engine: Engine, settings: WalkthroughSettings, onFrame?: (frame: WalkthroughFrame) => void): Promise<WalkthroughResult> {
  const run = await Walkthrough.start(engine, settings);
  onFrame?.(run.initial);
  while (!run.done) {
    const frame = await run.advance();
    onFrame?.(frame);
  }
  return run.result();
}
