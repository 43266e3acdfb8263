/**
 * Sparse recovery as a driver over any `Engine`: the CPU engine in Node or the WebGPU engine in
 * a page. Each step puts ∂E/∂w at the current weights into the engine's gradient (on the
 * engine's own side: CPU loops or WGSL kernels), then calls `engine.step`, which applies the
 * rule (l1-prox is ISTA). Every `snapshotEvery` steps, and after the last, it takes the engine's
 * sparsity snapshot and computes the metrics of metrics.ts. Step 0 has metrics too.
 *
 *   E(w) = (1/m)·Σ_t (w·x_t − y_t)² over the step's m rows (all n, or a minibatch of b)
 *
 * so λ1 here is n times smaller than in the notebook's sum form E0 = Σ(h − y)² (the same
 * minimiser needs λ1 = λ_notebook/n), and twice scikit-learn's Lasso alpha, which minimises
 * (1/2n)·‖y − Xw‖² + alpha·‖w‖₁ (λ1 = 2·alpha). L2 is the engine's w ← w − η(g + λ2·w): the
 * penalty (λ2/2)·‖w‖₂², i.e. Ridge's alpha = n·λ2/2 in scikit-learn's sum form.
 *
 * The data are generated (problem.ts: the sums over features run on the engine's side, CPU loops
 * or WGSL) or a user's dataset (dataset-problem.ts: dense sums on the CPU, whichever engine
 * applies the update). A run may resume from a checkpoint's weights and step count.
 *
 * Not here: creating the engine (the caller picks one, with `regressionEngineOptions`), the
 * data (problem.ts, dataset-problem.ts), choosing η and λ (step-size.ts), printing. Lockstep
 * runs are several runs over one problem, advanced in turn by the caller.
 */
import { checkWeightInit, toUpdateParams } from '../../engine/checks.ts';
import { ConfigError } from '../../engine/config-error.ts';
import type { GpuEngine } from '../../engine/gpu/gpu-engine.ts';
import type { Engine, EngineOptions, Regulariser, Snapshot, UpdateParams, WeightInit } from '../../engine/types.ts';
import { nearZeroMethod, type NearZeroMethod } from '../near-zero.ts';
import { snapshotAt } from '../snapshot-at.ts';
import { runLabel } from '../walkthrough.ts';
import type { RegressionBackend } from './backend.ts';
import { CpuRegression } from './cpu-regression.ts';
import { DatasetProblem } from './dataset-problem.ts';
import { DatasetRegression } from './dataset-regression.ts';
import { regressionMetrics, type RegressionMetrics } from './metrics.ts';
import { selectRows, type RegressionData, type RegressionProblem } from './problem.ts';
import { SampleOrder } from './sample-order.ts';
import { batchSize } from './settings.ts';

export const MAX_STEPS = 1_000_000_000;
/** Steps queued on the engine before the driver waits for them (bounds the GPU's queue). */
const IN_FLIGHT = 8;

export interface RegressionRunSettings {
  regulariser: Regulariser;
  steps: number;
  /** A snapshot every this many steps, and always after the last. */
  snapshotEvery: number;
  /** Near-zero threshold: |w| < ε counts as near zero. */
  epsilon: number;
  /**
   * Starting weights: drawn symmetric in [−initScale, initScale) from the problem's seed (the
   * engine's own init, so both engines start from the same bits), or all 0 when 0.
   */
  initScale: number;
}

/** Where a resumed run starts: a checkpoint's weights (one per feature) and its step count. */
export interface ResumePoint {
  weights: Float32Array;
  step: number;
}

/** How fast the steps since the previous snapshot went (time inside `advance`). */
export interface RegressionRate {
  stepsPerSecond: number;
  /** Weights updated per second: steps/s × features. */
  parametersPerSecond: number;
}

export interface RegressionFrame {
  step: number;
  /** On snapshot steps (always at step 0 and after the last step). */
  metrics: RegressionMetrics | null;
  /** On snapshot steps after step 0. */
  rate: RegressionRate | null;
}

export interface RegressionResult {
  /** The rule, with `+l2` for elastic net. */
  label: string;
  regulariser: Regulariser;
  params: UpdateParams;
  /** Steps taken by this run (after the resume point, if any). */
  steps: number;
  initial: RegressionMetrics;
  final: RegressionMetrics;
  nearZero: NearZeroMethod;
  /** Steps over the time spent inside `advance` (gradient, update, and the snapshots' metrics). */
  stepsPerSecond: number;
}

function weightInit(problem: RegressionData, initScale: number): WeightInit {
  // A zero start is written over a draw: the engine's init needs a scale > 0.
  return { kind: 'symmetric', scale: initScale > 0 ? initScale : 1, seed: problem.settings.seed };
}

