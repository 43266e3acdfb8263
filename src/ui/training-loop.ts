/**
 * The loop that steps the session's engines in lockstep while the page is open: every
 * step is taken on each run's engine in turn, with each run's own parameters, and a
 * snapshot is asked of all of them on the same steps. It is driven by macrotasks, not
 * requestAnimationFrame: hidden tabs stop rAF (DESIGN §7), and training should not stop
 * because a user switched tabs. Drawing is someone else's job; it happens on rAF with the
 * latest snapshot this loop hands out.
 *
 * Pacing, and why: `Engine.step` only queues work, so a loop that steps as fast as it can
 * would queue GPU work without bound (pause would then take seconds to bite). Snapshots
 * are the back-pressure: at most MAX_SNAPSHOTS_IN_FLIGHT are requested and not yet
 * delivered, and at most MAX_STEPS_BETWEEN_SNAPSHOTS steps go without one; past both, the
 * loop waits for a delivery. Queued work is therefore bounded by a few steps, snapshots
 * come as often as readback allows, and the engine's staging ring (3 buffers) is never
 * asked for more than it has, so no snapshot is dropped (`engine.droppedSnapshots` stays
 * 0; if an engine drops one anyway, it is not counted as in flight). With several runs the
 * count is per engine and the most loaded one sets the pace.
 *
 * That bounds queued work in steps, not in time: a step that takes seconds (a million
 * features on a software adapter) would queue a minute of work. So the loop also measures
 * how long a step takes, from the deliveries (steps advanced over time passed), and keeps no
 * more steps ahead of the last delivered snapshot than take about QUEUE_MS (at least
 * MIN_STEPS_AHEAD): a pause then bites within a step or two whatever a step costs.
 *
 * A run may need work before each step (a problem with a gradient writes it: workloads.ts).
 * When that work returns a promise the loop waits for it, between two steps, and goes on in
 * the same task; a pause, a reset or a Step press meanwhile is honoured before the step is
 * taken. Without it (the walkthrough) stepping stays synchronous.
 *
 * Not here: validation (settings.ts), engine choice (create-engine.ts), any DOM.
 */
import type { Engine, Snapshot, UpdateParams, WeightInit } from '../engine/types.ts';
import { macrotaskQueue, type MacrotaskQueue } from '../problems/macrotasks.ts';

/** Two of the ring's three staging buffers: one stays free for a Step press or a reset. */
export const MAX_SNAPSHOTS_IN_FLIGHT = 2;
/** Steps without a snapshot before the loop waits: bounds queued work and stale counts. */
export const MAX_STEPS_BETWEEN_SNAPSHOTS = 7;
/** Queued work aimed at, in time: steps ahead of the last delivery are capped to about this much. */
export const QUEUE_MS = 250;
/**
 * The same for CPU engines in workers (cpu-worker/): the page's thread feeds them, and on a
 * busy machine it is held up for hundreds of milliseconds at a time (a redraw waiting for a
 * core), so with a quarter of a second queued the workers ran dry and the charts-on page
 * trained at half the speed (`npm run bench:app -- --cpu`). A pause then bites within a second.
 */
export const WORKER_QUEUE_MS = 1_000;
/** Steps ahead of the last delivery that are always allowed (one running, one waiting). */
export const MIN_STEPS_AHEAD = 2;
/** The longest one macrotask steps for, so input and rendering stay responsive on the CPU engine. */
export const SLICE_MS = 12;

/** One run: an engine, and its parameters, read before every step so a changed rule or λ applies from the next step. */
export interface LoopRun {
  engine: Engine;
  params: () => UpdateParams;
  /** Before the step that starts at `step` steps (its gradient); a promise is waited for. */
  prepare?: (step: number) => Promise<void> | undefined;
}

export interface TrainingLoopOptions {
  /** Stepped in lockstep; the first run's step count is the loop's. */
  runs: readonly LoopRun[];
  /**
   * `run` is the index in `runs`; `afterStep` is false for a statistics-only snapshot
   * (initial, reset, pause): its became/left-zero counts are 0.
   */
  onSnapshot: (snapshot: Snapshot, afterStep: boolean, run: number) => void;
  onRunningChange?: (running: boolean) => void;
  /** After every lockstep step, with the step count reached and whether it carried a snapshot (for reads at that step). */
  onStep?: (step: number, withSnapshot: boolean) => void;
  /** A step threw (for example, the device was lost); the loop has stopped. */
  onError?: (error: unknown) => void;
  /**
   * Runs `task` in a later macrotask. Defaults to a MessageChannel post (macrotasks.ts): setTimeout(0) is
   * clamped to 4 ms when nested, and background tabs throttle timers much harder.
   */
  schedule?: (task: () => void) => void;
  now?: () => number;
  /** Queued work aimed at, in ms (QUEUE_MS unless given). */
  queueMs?: number;
}

