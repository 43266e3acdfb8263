/**
 * The page's loop for the digits problem: the problem's own lockstep driver (DigitsLockstep,
 * src/problems/digits/digits-run.ts, the one the command line and the tests use) advanced on
 * macrotasks, with the same controls as the other problems' TrainingLoop (start for some
 * steps or until paused, pause, one step, a snapshot now) and the same callbacks to the page
 * (every engine snapshot, every step), so the histogram, the heatmap, the zero charts and the
 * statistics work as for the other problems. On top, what only digits have: per run the
 * history of its metrics (accuracy, losses, per-layer zero fractions, taken every
 * `snapshotEvery` steps, as rows for the charts), and the first layer's weights of the first
 * few hidden units, read back at a bounded rate (digits-grid-data.ts: never every step, at
 * most one read in flight, each read queued between two steps so training never waits for it).
 *
 * Why a loop of its own: the driver takes each step itself (the gradient pass of every run,
 * then each engine's step). Before each step the loop hands it each run's current rule and
 * λ (`options.runs[r].params`, as the other problems' loop reads them), so those change
 * mid-run as elsewhere; η stays the one the group started with (the biases step with it), so
 * a new η applies on Reset, and the page says so.
 *
 * Not here: loading the digits and making the settings (digits-workload.ts), drawing.
 */
import type { Engine, Regulariser } from '../engine/types.ts';
import type { DigitsData } from '../problems/digits/dataset.ts';
import type { DigitsStart, SavedRun } from '../problems/digits/digits-checkpoint.ts';
import { DigitsLockstep, type DigitsFrame } from '../problems/digits/digits-run.ts';
import type { DigitsMetrics } from '../problems/digits/metrics.ts';
import type { Network } from '../problems/digits/network.ts';
import type { DigitsSettings } from '../problems/digits/settings.ts';
import { macrotaskQueue } from '../problems/macrotasks.ts';
import { DEFAULT_UNITS, gridReadDue } from './digits-grid-data.ts';
import { digitsRow, type DigitsRow } from './digits-rows.ts';
import { MetricsHistory } from './metrics-history.ts';
import { SLICE_MS, type TrainingLoopOptions } from './training-loop.ts';

/** Every run's first-layer images (one per hidden unit shown) at one step. */
export interface FirstLayer {
  step: number;
  /** Per run: 784-long images, unit 0 first. */
  images: Float32Array[][];
}

/** The loop last started on an engine: a new group on it waits until that loop's work is done. */
const owners = new WeakMap<Engine, DigitsLoop>();

export class DigitsLoop {
  readonly network: Network;
  readonly snapshotEvery: number;
  /** Per run, the metrics over steps. */
  readonly histories: MetricsHistory<DigitsRow>[];
  /** Per run, the latest metrics. */
  latest: DigitsMetrics[];
  firstLayer: FirstLayer | null = null;

  readonly #group: DigitsLockstep;
  readonly #engines: readonly Engine[];
  readonly #options: TrainingLoopOptions;
  readonly #listeners = new Set<() => void>();
  readonly #unsubscribe: (() => void)[];
  readonly #queue = macrotaskQueue();
  /** Steps and reads under way. */
  readonly #work = new Set<Promise<unknown>>();
  #units = DEFAULT_UNITS;
  #running = false;
  #scheduled = false;
  /** The step under way, if any: one at a time, whoever asked for it. */
  #current: Promise<boolean> | null = null;
  /** Bumped by start and pause: a slice from before stops instead of stepping beside a new one. */
  #epoch = 0;
  #until: number | null = null;
  #disposed = false;
  #reading = false;
  #lastRead: { time: number; step: number } | null = null;

  private constructor(group: DigitsLockstep, engines: readonly Engine[], options: TrainingLoopOptions) {
    this.#group = group;
    this.#engines = engines;
    this.#options = options;
    this.network = group.network;
    this.snapshotEvery = group.settings.snapshotEvery;
    this.histories = group.initial.map((metrics) => {
      const history = new MetricsHistory<DigitsRow>();
      history.add(digitsRow(metrics));
      return history;
    });
    this.latest = group.initial;
    this.#unsubscribe = engines.map((engine, r) => engine.onSnapshot((snapshot) => options.onSnapshot(snapshot, snapshot.step > 0, r)));
  }

  /**
   * Starts a group on `engines` (their earlier digits loop, if any, first finishes what it had
   * under way), writing its starting weights: the same for every run, or `from[r]`'s weights
   * and biases (a checkpoint's).
   */
  static async start(
    engines: readonly Engine[],
    data: DigitsData,
    settings: DigitsSettings,
    regularisers: readonly Regulariser[],
    options: TrainingLoopOptions,
    from?: readonly DigitsStart[],
  ): Promise<DigitsLoop> {
    await Promise.all(engines.map((engine) => owners.get(engine)?.idle()));
    const group = await DigitsLockstep.start(engines, data, settings, regularisers, from);
    const loop = new DigitsLoop(group, engines, options);
    for (const engine of engines) owners.set(engine, loop);
    return loop;
  }

