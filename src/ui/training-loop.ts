/**
 * The loop that steps an engine while the page is open. It is driven by macrotasks, not
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
 * 0; if an engine drops one anyway, it is not counted as in flight).
 *
 * Not here: validation (settings.ts), engine choice (create-engine.ts), any DOM.
 */
import type { Engine, Snapshot, UpdateParams, WeightInit } from '../engine/types.ts';

/** Two of the ring's three staging buffers: one stays free for a Step press or a reset. */
export const MAX_SNAPSHOTS_IN_FLIGHT = 2;
/** Steps without a snapshot before the loop waits: bounds queued work and stale counts. */
export const MAX_STEPS_BETWEEN_SNAPSHOTS = 7;
/** The longest one macrotask steps for, so input and rendering stay responsive on the CPU engine. */
export const SLICE_MS = 12;

export interface TrainingLoopOptions {
  engine: Engine;
  /** Read before every step, so a changed rule or λ applies from the next step. */
  params: () => UpdateParams;
  /** `afterStep` is false for a statistics-only snapshot (initial, reset, pause): its became/left-zero counts are 0. */
  onSnapshot: (snapshot: Snapshot, afterStep: boolean) => void;
  onRunningChange?: (running: boolean) => void;
  /** A step threw (for example, the device was lost); the loop has stopped. */
  onError?: (error: unknown) => void;
  /**
   * Runs `task` in a later macrotask. Defaults to a MessageChannel post: setTimeout(0) is
   * clamped to 4 ms when nested, and background tabs throttle timers much harder.
   */
  schedule?: (task: () => void) => void;
  now?: () => number;
}

export class TrainingLoop {
  readonly #engine: Engine;
  readonly #options: TrainingLoopOptions;
  readonly #schedule: (task: () => void) => void;
  readonly #now: () => number;
  readonly #unsubscribe: () => void;
  readonly #channel: MessageChannel | null = null;
  /** One entry per snapshot requested and not yet delivered (engines deliver in order): whether it follows a step. */
  #pending: boolean[] = [];
  #sinceSnapshot = 0;
  #running = false;
  #scheduled = false;
  #until: number | null = null;
  #disposed = false;

  constructor(options: TrainingLoopOptions) {
    this.#engine = options.engine;
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    if (options.schedule) {
      this.#schedule = options.schedule;
    } else {
      const channel = new MessageChannel();
      const tasks: (() => void)[] = [];
      channel.port1.onmessage = () => tasks.shift()?.();
      this.#channel = channel;
      this.#schedule = (task) => {
        tasks.push(task);
        channel.port2.postMessage(null);
      };
    }
    this.#unsubscribe = this.#engine.onSnapshot((snapshot) => this.#delivered(snapshot));
  }

  get running(): boolean {
    return this.#running;
  }

  /** Snapshots requested and not yet delivered. */
  get snapshotsInFlight(): number {
    return this.#pending.length;
  }

  /** Runs `steps` more steps (null: until paused). Does nothing while running. */
  start(steps: number | null): void {
    if (this.#disposed || this.#running) return;
    this.#until = steps === null ? null : this.#engine.stepCount + steps;
    this.#setRunning(true);
    this.#kick();
  }

  /** Stops stepping; if the last step had no snapshot, asks for one so the page shows where the run stopped. */
  pause(): void {
    if (!this.#running) return;
    this.#setRunning(false);
    if (this.#sinceSnapshot > 0) this.requestSnapshot();
  }

  /** One step, when paused; with a snapshot unless every staging buffer is taken (rapid presses on a slow adapter). */
  stepOnce(): void {
    if (this.#disposed || this.#running) return;
    const engine = this.#engine;
    const params = this.#options.params();
    this.#guarded(() => {
      if (this.#pending.length <= MAX_SNAPSHOTS_IN_FLIGHT) {
        this.#snapshot(true, () => engine.step(params, { snapshot: true }));
      } else {
        engine.step(params);
        this.#sinceSnapshot++;
      }
    });
  }

  /** Statistics of the current weights (after a reset), counted against the same limit. */
  requestSnapshot(): void {
    if (this.#disposed) return;
    this.#guarded(() => this.#snapshot(false, () => this.#engine.requestSnapshot()));
  }

  /**
   * Pauses, waits for queued work (so no snapshot of the old run arrives after the new
   * run's first), redraws the weights and asks for their statistics.
   */
  async reset(init: WeightInit): Promise<void> {
    this.pause();
    await this.#engine.settled();
    if (this.#disposed) return;
    this.#guarded(() => this.#engine.initWeights(init));
    this.#sinceSnapshot = 0;
    this.requestSnapshot();
  }

  /** Stops, and stops listening; the engine is the caller's to destroy. */
  dispose(): void {
    this.#setRunning(false);
    this.#disposed = true;
    this.#unsubscribe();
    this.#channel?.port1.close();
  }

  #setRunning(running: boolean): void {
    if (this.#running === running) return;
    this.#running = running;
    this.#options.onRunningChange?.(running);
  }

  #kick(): void {
    if (this.#scheduled || !this.#running) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      this.#slice();
    });
  }

  #slice(): void {
    if (!this.#running || this.#disposed) return;
    const deadline = this.#now() + SLICE_MS;
    const done = this.#guarded(() => {
      for (;;) {
        if (this.#until !== null && this.#engine.stepCount >= this.#until) return true;
        if (!this.#step()) return false; // back-pressure: the next delivery resumes the loop
        if (this.#now() >= deadline) {
          this.#kick();
          return false;
        }
      }
    });
    if (done) this.pause();
  }

  /**
   * Takes one step unless back-pressure says wait; true when a step was taken. The last
   * step of a run always carries a snapshot (using the ring's spare buffer if need be), so
   * the page ends on that step's own counts.
   */
  #step(): boolean {
    const engine = this.#engine;
    const params = this.#options.params();
    const last = this.#until !== null && engine.stepCount + 1 >= this.#until;
    const inFlight = this.#pending.length;
    if (inFlight < MAX_SNAPSHOTS_IN_FLIGHT || (last && inFlight <= MAX_SNAPSHOTS_IN_FLIGHT)) {
      this.#snapshot(true, () => engine.step(params, { snapshot: true }));
      return true;
    }
    if (this.#sinceSnapshot < MAX_STEPS_BETWEEN_SNAPSHOTS) {
      engine.step(params);
      this.#sinceSnapshot++;
      return true;
    }
    return false;
  }

  /** Runs a call that asks for a snapshot, and counts it unless the engine dropped it. */
  #snapshot(afterStep: boolean, call: () => void): void {
    const dropped = this.#engine.droppedSnapshots;
    call();
    if (this.#engine.droppedSnapshots === dropped) {
      this.#pending.push(afterStep);
      this.#sinceSnapshot = 0;
    } else if (afterStep) {
      this.#sinceSnapshot++;
    }
  }

  #delivered(snapshot: Snapshot): void {
    const afterStep = this.#pending.shift() ?? snapshot.step > 0;
    this.#options.onSnapshot(snapshot, afterStep);
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
