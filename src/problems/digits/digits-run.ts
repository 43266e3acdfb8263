/**
 * Digit classification as a driver over engines: one or more runs of one network on the same
 * digits, advanced in lockstep on one device (the CPU, or one WebGPU device), so that they
 * share the data stream (the same minibatch at every step, drawn from the seed), the starting
 * weights (drawn from the seed) and the biases' start (0): every difference between the runs
 * comes from their regulariser. A group may instead start from given weights and biases per
 * run (a checkpoint's, digits-checkpoint.ts). Each step, for every run, the backend puts ∂E/∂W at the run's
 * current weights into its engine's gradient and steps its biases; then each engine's `step`
 * applies the run's rule to the weights. Every `snapshotEvery` steps, at step 0 and after the
 * last step, every run gets the metrics of metrics.ts.
 *
 * E is the mean loss per digit of the minibatch (loss.ts): λ here is m times the notebook's
 * for its sum E0 over m digits, and the per-step amounts ηλ1, ηλ2 are the engine's.
 *
 * Not here: creating engines (the caller makes one per run, with `digitsEngineOptions`, all on
 * one device), loading the digits (load-node.ts, load-browser.ts), printing.
 */
import { toUpdateParams } from '../../engine/checks.ts';
import { ConfigError } from '../../engine/config-error.ts';
import type { GpuEngine } from '../../engine/gpu/gpu-engine.ts';
import type { Engine, Regulariser, Snapshot, UpdateParams } from '../../engine/types.ts';
import { SampleOrder } from '../regression/sample-order.ts';
import { snapshotAt } from '../snapshot-at.ts';
import { runLabel } from '../walkthrough.ts';
import { IMAGE_PIXELS } from './asset-format.ts';
import type { DigitsBackend } from './backend.ts';
import { CpuDigits } from './cpu-digits.ts';
import { digitsCheckpointSettings, joinBiases, splitBiases, type DigitsStart, type SavedRun } from './digits-checkpoint.ts';
import type { DigitsData } from './dataset.ts';
import { digitsMetrics, type DigitsMetrics } from './metrics.ts';
import { Network, writeStartingWeights } from './network.ts';
import { checkDigitsSettings, type DigitsSettings } from './settings.ts';

/** Runs in one lockstep group: the command line's `--runs` lists a handful. */
export const MAX_RUNS = 8;
/** Steps queued on the engines before the driver waits for them (bounds the GPU's queue). */
const IN_FLIGHT = 4;

export interface DigitsRunInfo {
  /** The rule, with `+l2` for elastic net. */
  label: string;
  regulariser: Regulariser;
  params: UpdateParams;
}

export interface DigitsFrame {
  step: number;
  epoch: number;
  /** One entry per run, on snapshot steps (always at step 0 and after the last step). */
  metrics: DigitsMetrics[] | null;
}

export interface DigitsRunResult extends DigitsRunInfo {
  initial: DigitsMetrics;
  final: DigitsMetrics;
}

export interface DigitsResult {
  /** 784-256-10 */
  network: string;
  paramCount: number;
  biasCount: number;
  steps: number;
  runs: DigitsRunResult[];
  /** Lockstep steps over the time spent training (snapshot metrics excluded). */
  stepsPerSecond: number;
  /** Weights updated per second by the whole group. */
  parametersPerSecond: number;
}

/** Steps for `epochs` passes over `trainCount` digits, `batch` at a time. */
export function stepsFor(settings: Pick<DigitsSettings, 'epochs' | 'batch'>, trainCount: number): number {
  return Math.ceil((settings.epochs * trainCount) / settings.batch);
}

/** The backend for these engines: WGSL kernels on one WebGPU device (loaded only then), else CPU loops. */
async function backendFor(engines: readonly Engine[], params: readonly UpdateParams[], network: Network, data: DigitsData, settings: DigitsSettings): Promise<DigitsBackend> {
  const lrs = params.map((p) => p.lr);
  if (engines[0]!.kind === 'webgpu') {
    const { GpuDigits } = await import('./gpu/gpu-digits.ts');
    return GpuDigits.create(engines as readonly GpuEngine[], lrs, network, data, settings.loss, settings.batch);
  }
  return new CpuDigits(engines, lrs, network, data, settings.loss, settings.batch);
}

