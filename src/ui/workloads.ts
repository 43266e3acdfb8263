/**
 * What a session's runs compute, per problem, as the lockstep loop and the mediator need it:
 * the weights every run starts from, η's suggestion, the truth (for support F1 and the
 * scatter's colours), how often the losses are worth measuring, and per run (one engine) a
 * hook that writes the gradient before each step, one that reads what the losses need after
 * a step, and one that reads a sample of weights for the scatter.
 *
 * Reads and the order of work: a read must see the weights of the step it is taken after.
 * On a WebGPU engine every read is queued at the call, in queue order with the steps, so the
 * loop goes on stepping at once; so it is on a CPU engine in a worker (cpu-worker/), whose
 * sums run in the worker, one call after another. On a CPU engine on the page's thread the
 * regression's sums read chunk by chunk across awaits, so a run holds its next gradient until
 * those reads are done (CPU work is synchronous there anyway: the wait costs no throughput).
 *
 * Not here: the maths (src/problems/), stepping (training-loop.ts),
 * shaping what is read into chart rows (metrics-history.ts).
 */
import type { Dataset } from '../data/dataset.ts';
import type { Engine, WeightInit } from '../engine/types.ts';
import type { SavedRun } from '../problems/digits/digits-checkpoint.ts';
import {
  batchSize,
  DatasetProblem,
  datasetStepSize,
  regressionBackend,
  RegressionProblem,
  SampleOrder,
  selectRows,
  standardiseDataset,
  suggestedStepSize,
  type RegressionBackend,
  type Truth,
} from '../problems/regression/index.ts';
import type { CheckpointStart } from './checkpoint-load.ts';
import { WorkerEngine } from './cpu-worker/worker-engine.ts';
import { WorkerRegression } from './cpu-worker/worker-regression.ts';
import type { ProblemId } from './problems.ts';
import type { Settings } from './settings.ts';
import type { TrainingLoop, TrainingLoopOptions } from './training-loop.ts';

/** What the page asks of a session's loop: TrainingLoop, or a problem's own (digits-loop.ts). */
export type SessionLoop = Pick<TrainingLoop, 'start' | 'pause' | 'stepOnce' | 'requestSnapshot' | 'dispose' | 'stepCount' | 'running'> & {
  /** A loop whose runs hold more than their weights (digits: the biases): what a checkpoint of run `run` holds. */
  savedRun?(run: number): Promise<SavedRun>;
};

/** What the losses and support F1 of one step are computed from (with that step's snapshot). */
export interface Measurement {
  step: number;
  trainResiduals: Float32Array;
  testResiduals: Float32Array;
  /** The weights on the truth's support, in `truth.indices` order; null without a truth. */
  supportWeights: Float32Array | null;
}

export interface RunWorkload {
  /** Before the step that starts at `step` steps: writes its gradient. A promise: the loop waits for it. */
  prepare(step: number): Promise<void> | undefined;
  /** Reads what the metrics need at the current weights (after `step` steps). */
  measure(step: number): Promise<Measurement>;
  /** The scatter's sample at the current weights: weights [0, count), then the truth's support. */
  sample(count: number): Promise<Float32Array>;
  destroy(): void;
}

export interface Workload {
  id: ProblemId;
  paramCount: number;
  init: WeightInit;
  /** η when the settings leave it empty. */
  suggestedLr: number;
  truth: Truth | null;
  /** Steps between two measurements (0: the problem has no loss). */
  measureEvery: number;
  /** One line on the data, for the page. */
  summary: string;
  createRun(engine: Engine): Promise<RunWorkload>;
  /**
   * A problem that drives its engines itself (digits) makes its own loop, after the engines'
   * weights are drawn, calling the same callbacks as TrainingLoop, and writes its own starting
   * point (`start`, a checkpoint's, when given); without it the page runs a TrainingLoop over
   * the runs.
   */
  createLoop?(engines: readonly Engine[], options: TrainingLoopOptions, start: CheckpointStart | null): Promise<SessionLoop>;
}

