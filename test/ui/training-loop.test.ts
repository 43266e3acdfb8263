/**
 * The training loop without a browser: a hand-cranked scheduler stands in for the
 * MessageChannel, the CPU engine for real work, and a held-back engine (snapshots
 * delivered only when the test says) for a slow GPU with a ring of three staging buffers.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { BIN_ZERO, COUNTER_COUNT } from '../../src/engine/stats-layout.ts';
import type { Engine, Snapshot, SnapshotListener, UpdateParams, WeightInit } from '../../src/engine/types.ts';
import { MAX_SNAPSHOTS_IN_FLIGHT, MAX_STEPS_BETWEEN_SNAPSHOTS, MIN_STEPS_AHEAD, QUEUE_MS, TrainingLoop, WORKER_QUEUE_MS, type TrainingLoopOptions } from '../../src/ui/training-loop.ts';

const INIT: WeightInit = { kind: 'positive', scale: 1, seed: 1 };
const PROX = toUpdateParams({ rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 });
const L2 = toUpdateParams({ rule: 'l2', lr: 1, l1: 0, l2: 0.01 });

/** Scheduled tasks run only when the test cranks. */
class Crank {
  tasks: (() => void)[] = [];
  schedule = (task: () => void) => {
    this.tasks.push(task);
  };
  /** Runs tasks and lets promise chains (CPU snapshot delivery) settle, until nothing is left. */
  async run(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const task = this.tasks.shift();
      if (!task) return;
      task();
    }
    throw new Error('the loop never went idle');
  }
}

/** Like the GPU engine: steps are queued, snapshots wait in a 3-buffer ring until released. */
class HeldEngine implements Engine {
  readonly kind = 'webgpu';
  readonly deviceName = 'held';
  readonly paramCount = 8;
  stepCount = 0;
  droppedSnapshots = 0;
  held: Snapshot[] = [];
  mostHeld = 0;
  params: UpdateParams[] = [];
  failNextStep = false;
  readonly #listeners = new Set<SnapshotListener>();