/** Throws `ConfigError` naming the first thing wrong with a group's setup. */
function checkGroup(engines: readonly Engine[], regularisers: readonly Regulariser[], network: Network, data: DigitsData, settings: DigitsSettings): UpdateParams[] {
  if (regularisers.length < 1 || regularisers.length > MAX_RUNS) {
    throw new ConfigError('runs', regularisers.map(runLabel), `1 to ${MAX_RUNS} regularisers, one per run`);
  }
  const params = regularisers.map((r) => toUpdateParams(r));
  if (engines.length !== regularisers.length) throw new ConfigError('engines', engines.length, `one engine per run (${regularisers.length})`);
  for (const engine of engines) {
    if (engine.paramCount !== network.paramCount) {
      throw new ConfigError('paramCount', engine.paramCount, `${network.paramCount} (the weights of ${network.name}); create each engine with digitsEngineOptions`);
    }
  }
  const kinds = new Set(engines.map((e) => e.kind));
  if (kinds.size > 1) throw new ConfigError('engines', [...kinds], 'engines of one kind: lockstep runs share one device');
  if (kinds.has('webgpu') && new Set(engines.map((e) => (e as GpuEngine).device)).size > 1) {
    throw new ConfigError('engines', `${engines.length} WebGPU engines on different devices`, 'engines on one device (create them with the same `device`)');
  }
  if (data.train.length < 1) throw new ConfigError('digits file count', data.count, 'enough digits for a training set (5 or more)');
  if (settings.batch > data.train.length) {
    throw new ConfigError('batch', settings.batch, `a whole number from 1 to ${data.train.length.toLocaleString('en-US')} (the training digits)`);
  }
  return params;
}

/** Throws `ConfigError` unless there is one start per run, each of the network's weight and bias counts. */
function checkStarts(from: readonly DigitsStart[], network: Network, runs: number): void {
  if (from.length !== runs) throw new ConfigError('from', from.length, `one starting point per run (${runs})`);
  for (const { weights, biases } of from) {
    if (weights.length !== network.paramCount) throw new ConfigError('weights', weights.length, `${network.paramCount}, the weights of ${network.name}`);
    if (biases.length !== network.biasCount) throw new ConfigError('biases', biases.length, `${network.biasCount}, the biases of ${network.name}`);
  }
}

/** A lockstep group of digits runs. Create with `DigitsLockstep.start`; call `advance` until `done`. */
export class DigitsLockstep {
  readonly network: Network;
  readonly settings: DigitsSettings;
  /** Each run's rule and amounts as it started; `paramsOf` gives what the steps now use. */
  readonly runs: readonly DigitsRunInfo[];
  readonly totalSteps: number;
  /** Per run: the metrics of the starting weights. */
  initial!: DigitsMetrics[];

  readonly #engines: readonly Engine[];
  readonly #data: DigitsData;
  readonly #backend: DigitsBackend;
  readonly #order: SampleOrder;
  readonly #latest: (Snapshot | null)[];
  #last: DigitsMetrics[] | null = null;
  #unsubscribe: (() => void)[] = [];
  /** The update each run's engine takes: its starting params until `setParams` changes them. */
  readonly #params: UpdateParams[];
  #step = 0;
  /** The last step or read asked for: the next waits for it. */
  #turn: Promise<unknown> = Promise.resolve();
  /** Training time since the last snapshot, and in all. */
  #sinceSnapshotMs = 0;
  #stepsSinceSnapshot = 0;
  #trainingMs = 0;

  private constructor(engines: readonly Engine[], data: DigitsData, settings: DigitsSettings, network: Network, runs: DigitsRunInfo[], backend: DigitsBackend) {
    this.#engines = engines;
    this.#data = data;
    this.settings = settings;
    this.network = network;
    this.runs = runs;
    this.#params = runs.map((run) => run.params);
    this.#backend = backend;
    this.totalSteps = stepsFor(settings, data.train.length);
    this.#order = new SampleOrder(data.train.length, settings.batch, settings.seed);
    this.#latest = engines.map(() => null);
  }