/**
 * The share of the step work that measuring may take: a measurement predicts every training
 * and held-out row again, about as much as a step, so it is taken every 1/budget steps' worth
 * of that cost (training at charts-on speed stays within the page's 90% target). At 4% the
 * charts-on page trained at 89.9–95.2% of the charts-off one on SwiftShader, where drawing
 * shares the cores too (README, "Throughput"); 2% keeps a margin, and still gives a loss
 * point every 50 demo steps (about 2 s on the CPU fallback).
 */
export const MEASURE_BUDGET = 0.02;
/** Sparse recovery holds out as many samples as it trains on. */
const HELD_OUT_PER_SAMPLE = 1;
/** A loaded table holds out a fifth of its rows (picked by the seed's hash). */
const HELD_OUT_FRACTION = 0.2;
/**
 * The demo's weights start uniform in ±(INIT_L1_STEPS·η·λ1) for the default λ1 = 1, so a
 * proximal L1 run zeroes them over about that many steps, visibly, while L2 never does.
 */
export const INIT_L1_STEPS = 5;
const REFERENCE_L1 = 1;

const concat = (a: Float32Array, b: Float32Array): Float32Array => {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** Steps between measurements costing `rowsMeasured` predictions against `rowsPerStep` × 2 per step. */
export function measureInterval(rowsMeasured: number, rowsPerStep: number): number {
  return Math.max(1, Math.ceil(rowsMeasured / (2 * rowsPerStep) / MEASURE_BUDGET));
}

/** A run with no work of its own between steps: nothing to measure (`why` says so), weights [0, count) for the scatter. */
export function weightsOnlyRun(engine: Engine, why: string): RunWorkload {
  return {
    prepare: () => undefined,
    measure: () => Promise.reject(new Error(why)),
    sample: (count) => engine.readWeights(0, Math.min(count, engine.paramCount)),
    destroy: () => undefined,
  };
}

/** The penalty alone: weights in (0, 1), gradient 0, nothing to measure but the snapshot. */
export function walkthroughWorkload(paramCount: number, seed: number): Workload {
  return {
    id: 'walkthrough',
    paramCount,
    init: { kind: 'positive', scale: 1, seed },
    suggestedLr: 1,
    truth: null,
    measureEvery: 0,
    summary: 'Weights drawn in (0, 1), gradient 0: only the penalty acts.',
    createRun: async (engine) => weightsOnlyRun(engine, 'the walkthrough has no loss'),
  };
}

/** A regression run over any backend: `gradient` writes the step's gradient. */
class RegressionRunWorkload implements RunWorkload {
  readonly #engine: Engine;
  readonly #backend: RegressionBackend;
  readonly #gradient: (step: number) => Promise<void>;
  readonly #truth: Truth | null;
  /** Whether reads and the gradient interleave across awaits here (the sums on the page's thread), so must wait for each other. */
  readonly #holdsReads: boolean;
  /** Reads still going that the next gradient must not overtake. */
  #reading: Promise<unknown> | null = null;

  constructor(engine: Engine, backend: RegressionBackend, gradient: (step: number) => Promise<void>, truth: Truth | null) {
    this.#engine = engine;
    this.#backend = backend;
    this.#gradient = gradient;
    this.#truth = truth;
    // A worker does calls one at a time, so holding the gradient back would only idle it.
    this.#holdsReads = engine.kind === 'cpu' && !(backend instanceof WorkerRegression);
  }

  prepare(step: number): Promise<void> {
    const reading = this.#reading;
    this.#reading = null;
    return reading ? reading.then(() => this.#gradient(step)) : this.#gradient(step);
  }

  measure(step: number): Promise<Measurement> {
    const residuals = this.#backend.residuals();
    const support = this.#truth ? this.#backend.gather(this.#truth.indices) : Promise.resolve(null);
    return this.#hold(Promise.all([residuals, support]).then(([r, s]) => ({ step, trainResiduals: r.train, testResiduals: r.test, supportWeights: s })));
  }

  sample(count: number): Promise<Float32Array> {
    const block = this.#engine.readWeights(0, Math.min(count, this.#engine.paramCount));
    const support = this.#truth ? this.#backend.gather(this.#truth.indices) : Promise.resolve(new Float32Array(0));
    return this.#hold(Promise.all([block, support]).then(([b, s]) => concat(b, s)));
  }

  destroy(): void {
    this.#backend.destroy();
  }

  #hold<T>(read: Promise<T>): Promise<T> {
    if (this.#holdsReads) {
      const before = this.#reading;
      this.#reading = Promise.all([before, read]).catch(() => undefined);
    }
    return read;
  }
}

/** Sparse recovery on hash-generated features, d = `paramCount` (checked by the problem). */
export function recoveryWorkload(settings: Pick<Settings, 'samples' | 'nonzeros' | 'noise' | 'batch' | 'seed'>, paramCount: number): Workload {
  const problem = RegressionProblem.create({
    features: paramCount,
    nonzeros: settings.nonzeros,
    samples: settings.samples,
    testSamples: settings.samples * HELD_OUT_PER_SAMPLE,
    noise: settings.noise,
    featureKind: 'gaussian',
    batch: settings.batch ?? 'full',
    seed: settings.seed,
  });
  const lr = suggestedStepSize(problem.settings);
  const m = batchSize(problem.settings);
  const { samples: n, testSamples, nonzeros: k, noise } = problem.settings;
  return {
    id: 'recovery',
    paramCount,
    init: { kind: 'symmetric', scale: INIT_L1_STEPS * lr * REFERENCE_L1, seed: settings.seed },
    suggestedLr: lr,
    truth: problem.truth,
    measureEvery: measureInterval(n + testSamples, m),
    summary:
      `y = w*·x + noise: ${paramCount.toLocaleString('en-US')} Gaussian features, ${k} of them in the truth w*, ` +
      `${n.toLocaleString('en-US')} training and ${testSamples.toLocaleString('en-US')} held-out samples, σ = ${noise}` +
      `${m === n ? ', full batch' : `, batches of ${m}`}.`,
    createRun: async (engine) => {
      // A CPU engine in a worker gets the sums there too (most of a step's work).
      const backend = engine instanceof WorkerEngine ? new WorkerRegression(engine, problem) : await regressionBackend(engine, problem);
      const order = new SampleOrder(n, m, settings.seed);
      const gradient = (step: number) => backend.writeGradient(order.full ? problem.train : selectRows(problem.train, order.batchAt(step)));
      return new RegressionRunWorkload(engine, backend, gradient, problem.truth);
    },
  };
}

/** Regression on a loaded table, standardised, a fifth of the rows held out by the seed's hash. */
export function datasetWorkload(dataset: Dataset, seed: number, referenceL1: number): Workload {
  const problem = DatasetProblem.create(standardiseDataset(dataset), {
    testSamples: Math.floor(dataset.sampleCount * HELD_OUT_FRACTION),
    batch: 'full',
    seed,
    heldOut: 'hashed',
  });
  const lr = datasetStepSize(problem);
  const { train, test } = problem;
  return {
    id: 'csv',
    paramCount: problem.features,
    init: { kind: 'symmetric', scale: INIT_L1_STEPS * lr * Math.max(referenceL1, 1e-3), seed },
    suggestedLr: lr,
    truth: null,
    measureEvery: measureInterval(train.count + test.count, train.count),
    summary:
      `Your table: ${problem.features.toLocaleString('en-US')} features predicting “${dataset.targetName}”, ` +
      `${train.count.toLocaleString('en-US')} training and ${test.count.toLocaleString('en-US')} held-out rows, ` +
      'features standardised and the target centred. No true weights are known, so there is no support F1.',
    createRun: async (engine) => {
      const backend = await regressionBackend(engine, problem);
      return new RegressionRunWorkload(engine, backend, () => backend.writeGradient(train), null);
    },
  };
}