/** What to create the engine with (`createCpuEngine`, `createEngine`, `createGpuEngine`). */
export function regressionEngineOptions(problem: RegressionData, initScale: number): EngineOptions {
  return { paramCount: problem.features, init: weightInit(problem, initScale) };
}

/** Throws `ConfigError` naming the first bad setting; returns the update parameters. */
export function checkRegressionRun(settings: RegressionRunSettings): UpdateParams {
  const params = toUpdateParams(settings.regulariser);
  for (const field of ['steps', 'snapshotEvery'] as const) {
    const value = settings[field];
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_STEPS) {
      throw new ConfigError(field, value, `a whole number from 1 to ${MAX_STEPS.toLocaleString('en-US')}`);
    }
  }
  if (typeof settings.epsilon !== 'number' || !Number.isFinite(settings.epsilon) || settings.epsilon <= 0) {
    throw new ConfigError('epsilon', settings.epsilon, 'a finite number > 0');
  }
  const { initScale } = settings;
  if (typeof initScale !== 'number' || !Number.isFinite(initScale) || initScale < 0 || initScale > 3e38) {
    throw new ConfigError('initScale', initScale, 'a finite number from 0 to 3e38 (0 starts every weight at 0)');
  }
  return params;
}

/**
 * The sums for this engine and data: for generated data, WGSL kernels on a WebGPU engine
 * (loaded only then), else CPU loops; for a dataset, dense CPU sums on any engine.
 */
export async function regressionBackend(engine: Engine, problem: RegressionProblem | DatasetProblem): Promise<RegressionBackend> {
  if (problem instanceof DatasetProblem) return new DatasetRegression(engine, problem);
  if (engine.kind === 'webgpu') {
    const { GpuRegression } = await import('./gpu/gpu-regression.ts');
    return GpuRegression.create(engine as GpuEngine, problem);
  }
  return new CpuRegression(engine, problem);
}

/** Zeros written at a time, so a large d does not need a second d-long array. */
const ZERO_CHUNK = 1 << 20;

/** One regression run on one engine. Create with `RegressionRun.start`; call `advance` `steps` times. */
export class RegressionRun {
  readonly problem: RegressionData;
  readonly settings: RegressionRunSettings;
  readonly params: UpdateParams;
  readonly label: string;
  readonly nearZero: NearZeroMethod;
  /** Metrics of the starting weights. */
  initial!: RegressionMetrics;

  readonly #engine: Engine;
  readonly #backend: RegressionBackend;
  readonly #order: SampleOrder;
  #snapshot: Snapshot | null = null;
  #last: RegressionMetrics | null = null;
  #unsubscribe: () => void = () => undefined;
  /** The step the run started from: 0, or a resumed checkpoint's. */
  readonly #first: number;
  #step: number;
  #busyMs = 0;
  /** Time and steps since the previous snapshot, for the snapshot's rate. */
  #sinceSnapshot = { ms: 0, steps: 0 };

  private constructor(engine: Engine, backend: RegressionBackend, problem: RegressionData, settings: RegressionRunSettings, params: UpdateParams, first: number) {
    this.#engine = engine;
    this.#first = first;
    this.#step = first;
    this.#backend = backend;
    this.problem = problem;
    this.settings = settings;
    this.params = params;
    this.label = runLabel(settings.regulariser);
    this.nearZero = nearZeroMethod(settings.epsilon, false);
    this.#order = new SampleOrder(problem.settings.samples, batchSize(problem.settings), problem.settings.seed);
  }