  /**
   * Checks everything, writes every engine's starting weights (identical across runs, or
   * `from[r]`'s weights and biases: a checkpoint's), and computes the step-0 metrics.
   * `regularisers[r]` is run r's, on `engines[r]`.
   */
  static async start(engines: readonly Engine[], data: DigitsData, settings: DigitsSettings, regularisers: readonly Regulariser[], from?: readonly DigitsStart[]): Promise<DigitsLockstep> {
    checkDigitsSettings(settings);
    const network = Network.of(settings.hidden);
    const params = checkGroup(engines, regularisers, network, data, settings);
    if (from) checkStarts(from, network, regularisers.length);
    const runs = regularisers.map((regulariser, r) => ({ label: runLabel(regulariser), regulariser, params: params[r]! }));
    const backend = await backendFor(engines, params, network, data, settings);
    const group = new DigitsLockstep(engines, data, { ...settings, hidden: [...settings.hidden] }, network, runs, backend);
    try {
      engines.forEach((engine, r) => {
        group.#unsubscribe.push(engine.onSnapshot((snapshot) => (group.#latest[r] = snapshot)));
        // initWeights resets the step count; the layers' own scales are written over its draw.
        engine.initWeights({ kind: 'symmetric', scale: 1, seed: settings.seed });
        if (from) engine.writeWeights(from[r]!.weights);
        else writeStartingWeights(engine, network, settings.seed);
        engine.requestSnapshot();
      });
      if (from) backend.writeBiases(from.map((start) => splitBiases(network, start.biases)));
      group.initial = await group.#metrics();
    } catch (error) {
      group.destroy();
      throw error;
    }
    return group;
  }

  get step(): number {
    return this.#step;
  }