  step(params: UpdateParams, options?: { snapshot?: boolean }): void {
    if (this.failNextStep) throw new Error('device lost');
    this.stepCount++;
    this.params.push(params);
    if (options?.snapshot) this.#queue();
  }
  requestSnapshot(): void {
    this.#queue();
  }
  #queue(): void {
    if (this.held.length >= 3) {
      this.droppedSnapshots++;
      return;
    }
    this.held.push({ step: this.stepCount, paramCount: this.paramCount, counts: new Uint32Array(COUNTER_COUNT), l1Norm: 0, l2NormSquared: 0 });
    this.mostHeld = Math.max(this.mostHeld, this.held.length);
  }
  release(count = this.held.length): void {
    for (const s of this.held.splice(0, count)) for (const l of this.#listeners) l(s);
  }
  onSnapshot(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async settled(): Promise<void> {
    this.release();
  }
  initWeights(): void {
    this.stepCount = 0;
  }
  writeWeights(): void {}
  writeGradient(): void {}
  async readWeights(): Promise<Float32Array> {
    return new Float32Array(this.paramCount);
  }
  destroy(): void {}
}

let loop: TrainingLoop | null = null;
afterEach(() => {
  loop?.dispose();
  loop = null;
});

interface Seen {
  snapshots: Snapshot[];
  afterStep: boolean[];
  running: boolean[];
  errors: unknown[];
}

interface Setup<E extends Engine> {
  engine: E;
  loop: TrainingLoop;
  seen: Seen;
  /** Runs scheduled work until the loop is idle. */
  crank: () => Promise<void>;
}

type SetupOptions = Partial<TrainingLoopOptions> & { params?: () => UpdateParams };

/** A loop over `engine` on a hand-cranked scheduler, recording what it reports. */
function setup<E extends Engine>(engine: E, { params = () => PROX, ...options }: SetupOptions = {}): Setup<E> {
  const crank = new Crank();
  const seen: Seen = { snapshots: [], afterStep: [], running: [], errors: [] };
  loop = new TrainingLoop({
    runs: [{ engine, params }],
    onSnapshot: (s, afterStep) => {
      seen.snapshots.push(s);
      seen.afterStep.push(afterStep);
    },
    onRunningChange: (r) => seen.running.push(r),
    onError: (e) => seen.errors.push(e),
    schedule: crank.schedule,
    now: () => 0,
    ...options,
  });
  return { engine, loop, seen, crank: () => crank.run() };
}

/** A loop over two engines in lockstep (A proximal L1, B L2) on a hand-cranked scheduler. */
function lockstep<E extends Engine>(a: E, b: E, onSnapshot: TrainingLoopOptions['onSnapshot'] = () => {}): { a: E; b: E; crank: Crank } {
  const crank = new Crank();
  loop = new TrainingLoop({
    runs: [
      { engine: a, params: () => PROX },
      { engine: b, params: () => L2 },
    ],
    onSnapshot,
    schedule: crank.schedule,
    now: () => 0,
  });
  return { a, b, crank };
}

/**
 * A held-back engine whose loop has been started, has had its first snapshot delivered (until
 * then only MIN_STEPS_AHEAD are queued) and has run until back-pressure stopped it.
 */
async function startedHeld(steps: number | null = null, options: SetupOptions = {}): Promise<Setup<HeldEngine>> {
  const s = setup(new HeldEngine(), options);
  s.loop.start(steps);
  await s.crank();
  expect(s.engine.stepCount).toBe(Math.min(steps ?? Infinity, MIN_STEPS_AHEAD));
  s.engine.release(1);
  await s.crank();
  return s;
}

describe('ui: training loop', () => {
  test('runs the requested steps on the CPU engine, then pauses on a snapshot of the last step', async () => {
    const { engine, loop, seen, crank } = setup(createCpuEngine({ paramCount: 1_000, init: INIT }));
    loop.start(120);
    await crank();
    await engine.settled();
    expect(engine.stepCount).toBe(120);
    expect(loop.running).toBe(false);
    expect(seen.running).toEqual([true, false]);
    const last = seen.snapshots.at(-1)!;
    expect(last.step).toBe(120);
    expect(seen.afterStep.at(-1)).toBe(true);
    // Penalty only, weights in (0, 1), proximal steps of 0.01: all exactly zero by step 100.
    expect(last.counts[BIN_ZERO]).toBe(1_000);
    // Snapshot steps increase; none was dropped.
    const steps = seen.snapshots.map((s) => s.step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(engine.droppedSnapshots).toBe(0);
    engine.destroy();
  });

  test('back-pressure: never more snapshots in flight than the ring allows, and queued steps stay bounded', async () => {
    const { engine, loop, crank } = await startedHeld();
    // After the first delivery: snapshot steps up to the limit, then the steps allowed without one; then it waits.
    const first = MIN_STEPS_AHEAD + 1 + MAX_STEPS_BETWEEN_SNAPSHOTS;
    expect(engine.stepCount).toBe(first);
    expect(loop.snapshotsInFlight).toBe(MAX_SNAPSHOTS_IN_FLIGHT);
    for (let round = 0; round < 20; round++) {
      engine.release(1);
      await crank();
      expect(engine.held.length).toBeLessThanOrEqual(MAX_SNAPSHOTS_IN_FLIGHT);
    }
    expect(engine.stepCount).toBe(first + 20 * (1 + MAX_STEPS_BETWEEN_SNAPSHOTS));
    expect(engine.droppedSnapshots).toBe(0);
    expect(engine.mostHeld).toBe(MAX_SNAPSHOTS_IN_FLIGHT);
  });

  test('the last step of a run takes the spare staging buffer rather than go without a snapshot', async () => {
    const runLength = MIN_STEPS_AHEAD + 1 + MAX_STEPS_BETWEEN_SNAPSHOTS + 1;
    const { engine, loop, seen } = await startedHeld(runLength);
    expect(loop.running).toBe(false);
    expect(engine.held.map((s) => s.step)).toEqual([2, 3, runLength]);
    engine.release();
    expect(seen.afterStep).toEqual([true, true, true, true]);
    expect(engine.droppedSnapshots).toBe(0);
  });

  test('a changed setting applies from the next step, without a reset', async () => {
    let params = PROX;
    const { engine, crank } = await startedHeld(null, { params: () => params });
    const before = engine.stepCount;
    params = L2;
    engine.release(1);
    await crank();
    expect(engine.params.slice(0, before).every((p) => p === PROX)).toBe(true);
    expect(engine.params.slice(before).every((p) => p === L2)).toBe(true);
    expect(engine.params.length).toBeGreaterThan(before);
  });

  test('pause stops stepping and asks for a statistics-only snapshot of where it stopped', async () => {
    const { engine, loop, seen, crank } = await startedHeld();
    engine.release(1); // frees a buffer; the loop resumes on the next task
    loop.pause();
    await crank();
    const stopped = engine.stepCount;
    engine.release();
    await crank();
    expect(engine.stepCount).toBe(stopped);
    expect(seen.snapshots.at(-1)!.step).toBe(stopped);
    expect(seen.afterStep.at(-1)).toBe(false);
  });

  test('step: one step with a snapshot while paused; ignored while running', () => {
    const { engine, loop, seen } = setup(new HeldEngine());
    loop.stepOnce();
    engine.release();
    expect(engine.stepCount).toBe(1);
    expect(seen.snapshots.map((s) => s.step)).toEqual([1]);
    expect(seen.afterStep).toEqual([true]);
    loop.start(null);
    loop.stepOnce();
    expect(engine.stepCount).toBe(1);
  });

  test('reset waits for queued work, redraws the weights and delivers a step-0 snapshot last', async () => {
    const { engine, loop, seen, crank } = setup(createCpuEngine({ paramCount: 500, init: INIT }));
    loop.start(50);
    await crank();
    await loop.reset(INIT);
    await engine.settled();
    expect(engine.stepCount).toBe(0);
    const last = seen.snapshots.at(-1)!;
    expect(last.step).toBe(0);
    expect(seen.afterStep.at(-1)).toBe(false);
    expect(last.counts[BIN_ZERO]).toBe(0);
    engine.destroy();
  });

  test('a step that throws stops the loop and reports the error once', async () => {
    const { engine, loop, seen, crank } = setup(new HeldEngine());
    engine.failNextStep = true;
    loop.start(null);
    await crank();
    expect(loop.running).toBe(false);
    expect(seen.errors.map((e) => (e as Error).message)).toEqual(['device lost']);
  });

  test('after dispose nothing steps and no listener remains', async () => {
    const { engine, loop, seen, crank } = await startedHeld();
    const steps = engine.stepCount;
    const heard = seen.snapshots.length; // the first, delivered before dispose
    loop.dispose();
    engine.release();
    await crank();
    loop.start(null);
    loop.stepOnce();
    await crank();
    expect(engine.stepCount).toBe(steps);
    expect(seen.snapshots).toHaveLength(heard);
  });

  test('the default scheduler (a MessageChannel) runs the loop in Node too', async () => {
    const engine = createCpuEngine({ paramCount: 100, init: INIT });
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    loop = new TrainingLoop({ runs: [{ engine, params: () => PROX }], onSnapshot: () => {}, onRunningChange: (r) => r || finished() });
    loop.start(30);
    await done;
    expect(engine.stepCount).toBe(30);
    engine.destroy();
  });
  test('lockstep: every run takes every step with its own parameters, and snapshots come for the same steps', async () => {
    const seen: [number, number][] = [];
    const { a, b, crank } = lockstep(new HeldEngine(), new HeldEngine(), (s, _afterStep, run) => seen.push([run, s.step]));
    loop!.start(12);
    await crank.run();
    for (let round = 0; round < 10 && loop!.running; round++) {
      a.release();
      b.release();
      await crank.run();
    }
    a.release();
    b.release();
    expect([a.stepCount, b.stepCount, loop!.stepCount]).toEqual([12, 12, 12]);
    expect(a.params.every((p) => p === PROX)).toBe(true);
    expect(b.params.every((p) => p === L2)).toBe(true);
    const stepsOf = (run: number) => seen.filter(([r]) => r === run).map(([, step]) => step);
    expect(stepsOf(0)).toEqual(stepsOf(1));
    expect(stepsOf(0).at(-1)).toBe(12);
    expect(a.droppedSnapshots + b.droppedSnapshots).toBe(0);
  });

  test('onStep hears every lockstep step', async () => {
    const heard: number[] = [];
    const { engine, crank } = setup(createCpuEngine({ paramCount: 16, init: INIT }), { onStep: (step) => heard.push(step) });
    loop!.start(25);
    await crank();
    loop!.stepOnce();
    expect(heard).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    engine.destroy();
  });

  test('lockstep back-pressure: the slower engine sets the pace', async () => {
    const { a, b, crank } = lockstep(new HeldEngine(), new HeldEngine());
    loop!.start(null);
    await crank.run();
    a.release(1);
    b.release(1);
    await crank.run();
    const stalled = a.stepCount;
    a.release(); // only A frees its buffers: B still has two snapshots in flight
    await crank.run();
    expect(a.stepCount).toBe(stalled);
    expect(loop!.snapshotsInFlight).toBe(MAX_SNAPSHOTS_IN_FLIGHT);
    b.release(1);
    await crank.run();
    expect(a.stepCount).toBeGreaterThan(stalled);
    expect(b.stepCount).toBe(a.stepCount);
  });

  test('slow steps: no more queued past the last delivery than take about QUEUE_MS', async () => {
    let time = 0;
    const { engine, loop, crank } = setup(new HeldEngine(), { now: () => time });
    loop.start(null);
    await crank();
    // Each step took QUEUE_MS / 2: three steps may be ahead of a delivery (two, and the minimum of two).
    time += QUEUE_MS;
    engine.release(2);
    await crank();
    expect(engine.stepCount - 2).toBe(MIN_STEPS_AHEAD);
    // A step of 10 × QUEUE_MS: still the minimum ahead, never more.
    time += 40 * QUEUE_MS;
    engine.release();
    await crank();
    expect(engine.stepCount - engine.held[0]!.step + 1).toBeLessThanOrEqual(MIN_STEPS_AHEAD + 1);
    expect(engine.stepCount).toBeLessThan(2 + 2 * MIN_STEPS_AHEAD + 1);
  });

  test('queueMs (CPU engines in workers): the same steps queue further ahead, in proportion', async () => {
    const ahead = async (queueMs?: number) => {
      let time = 0;
      const { engine, loop, crank } = setup(new HeldEngine(), { now: () => time, queueMs });
      loop.start(null);
      await crank();
      // Steps timed at QUEUE_MS / 8 each (two delivered over a quarter of QUEUE_MS).
      time += QUEUE_MS / 4;
      engine.release(2);
      await crank();
      const count = engine.stepCount - 2;
      loop.dispose();
      return count;
    };
    expect(WORKER_QUEUE_MS).toBeGreaterThan(QUEUE_MS);
    const usual = await ahead();
    expect(usual).toBeGreaterThan(MIN_STEPS_AHEAD);
    expect(await ahead(QUEUE_MS / 2)).toBeLessThan(usual);
    expect(await ahead(WORKER_QUEUE_MS)).toBeGreaterThan(usual);
  });

  test('steps that turn slow after steps without snapshots: the loop asks for a snapshot rather than wait for one that never comes', async () => {
    let time = 0;
    const { engine, loop, crank } = setup(new HeldEngine(), { now: () => time });
    loop.start(null);
    await crank();
    // Fast steps: the loop runs ahead, the last steps without snapshots (two are in flight).
    time += 1;
    engine.release();
    await crank();
    expect(engine.held.length).toBe(MAX_SNAPSHOTS_IN_FLIGHT);
    const ahead = engine.stepCount;
    expect(ahead - engine.held.at(-1)!.step).toBe(MAX_STEPS_BETWEEN_SNAPSHOTS);
    // Then the held steps turn out slow: every step queued is now too far ahead, and none carries a snapshot.
    time += 100 * QUEUE_MS;
    engine.release();
    await crank();
    expect(loop.running).toBe(true);
    expect(engine.stepCount).toBeGreaterThan(ahead);
    expect(engine.held.length).toBeGreaterThan(0); // a delivery will come to wake the loop again
    expect(engine.stepCount - ahead).toBeLessThanOrEqual(1);
  });

  test('a run with a preparation: the loop waits for it before each step, and a pause drops a prepared step', async () => {
    const engine = createCpuEngine({ paramCount: 16, init: INIT });
    const prepared: number[] = [];
    let gate: (() => void) | null = null;
    const crank = new Crank();
    loop = new TrainingLoop({
      runs: [{ engine, params: () => PROX, prepare: (step) => new Promise<void>((resolve) => (gate = () => (prepared.push(step), resolve()))) }],
      onSnapshot: () => {},
      schedule: crank.schedule,
      now: () => 0,
    });
    loop.stepOnce();
    expect(engine.stepCount).toBe(0); // waiting for the gradient
    loop.stepOnce(); // refused while a step is being prepared
    gate!();
    await crank.run();
    expect(prepared).toEqual([0]);
    expect(engine.stepCount).toBe(1);
    loop.start(null);
    await crank.run();
    loop.pause();
    gate!();
    await crank.run();
    expect(prepared).toEqual([0, 1]);
    expect(engine.stepCount).toBe(1); // prepared, but the pause came first
  });

  test('reset redraws every run from the same weights and lets prepare write over them', async () => {
    const { a, b, crank } = lockstep(createCpuEngine({ paramCount: 64, init: INIT }), createCpuEngine({ paramCount: 64, init: INIT }));
    loop!.start(30);
    await crank.run();
    const written = new Float32Array(64).fill(0.5);
    const prepared: number[] = [];
    await loop!.reset(INIT, (engine, run) => {
      engine.writeWeights(written);
      prepared.push(run);
    });
    expect(prepared).toEqual([0, 1]);
    expect(a.stepCount).toBe(0);
    expect(await a.readWeights()).toEqual(written);
    expect(await b.readWeights()).toEqual(written);
    a.destroy();
    b.destroy();
  });
});