export class TrainingLoop {
  readonly #runs: readonly LoopRun[];
  readonly #options: TrainingLoopOptions;
  readonly #schedule: (task: () => void) => void;
  readonly #now: () => number;
  readonly #unsubscribe: (() => void)[];
  readonly #queue: MacrotaskQueue | null = null;
  /**
   * Per run, one entry per snapshot requested and not yet delivered (engines deliver in
   * order): whether it follows a step.
   */
  readonly #pending: boolean[][];
  #sinceSnapshot = 0;
  #running = false;
  #scheduled = false;
  #until: number | null = null;
  #disposed = false;
  /** A step waiting for its runs' preparation; nothing else steps meanwhile. */
  #preparing: Promise<void> | null = null;
  /** Bumped by pause, reset and dispose: a preparation from before does not step. */
  #epoch = 0;
  /** The last delivery (of the first run) after a step: its step and time. */
  #lastDelivery: { step: number; time: number } | null = null;
  /** Milliseconds a step takes, smoothed over deliveries; 0 until measured. */
  #stepMs = 0;
  /** Whether a delivery since Start has shown steps advancing. */
  #timed = false;

  constructor(options: TrainingLoopOptions) {
    if (options.runs.length === 0) throw new RangeError('a training loop needs at least one run');
    this.#runs = options.runs;
    this.#pending = options.runs.map(() => []);
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    if (options.schedule) {
      this.#schedule = options.schedule;
    } else {
      const queue = macrotaskQueue();
      this.#queue = queue;
      this.#schedule = (task) => queue.post(task);
    }
    this.#unsubscribe = this.#runs.map((run, i) => run.engine.onSnapshot((snapshot) => this.#delivered(snapshot, i)));
  }