  /**
   * Sets the engine up (starting weights, engine step count 0) and computes the metrics of the
   * start: step 0, or the resume point's step with its weights. The engine must hold one weight
   * per feature; the run owns the GPU buffers it creates until `destroy` (or the last step).
   */
  static async start(engine: Engine, problem: RegressionProblem | DatasetProblem, settings: RegressionRunSettings, from?: ResumePoint): Promise<RegressionRun> {
    const params = checkRegressionRun(settings);
    if (engine.paramCount !== problem.features) {
      throw new ConfigError('paramCount', engine.paramCount, `${problem.features} (one weight per feature); create the engine with regressionEngineOptions`);
    }
    checkWeightInit(weightInit(problem, settings.initScale));
    if (from) checkResumePoint(from, problem.features);
    const run = new RegressionRun(engine, await regressionBackend(engine, problem), problem, settings, params, from?.step ?? 0);
    run.#unsubscribe = engine.onSnapshot((snapshot) => {
      run.#snapshot = snapshot;
    });
    engine.initWeights(weightInit(problem, settings.initScale));
    if (from) {
      engine.writeWeights(from.weights);
    } else if (settings.initScale === 0) {
      const zeros = new Float32Array(Math.min(ZERO_CHUNK, problem.features));
      for (let offset = 0; offset < problem.features; offset += zeros.length) {
        engine.writeWeights(zeros.subarray(0, Math.min(zeros.length, problem.features - offset)), offset);
      }
    }
    engine.requestSnapshot();
    run.initial = await run.#metrics();
    return run;
  }

  get step(): number {
    return this.#step;
  }

  get done(): boolean {
    return this.#step >= this.#first + this.settings.steps;
  }

  /** One step; resolves once it is queued, or with the metrics on snapshot steps. */
  async advance(): Promise<RegressionFrame> {
    if (this.done) throw new Error(`regression ${this.label}: all ${this.settings.steps} steps were taken`);
    const started = performance.now();
    const rows = this.#order.full ? this.problem.train : selectRows(this.problem.train, this.#order.batchAt(this.#step));
    this.#step += 1;
    await this.#backend.writeGradient(rows);
    const snapshot = this.#step % this.settings.snapshotEvery === 0 || this.done;
    this.#engine.step(this.params, { snapshot });
    let metrics: RegressionMetrics | null = null;
    if (snapshot) metrics = await this.#metrics();
    else if (this.#step % IN_FLIGHT === 0) await this.#engine.settled();
    const spent = performance.now() - started;
    this.#busyMs += spent;
    this.#sinceSnapshot.ms += spent;
    this.#sinceSnapshot.steps += 1;
    let rate: RegressionRate | null = null;
    if (metrics) {
      const { ms, steps } = this.#sinceSnapshot;
      const stepsPerSecond = ms > 0 ? steps / (ms / 1000) : Infinity;
      rate = { stepsPerSecond, parametersPerSecond: stepsPerSecond * this.problem.features };
      this.#sinceSnapshot = { ms: 0, steps: 0 };
    }
    if (this.done) this.destroy();
    return { step: this.#step, metrics, rate };
  }

  /** The outcome; call after the last `advance`. */
  result(): RegressionResult {
    if (!this.done || !this.#last) throw new Error(`regression ${this.label}: result() before the last step`);
    return {
      label: this.label,
      regulariser: this.settings.regulariser,
      params: this.params,
      steps: this.settings.steps,
      initial: this.initial,
      final: this.#last,
      nearZero: this.nearZero,
      stepsPerSecond: this.#busyMs > 0 ? this.settings.steps / (this.#busyMs / 1000) : Infinity,
    };
  }

  /** Frees the run's own buffers (not the engine); the last step does it too. */
  destroy(): void {
    this.#unsubscribe();
    this.#backend.destroy();
  }

  async #metrics(): Promise<RegressionMetrics> {
    // The engine counts its steps from the start of this run.
    const snapshot = await snapshotAt(this.#engine, this.#step - this.#first, () => this.#snapshot, `regression ${this.label}`);
    const { train, test } = await this.#backend.residuals();
    const { truth } = this.problem;
    const supportWeights = truth ? await this.#backend.gather(truth.indices) : new Float32Array(0);
    this.#last = regressionMetrics(
      {
        snapshot,
        supportWeights,
        truth,
        trainResiduals: train,
        testResiduals: test,
        regulariser: this.settings.regulariser,
        epsilon: this.settings.epsilon,
      },
      this.#step,
    );
    return this.#last;
  }
}

function checkResumePoint(from: ResumePoint, features: number): void {
  if (!(from.weights instanceof Float32Array) || from.weights.length !== features) {
    const got = from.weights instanceof Float32Array ? `${from.weights.length} weights` : typeof from.weights;
    throw new ConfigError('resume.weights', got, `${features} weights, one per feature of this problem`);
  }
  if (!Number.isSafeInteger(from.step) || from.step < 0) throw new ConfigError('resume.step', from.step, 'a whole number ≥ 0');
}

/** Runs every step on one engine; `onFrame` sees step 0 and every step after it. */
export async function runRegression(
  engine: Engine,
  problem: RegressionProblem | DatasetProblem,
  settings: RegressionRunSettings,
  onFrame?: (frame: RegressionFrame) => void,
): Promise<RegressionResult> {
  const run = await RegressionRun.start(engine, problem, settings);
  try {
    onFrame?.({ step: 0, metrics: run.initial, rate: null });
    while (!run.done) {
      // Not `onFrame?.(await run.advance())`: without onFrame, that skips the step and never ends.
      const frame = await run.advance();
      onFrame?.(frame);
    }
    return run.result();
  } finally {
    run.destroy();
  }
}
