/**
 * The page's digits loop on CPU engines, in Node (no DOM): it starts a lockstep group on the
 * session's engines, hands every engine snapshot and step to the page's callbacks as the
 * TrainingLoop does, runs a given number of steps on macrotasks and stops, keeps each run's
 * metric rows at the snapshot steps, steps once, and reads the first layer back only while
 * someone listens, as the engine holds it; a new group on the same engines starts over from
 * the same weights. Also the digits workload's helpers: snapshot spacing, the driver's
 * settings, the network's size per engine (a refusal names `hidden`), and the metric rows.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Engine, Snapshot } from '../../src/engine/types.ts';
import type { DigitsData } from '../../src/problems/digits/dataset.ts';
import { loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import type { DigitsMetrics } from '../../src/problems/digits/metrics.ts';
import { digitsEngineOptions } from '../../src/problems/digits/network.ts';
import { DigitsLoop } from '../../src/ui/digits-loop.ts';
import { digitsRow } from '../../src/ui/digits-rows.ts';
import { digitsSettings, digitsSize, digitsSizes, digitsSnapshotEvery, SNAPSHOT_EVERY_RANGE } from '../../src/ui/digits-workload.ts';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { expectConfigError } from '../helpers/config-error.ts';

let data: DigitsData;

beforeAll(async () => {
  data = await loadDigitsFile();
});

const SETTINGS = { hidden: [8], loss: 'xent' as const, batch: 50, epochs: 1, seed: 7, snapshotEvery: 4, epsilon: 1e-3 };
const RUNS = [
  { rule: 'l1-prox', lr: 0.5, l1: 1e-3, l2: 0 },
  { rule: 'l2', lr: 0.5, l1: 0, l2: 1e-3 },
] as const;

/** Resolves once `check` holds, polling on macrotasks (the loop runs on them). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 5_000 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

function startLoop(engines: Engine[], seen: { snapshots: [number, number][]; steps: number[]; running: boolean[] }) {
  return DigitsLoop.start(engines, data, SETTINGS, [...RUNS], {
    runs: [],
    onSnapshot: (snapshot: Snapshot, _afterStep: boolean, run: number) => seen.snapshots.push([run, snapshot.step]),
    onStep: (step) => seen.steps.push(step),
    onRunningChange: (running) => seen.running.push(running),
    onError: (error) => {
      throw error;
    },
  });
}

describe('ui: the digits loop', () => {
  test('runs the steps asked for, hands snapshots and steps to the page, keeps metric rows, reads the first layer while listened to', async () => {
    const engines = RUNS.map(() => createCpuEngine(digitsEngineOptions(SETTINGS)));
    const seen = { snapshots: [] as [number, number][], steps: [] as number[], running: [] as boolean[] };
    const loop = await startLoop(engines, seen);
    expect(loop.network.name).toBe('784-8-10');
    expect(loop.histories.map((h) => h.rows.map((r) => r.step))).toEqual([[0], [0]]);
    expect(loop.units).toBe(8); // the layer's width caps the default 64

    loop.requestSnapshot();
    await until(() => seen.snapshots.length === 2);
    expect(seen.snapshots.sort()).toEqual([
      [0, 0],
      [1, 0],
    ]);

    loop.start(10);
    expect(loop.running).toBe(true);
    await until(() => !loop.running);
    expect(loop.stepCount).toBe(10);
    expect(seen.steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seen.running).toEqual([true, false]);
    expect(loop.histories[0]!.rows.map((r) => r.step)).toEqual([0, 4, 8]);
    expect(loop.latest.map((m) => m.step)).toEqual([8, 8]);
    expect(seen.snapshots.filter(([run]) => run === 1).map(([, step]) => step)).toEqual([0, 4, 8]);
    // L1 and L2 part ways from the same start.
    expect(loop.latest[0]!.layers[0]!.exactZeroFraction).toBeGreaterThan(loop.latest[1]!.layers[0]!.exactZeroFraction);

    // Nobody listened, so nothing was read back; a listener gets the weights at the step the loop stands at.
    expect(loop.firstLayer).toBeNull();
    let news = 0;
    const unsubscribe = loop.subscribe(() => news++);
    await until(() => loop.firstLayer !== null);
    expect(loop.firstLayer!.step).toBe(10);
    for (const [r, engine] of engines.entries()) {
      const images = loop.firstLayer!.images[r]!;
      expect(images).toHaveLength(8);
      const weights = await engine.readWeights(0, 8 * 784);
      images.forEach((image, u) => expect(image).toEqual(weights.subarray(u * 784, (u + 1) * 784)));
    }
    expect(news).toBeGreaterThan(0);

    loop.units = 2;
    loop.stepOnce();
    await until(() => loop.firstLayer?.step === 11);
    expect(loop.firstLayer!.images.map((run) => run.length)).toEqual([2, 2]);
    expect(loop.stepCount).toBe(11);

    // A Step pressed just before Start, then Start, Pause and Start in a row: one step at a time, none lost or taken twice.
    loop.stepOnce();
    loop.start(3);
    await until(() => !loop.running && loop.stepCount === 14);
    loop.start(null);
    loop.pause();
    loop.start(2);
    await until(() => !loop.running && loop.stepCount === 16);
    expect(seen.steps).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));

    // A new group on the same engines starts over, from the same weights as the first.
    unsubscribe();
    loop.dispose();
    const again = await startLoop(engines, { snapshots: [], steps: [], running: [] });
    expect(again.stepCount).toBe(0);
    expect(again.histories[0]!.rows[0]).toEqual(loop.histories[0]!.rows[0]);
    again.dispose();
    for (const engine of engines) engine.destroy();
  });

  test('a new rule or λ applies from the next step, mid-run; a new η waits for a new group', async () => {
    const none = { rule: 'none', lr: 0.5, l1: 0, l2: 0 } as const;
    const engines = [none, none].map(() => createCpuEngine(digitsEngineOptions(SETTINGS)));
    const current = [toUpdateParams(none), toUpdateParams(none)];
    const loop = await DigitsLoop.start(engines, data, SETTINGS, [none, none], {
      runs: engines.map((engine, r) => ({ engine, params: () => current[r]! })),
      onSnapshot: () => {},
      onError: (error) => {
        throw error;
      },
    });
    loop.start(4);
    await until(() => !loop.running);
    expect(loop.latest.map((m) => m.layers[0]!.exactZeroFraction)).toEqual([0, 0]);
    // Run 0 turns to a strong l1-prox; run 1 asks for it too, but with another η.
    current[0] = toUpdateParams({ rule: 'l1-prox', lr: 0.5, l1: 0.05, l2: 0 });
    current[1] = toUpdateParams({ rule: 'l1-prox', lr: 0.25, l1: 0.05, l2: 0 });
    loop.start(4);
    await until(() => !loop.running);
    expect(loop.latest.map((m) => m.step)).toEqual([8, 8]);
    expect(loop.latest[0]!.layers[0]!.exactZeroFraction).toBeGreaterThan(0.5);
    expect(loop.latest[1]!.layers[0]!.exactZeroFraction).toBe(0);
    loop.dispose();
    for (const engine of engines) engine.destroy();
  });

  test('snapshots spaced so the held-out pass takes about a fifth of the work, within bounds', () => {
    expect(digitsSnapshotEvery(100, 2000)).toBe(34);
    expect(digitsSnapshotEvery(8192, 2000)).toBe(SNAPSHOT_EVERY_RANGE[0]);
    expect(digitsSnapshotEvery(1, 2000)).toBe(SNAPSHOT_EVERY_RANGE[1]);
    expect(digitsSettings({ hidden: [32], loss: 'mse', batch: 100, seed: 3, epsilon: 0.01 }, 2000)).toMatchObject({ hidden: [32], loss: 'mse', batch: 100, seed: 3, snapshotEvery: 34, epsilon: 0.01 });
  });

  test('the network sets the size on either engine; past the CPU engine’s cap the refusal names hidden', () => {
    expect(digitsSizes([256])).toEqual({ webgpu: 203_264, cpu: 203_264 });
    expect(digitsSize('cpu', [])).toBe(7_840);
    expect(digitsSize('webgpu', [4096])).toBe(784 * 4096 + 40_960);
    expectConfigError(() => digitsSize('cpu', [4096]), 'hidden', 'got "4096"', 'at most 1,048,576 weights in all on the CPU engine (these have 3,252,224', 'WebGPU takes up to 67,108,864');
  });

  test('metric rows: the scores, and each layer’s fractions under keys of their own', () => {
    const layer = (exact: number, near: number) => ({ inputs: 1, outputs: 1, weights: 1, exactZeroFraction: exact, nearZeroFraction: near });
    const metrics: DigitsMetrics = {
      step: 40,
      epoch: 0.5,
      trainLoss: null,
      trainAccuracy: null,
      heldOutLoss: 0.4,
      heldOutAccuracy: 0.9,
      exactZeroFraction: 0.5,
      nearZeroFraction: 0.6,
      layers: [layer(0.7, 0.8), layer(0.1, 0.2)],
      l1Norm: 1,
      l2NormSquared: 1,
      stepsPerSecond: null,
      parametersPerSecond: null,
    };
    expect(digitsRow(metrics)).toEqual({ step: 40, heldOutAccuracy: 0.9, trainAccuracy: null, heldOutLoss: 0.4, trainLoss: null, exact0: 0.7, near0: 0.8, exact1: 0.1, near1: 0.2 });
  });
});