  get stepCount(): number {
    return this.#group.step;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Hidden units whose images are read: at most the first layer's width. */
  get units(): number {
    return Math.min(this.#units, this.network.layers[0]!.outputs);
  }

  set units(units: number) {
    this.#units = units;
    this.#lastRead = null; // read the new number at once
    if (!this.#running) void this.idle().then(() => this.#read(true));
  }

  /** Calls `listener` when metrics or images are new; returns the unsubscribe. Images are read only while someone listens. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    if (!this.#running) void this.idle().then(() => this.#read(true));
    return () => this.#listeners.delete(listener);
  }

  start(steps: number | null): void {
    if (this.#disposed || this.#running) return;
    this.#until = steps === null ? null : this.stepCount + steps;
    this.#epoch++;
    this.#setRunning(true);
    this.#kick();
  }

  /** Stops after the step under way; the images are then read at the step it stopped at. */
  pause(): void {
    if (!this.#running) return;
    this.#epoch++;
    this.#setRunning(false);
    void this.idle().then(() => this.#read(true));
  }

  stepOnce(): void {
    if (this.#disposed || this.#running || this.#current) return;
    void this.#advance().then(() => this.#read(true));
  }

  /** Run `run`'s weights, biases, step and network settings, read between two steps: a checkpoint's contents. */
  savedRun(run: number): Promise<SavedRun> {
    return this.#track(this.#group.savedRun(run));
  }

  /** The statistics of the current weights from every engine. */
  requestSnapshot(): void {
    if (this.#disposed) return;
    for (const engine of this.#engines) engine.requestSnapshot();
  }

  /** Resolves once the steps and reads under way are done. */
  async idle(): Promise<void> {
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
  }

  /** Stops, stops listening, and frees the group's buffers once its work is done (not the engines). */
  dispose(): void {
    if (this.#disposed) return;
    this.#setRunning(false);
    this.#disposed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#listeners.clear();
    this.#queue.close();
    void this.idle().then(() => this.#group.destroy());
  }

  #setRunning(running: boolean): void {
    if (this.#running === running) return;
    this.#running = running;
    this.#options.onRunningChange?.(running);
  }

  /** The next slice in a later macrotask. */
  #kick(): void {
    if (this.#scheduled || !this.#running || this.#disposed) return;
    this.#scheduled = true;
    this.#queue.post(() => {
      this.#scheduled = false;
      void this.#slice();
    });
  }

  /** Steps for up to SLICE_MS, then yields to the page; stops if paused or started again meanwhile. */
  async #slice(): Promise<void> {
    const epoch = this.#epoch;
    const deadline = performance.now() + SLICE_MS;
    if (this.#current) await this.#current; // a Step pressed just before Start
    while (this.#running && !this.#disposed && epoch === this.#epoch) {
      if (this.#group.done || (this.#until !== null && this.stepCount >= this.#until)) {
        this.pause();
        return;
      }
      if (!(await this.#advance()) || epoch !== this.#epoch) return;
      this.#read(false);
      if (performance.now() >= deadline) {
        this.#kick();
        return;
      }
    }
  }

  /**
   * Each run's rule and λ as the page now has them. A run whose η was changed keeps all it
   * has until Reset: its amounts ηλ are of the new η.
   */
  #retune(): void {
    this.#options.runs.forEach((run, r) => {
      const now = run.params();
      const current = this.#group.paramsOf(r);
      if (now.lr !== current.lr) return;
      if (now.l1Form !== current.l1Form || now.l1Step !== current.l1Step || now.l2Decay !== current.l2Decay) this.#group.setParams(r, now);
    });
  }

  /** One lockstep step; false if it failed (the loop has stopped and the page was told) or the loop was disposed. */
  #advance(): Promise<boolean> {
    this.#retune();
    const step = this.#track(this.#group.advance()).then(
      (frame) => {
        if (this.#disposed) return false;
        this.#frame(frame);
        return true;
      },
      (error: unknown) => {
        if (!this.#disposed) {
          this.#setRunning(false);
          this.#options.onError?.(error);
        }
        return false;
      },
    );
    this.#current = step.finally(() => (this.#current = null));
    return this.#current;
  }

  #frame(frame: DigitsFrame): void {
    this.#options.onStep?.(frame.step, frame.metrics !== null);
    if (!frame.metrics) return;
    this.latest = frame.metrics;
    frame.metrics.forEach((metrics, r) => this.histories[r]!.add(digitsRow(metrics)));
    this.#notify();
  }

  /** Reads the first layer when due (or, with `now`, unless these weights were read already). */
  #read(now: boolean): void {
    if (this.#disposed || this.#listeners.size === 0) return;
    const step = this.stepCount;
    const time = performance.now();
    const due = now ? !this.#reading && this.#lastRead?.step !== step : gridReadDue(time, step, this.#lastRead, this.#reading);
    if (!due) return;
    this.#reading = true;
    this.#lastRead = { time, step };
    const units = this.units;
    const read = Promise.all(this.#group.runs.map((_, r) => this.#group.firstLayerImages(r, 0, units)));
    void this.#track(read)
      .then(
        (images) => {
          if (this.#disposed) return;
          this.firstLayer = { step, images };
          this.#notify();
        },
        () => undefined, // a read that fails (a lost device) leaves the last images; the step loop reports the loss
      )
      .finally(() => (this.#reading = false));
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#work.add(work);
    void work.catch(() => undefined).finally(() => this.#work.delete(work));
    return work;
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