  get epoch(): number {
    return (this.#step * this.settings.batch) / this.#data.train.length;
  }

  /** The update run `run` takes from the next step. */
  paramsOf(run: number): UpdateParams {
    return this.#params[this.#checkRun(run)]!;
  }

  /**
   * Changes run `run`'s rule form and amounts (ηλ1, ηλ2) from the next step, as the page's
   * other problems allow mid-run; `params` as `toUpdateParams` makes them. η stays the run's
   * own: its biases step with the η it started with, so a new η needs a new group.
   */
  setParams(run: number, params: UpdateParams): void {
    const started = this.runs[this.#checkRun(run)]!.params;
    if (params.lr !== started.lr) throw new ConfigError('lr', params.lr, `the η this run started with, ${started.lr} (a new η needs a new group)`);
    this.#params[run] = params;
  }

  #checkRun(run: number): number {
    if (!Number.isSafeInteger(run) || run < 0 || run >= this.runs.length) throw new ConfigError('run', run, `a run from 0 to ${this.runs.length - 1}`);
    return run;
  }

  get done(): boolean {
    return this.#step >= this.totalSteps;
  }

  /** One lockstep step; resolves once it is queued, or with every run's metrics on snapshot steps. */
  advance(): Promise<DigitsFrame> {
    return this.#inTurn(() => this.#advance());
  }

  /**
   * What a checkpoint of run `run` holds (digits-checkpoint.ts): its weights and biases once the
   * step under way is done, the steps taken, and the settings that name the network.
   */
  savedRun(run: number): Promise<SavedRun> {
    this.#checkRun(run);
    return this.#inTurn(async () => {
      // Both reads are queued behind the same steps, before the next can start.
      const [weights, biases] = await Promise.all([this.#engines[run]!.readWeights(), this.#backend.readBiases()]);
      return { step: this.#step, weights, biases: joinBiases(biases[run]!), settings: digitsCheckpointSettings(this.settings) };
    });
  }

  /** Runs `work` after the steps and reads asked for before it: a read never sees half a step. */
  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#turn.then(work);
    this.#turn = result.catch(() => undefined);
    return result;
  }

  async #advance(): Promise<DigitsFrame> {
    if (this.done) throw new Error(`digits: all ${this.totalSteps} steps were taken`);
    const started = performance.now();
    const positions = this.#order.batchAt(this.#step);
    const batch = positions.map((p) => this.#data.train[p]!);
    await this.#backend.trainStep(batch);
    this.#step += 1;
    const snapshot = this.#step % this.settings.snapshotEvery === 0 || this.done;
    this.#engines.forEach((engine, r) => engine.step(this.#params[r]!, { snapshot }));
    if (snapshot || this.#step % IN_FLIGHT === 0) await Promise.all(this.#engines.map((e) => e.settled()));
    const elapsed = performance.now() - started;
    this.#sinceSnapshotMs += elapsed;
    this.#trainingMs += elapsed;
    this.#stepsSinceSnapshot += 1;
    const metrics = snapshot ? await this.#metrics() : null;
    return { step: this.#step, epoch: this.epoch, metrics };
  }

  /**
   * The first layer's weights into hidden units firstUnit … firstUnit + count − 1 of run `run`,
   * one 784-long image (28 rows of 28, as the pixels) per unit.
   */
  async firstLayerImages(run: number, firstUnit = 0, count = this.network.layers[0]!.outputs - firstUnit): Promise<Float32Array[]> {
    if (!Number.isSafeInteger(run) || run < 0 || run >= this.runs.length) throw new ConfigError('run', run, `a whole number from 0 to ${this.runs.length - 1}`);
    const units = this.network.layers[0]!.outputs;
    if (!Number.isSafeInteger(firstUnit) || firstUnit < 0 || firstUnit >= units) throw new ConfigError('firstUnit', firstUnit, `a whole number from 0 to ${units - 1}`);
    if (!Number.isSafeInteger(count) || count < 1 || firstUnit + count > units) throw new ConfigError('count', count, `a whole number from 1 to ${units - firstUnit}`);
    const weights = await this.#engines[run]!.readWeights(this.network.layers[0]!.offset + firstUnit * IMAGE_PIXELS, count * IMAGE_PIXELS);
    return Array.from({ length: count }, (_, u) => weights.subarray(u * IMAGE_PIXELS, (u + 1) * IMAGE_PIXELS));
  }

  /** Per run, per layer: the biases (for checkpoints and tests). */
  readBiases(): Promise<Float32Array[][]> {
    return this.#backend.readBiases();
  }

  /** The outcome; call after the last `advance`. */
  result(): DigitsResult {
    if (!this.done || !this.#last) throw new Error('digits: result() before the last step');
    const stepsPerSecond = this.#trainingMs > 0 ? this.totalSteps / (this.#trainingMs / 1000) : Infinity;
    return {
      network: this.network.name,
      paramCount: this.network.paramCount,
      biasCount: this.network.biasCount,
      steps: this.totalSteps,
      runs: this.runs.map((run, r) => ({ ...run, initial: this.initial[r]!, final: this.#last![r]! })),
      stepsPerSecond,
      parametersPerSecond: stepsPerSecond * this.network.paramCount * this.runs.length,
    };
  }

  /** Frees the group's own buffers and listeners (not the engines). */
  destroy(): void {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#backend.destroy();
  }

  async #metrics(): Promise<DigitsMetrics[]> {
    const snapshots = await Promise.all(this.#engines.map((engine, r) => snapshotAt(engine, this.#step, () => this.#latest[r]!, `digits ${this.runs[r]!.label}`)));
    const training = await this.#backend.takeTrainingScores();
    const heldOut = await this.#backend.evaluate('heldOut');
    const counts = await this.#backend.layerCounts(this.settings.epsilon);
    const stepsPerSecond = this.#step === 0 ? null : this.#stepsSinceSnapshot / (this.#sinceSnapshotMs / 1000);
    this.#sinceSnapshotMs = 0;
    this.#stepsSinceSnapshot = 0;
    this.#last = this.runs.map((_, r) =>
      digitsMetrics({
        network: this.network,
        step: this.#step,
        epoch: this.epoch,
        snapshot: snapshots[r]!,
        training: training[r]!,
        heldOut: heldOut[r]!,
        counts: counts[r]!,
        stepsPerSecond,
        runs: this.runs.length,
      }),
    );
    return this.#last;
  }
}

export interface RunDigitsOptions {
  /** Per run, where it starts (a checkpoint's weights and biases); else from the seed. */
  from?: readonly DigitsStart[];
  /** Read every run as a checkpoint holds it after the last step (`saved` in the result). */
  save?: boolean;
}

/**
 * Runs every step of a lockstep group; `onFrame` sees step 0 and every step after it. With
 * `save`, the result carries each run's weights and biases at the end (the biases are the
 * group's, freed when it returns).
 */
export async function runDigits(
  engines: readonly Engine[],
  data: DigitsData,
  settings: DigitsSettings,
  regularisers: readonly Regulariser[],
  onFrame?: (frame: DigitsFrame) => void,
  options: RunDigitsOptions = {},
): Promise<DigitsResult & { saved: SavedRun[] | null }> {
  const group = await DigitsLockstep.start(engines, data, settings, regularisers, options.from);
  try {
    onFrame?.({ step: 0, epoch: 0, metrics: group.initial });
    while (!group.done) {
      // Not `onFrame?.(await group.advance())`: with no listener that skips its argument, and the step.
      const frame = await group.advance();
      onFrame?.(frame);
    }
    const saved = options.save ? await Promise.all(engines.map((_, r) => group.savedRun(r))) : null;
    return { ...group.result(), saved };
  } finally {
    group.destroy();
  }
}