  /** Steps taken so far (the same on every run). */
  get stepCount(): number {
    return this.#runs[0]!.engine.stepCount;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Snapshots requested and not yet delivered, on the run with the most. */
  get snapshotsInFlight(): number {
    return Math.max(...this.#pending.map((p) => p.length));
  }

  /** Runs `steps` more steps (null: until paused). Does nothing while running. */
  start(steps: number | null): void {
    if (this.#disposed || this.#running) return;
    this.#until = steps === null ? null : this.stepCount + steps;
    // Time spent paused is not step time.
    this.#lastDelivery = { step: this.stepCount, time: this.#now() };
    this.#timed = false;
    this.#setRunning(true);
    this.#kick();
  }

  /** Stops stepping; if the last step had no snapshot, asks for one so the page shows where the run stopped. */
  pause(): void {
    if (!this.#running) return;
    this.#epoch++;
    this.#setRunning(false);
    if (this.#sinceSnapshot > 0) this.requestSnapshot();
  }

  /** One step, when paused; with a snapshot unless every staging buffer is taken (rapid presses on a slow adapter). */
  stepOnce(): void {
    if (this.#disposed || this.#running || this.#preparing) return;
    this.#guarded(() => this.#stepAll(this.snapshotsInFlight <= MAX_SNAPSHOTS_IN_FLIGHT));
  }

  /** Statistics of the current weights (after a reset), counted against the same limit. */
  requestSnapshot(): void {
    if (this.#disposed) return;
    this.#guarded(() => this.#snapshot(false, (engine) => engine.requestSnapshot()));
  }

  /**
   * Pauses, waits for queued work (so no snapshot of the old run arrives after the new
   * run's first), redraws every run's weights from `init` (the same draw for all, so the
   * runs start equal), lets `prepare` write over them (a loaded checkpoint) or forget the
   * old run, and asks for their statistics.
   */
  async reset(init: WeightInit, prepare?: (engine: Engine, run: number) => void): Promise<void> {
    this.pause();
    this.#epoch++;
    await this.#preparing;
    await Promise.all(this.#runs.map((run) => run.engine.settled()));
    if (this.#disposed) return;
    this.#guarded(() => {
      this.#runs.forEach(({ engine }, i) => {
        engine.initWeights(init);
        prepare?.(engine, i);
      });
    });
    this.#sinceSnapshot = 0;
    this.requestSnapshot();
  }

  /** Stops, and stops listening; the engines are the caller's to destroy. */
  dispose(): void {
    this.#setRunning(false);
    this.#epoch++;
    this.#disposed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#queue?.close();
  }

  #setRunning(running: boolean): void {
    if (this.#running === running) return;
    this.#running = running;
    this.#options.onRunningChange?.(running);
  }

  #kick(): void {
    if (this.#scheduled || !this.#running || this.#preparing) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      this.#slice();
    });
  }

  #slice(deadline = this.#now() + SLICE_MS): void {
    if (!this.#running || this.#disposed) return;
    const done = this.#guarded(() => {
      for (;;) {
        if (this.#until !== null && this.stepCount >= this.#until) return true;
        const stepped = this.#step();
        if (!stepped) return false; // back-pressure: the next delivery resumes the loop
        if (stepped !== true) {
          // Waiting for a preparation: the slice goes on once it is done, in the same budget.
          void stepped.then(() => this.#continue(deadline));
          return false;
        }
        if (this.#now() >= deadline) {
          this.#kick();
          return false;
        }
      }
    });
    if (done) this.pause();
  }

  /** After a prepared step: go on stepping in this slice's budget, or yield. */
  #continue(deadline: number): void {
    if (!this.#running || this.#disposed) return;
    if (this.#now() >= deadline) this.#kick();
    else this.#slice(deadline);
  }

  /**
   * Takes one step unless back-pressure says wait: true when a step was taken, a promise when
   * it waits for its preparation, false when it waits for a delivery. The last step of a run
   * always carries a snapshot (using the ring's spare buffer if need be), so the page ends on
   * that step's own counts.
   */
  #step(): boolean | Promise<void> {
    if (this.#tooFarAhead()) return false;
    const last = this.#until !== null && this.stepCount + 1 >= this.#until;
    const inFlight = this.snapshotsInFlight;
    if (inFlight < MAX_SNAPSHOTS_IN_FLIGHT || (last && inFlight <= MAX_SNAPSHOTS_IN_FLIGHT)) return this.#stepAll(true) ?? true;
    if (this.#sinceSnapshot < MAX_STEPS_BETWEEN_SNAPSHOTS) return this.#stepAll(false) ?? true;
    return false;
  }

  /**
   * One step on every run: each run's preparation first (waited for if any returns a
   * promise; the step is then dropped if the loop was paused, reset or disposed meanwhile),
   * then the step with each run's own parameters.
   */
  #stepAll(withSnapshot: boolean): Promise<void> | undefined {
    const step = this.stepCount;
    const pending = this.#runs.map((run) => run.prepare?.(step)).filter((p): p is Promise<void> => p !== undefined);
    if (pending.length === 0) {
      this.#apply(withSnapshot);
      return undefined;
    }
    const epoch = this.#epoch;
    const stepOnce = !this.#running;
    const prepared = Promise.all(pending).then(
      () => {
        this.#preparing = null;
        if (this.#disposed || epoch !== this.#epoch || (!stepOnce && !this.#running)) return;
        this.#guarded(() => this.#apply(withSnapshot));
      },
      (error: unknown) => {
        this.#preparing = null;
        this.#setRunning(false);
        this.#options.onError?.(error);
      },
    );
    this.#preparing = prepared;
    return prepared;
  }

  /** The step itself, each run with its parameters (all read first, so a bad read steps none). */
  #apply(withSnapshot: boolean): void {
    const params = this.#runs.map((run) => run.params());
    if (withSnapshot) {
      this.#snapshot(true, (engine, i) => engine.step(params[i]!, { snapshot: true }));
    } else {
      this.#runs.forEach(({ engine }, i) => engine.step(params[i]!));
      this.#sinceSnapshot++;
    }
    this.#options.onStep?.(this.stepCount, withSnapshot);
  }

  /** Runs a call that asks each engine for a snapshot, and counts each unless that engine dropped it. */
  #snapshot(afterStep: boolean, call: (engine: Engine, run: number) => void): void {
    let counted = false;
    this.#runs.forEach(({ engine }, i) => {
      const dropped = engine.droppedSnapshots;
      call(engine, i);
      if (engine.droppedSnapshots === dropped) {
        this.#pending[i]!.push(afterStep);
        counted = true;
      }
    });
    if (counted) this.#sinceSnapshot = 0;
    else if (afterStep) this.#sinceSnapshot++;
  }

  /**
   * Whether the steps queued past the last delivery would take longer than QUEUE_MS (or the
   * `queueMs` option). Until a
   * step has been timed since Start, only MIN_STEPS_AHEAD are queued: nothing is known yet.
   * Never while no snapshot is in flight: no delivery would come to resume the loop (steps
   * taken without snapshots while they were fast, then timed slow), so one more step is
   * taken, and it carries a snapshot.
   */
  #tooFarAhead(): boolean {
    if (!this.#lastDelivery || this.snapshotsInFlight === 0) return false;
    if (!this.#timed) return this.stepCount - this.#lastDelivery.step >= MIN_STEPS_AHEAD;
    if (this.#stepMs <= 0) return false;
    const allowed = Math.max(MIN_STEPS_AHEAD, Math.floor((this.#options.queueMs ?? QUEUE_MS) / this.#stepMs));
    return this.stepCount - this.#lastDelivery.step >= allowed;
  }

  /** Step duration from the first run's deliveries: steps advanced over time passed. */
  #timeStep(step: number): void {
    const time = this.#now();
    const last = this.#lastDelivery;
    if (last && step > last.step) this.#timed = true;
    if (last && step > last.step && time > last.time) {
      const sample = (time - last.time) / (step - last.step);
      this.#stepMs = this.#stepMs > 0 ? 0.7 * this.#stepMs + 0.3 * sample : sample;
    }
    // A step count that went back is a reset; the same step again is a statistics-only snapshot.
    if (!last || step !== last.step) this.#lastDelivery = { step, time };
  }

  #delivered(snapshot: Snapshot, run: number): void {
    if (run === 0) this.#timeStep(snapshot.step);
    const afterStep = this.#pending[run]!.shift() ?? snapshot.step > 0;
    this.#options.onSnapshot(snapshot, afterStep, run);
    this.#kick();
  }

  #guarded<T>(body: () => T): T | undefined {
    try {
      return body();
    } catch (error) {
      this.#setRunning(false);
      this.#options.onError?.(error);
      return undefined;
    }
  }
}
