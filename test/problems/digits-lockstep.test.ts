/**
 * The digits driver on the CPU engine: lockstep runs share the data stream, the starting
 * weights and the seed, so two runs with one regulariser stay identical and runs with
 * different ones differ only by it; the metrics mean what metrics.ts says; the first layer
 * comes back as 28×28 images; every bad setup is refused by name before any work. A subset
 * of the digits (every 25th) keeps these quick.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { BIN_ZERO } from '../../src/engine/stats-layout.ts';
import type { Engine, Regulariser, Snapshot } from '../../src/engine/types.ts';
import { IMAGE_PIXELS } from '../../src/problems/digits/asset-format.ts';
import { DigitsData } from '../../src/problems/digits/dataset.ts';
import { DigitsLockstep, MAX_RUNS, runDigits, stepsFor, type DigitsFrame } from '../../src/problems/digits/digits-run.ts';
import { loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import { digitsEngineOptions, Network } from '../../src/problems/digits/network.ts';
import { SampleOrder } from '../../src/problems/regression/sample-order.ts';
import type { DigitsSettings } from '../../src/problems/digits/settings.ts';
import { expectConfigError, expectConfigErrorAsync } from '../helpers/config-error.ts';
import { digitsSubset } from '../helpers/digits-subset.ts';
import { meanLoss } from './digits-reference.ts';

const all = await loadDigitsFile();
/** Every 25th digit: 320 training and 80 held-out digits of all ten classes. */
const data = digitsSubset(all, 25);

const SETTINGS: DigitsSettings = { hidden: [16], loss: 'xent', batch: 20, epochs: 2, seed: 5, snapshotEvery: 8, epsilon: 1e-3 };
const NONE: Regulariser = { rule: 'none', lr: 0.3, l1: 0, l2: 0 };
const PROX: Regulariser = { rule: 'l1-prox', lr: 0.3, l1: 0.01, l2: 0 };

function engines(count: number, settings = SETTINGS): Engine[] {
  return Array.from({ length: count }, () => createCpuEngine(digitsEngineOptions(settings)));
}

async function run(regularisers: Regulariser[], settings = SETTINGS) {
  const group = engines(regularisers.length, settings);
  const frames: DigitsFrame[] = [];
  const snapshots: Snapshot[][] = group.map(() => []);
  group.forEach((e, r) => e.onSnapshot((s) => snapshots[r]!.push(s)));
  const result = await runDigits(group, data, settings, regularisers, (f) => frames.push(f));
  const weights = await Promise.all(group.map((e) => e.readWeights()));
  return { result, frames, weights, snapshots };
}

describe('lockstep runs', () => {
  test('two runs with one regulariser stay bit for bit identical (same data, start and seed)', async () => {
    const { weights, result } = await run([PROX, PROX]);
    expect(weights[0]).toEqual(weights[1]);
    expect(result.runs[0]!.final).toEqual(result.runs[1]!.final);
  });

  test('none against l1-prox: the same start, then only l1-prox makes exact zeros', async () => {
    const { result, weights, frames } = await run([NONE, PROX], { ...SETTINGS, epochs: 5 });
    const [none, prox] = result.runs as [typeof result.runs[0], typeof result.runs[0]];
    expect(none.initial).toEqual(prox.initial);
    expect(none.label).toBe('none');
    expect(prox.label).toBe('l1-prox');
    expect(weights[0]).not.toEqual(weights[1]);
    expect(none.final.exactZeroFraction).toBe(0);
    expect(prox.final.layers[0]!.exactZeroFraction).toBeGreaterThan(0.3);
    expect(prox.final.nearZeroFraction).toBeGreaterThanOrEqual(prox.final.exactZeroFraction);
    // Each snapshot's per-layer zeros add up to what the engine counted, and to the weights read back.
    for (const frame of frames.filter((f) => f.metrics)) {
      const m = frame.metrics![1]!;
      expect(m.layers.reduce((n, l) => n + l.exactZeroFraction * l.weights, 0)).toBeCloseTo(m.exactZeroFraction * result.paramCount, 6);
    }
    expect(weights[1]!.filter((w) => w === 0).length).toBe(Math.round(prox.final.exactZeroFraction * result.paramCount));
    // Both learned, from 80 steps on 320 digits: from chance (0.1) to three times it on the 80 held out.
    for (const r of result.runs) {
      expect(r.initial.heldOutAccuracy!).toBeLessThan(0.25);
      expect(r.final.heldOutAccuracy!).toBeGreaterThan(0.3);
    }
  });

  test('the same seed repeats a group exactly; another seed starts and orders differently', async () => {
    const a = await run([NONE], { ...SETTINGS, epochs: 1 });
    const b = await run([NONE], { ...SETTINGS, epochs: 1 });
    const c = await run([NONE], { ...SETTINGS, epochs: 1, seed: 6 });
    expect(a.weights[0]).toEqual(b.weights[0]);
    expect(c.weights[0]).not.toEqual(a.weights[0]);
  });

  test('mse learns too', async () => {
    const { result } = await run([{ ...NONE, lr: 0.05 }], { ...SETTINGS, loss: 'mse', epochs: 5 });
    expect(result.runs[0]!.final.heldOutAccuracy!).toBeGreaterThan(0.3);
    expect(result.runs[0]!.final.heldOutLoss!).toBeLessThan(result.runs[0]!.initial.heldOutLoss!);
  });
});

test('runDigits without a frame listener takes every step (an optional call must not skip the step)', async () => {
  const settings = { ...SETTINGS, epochs: 1 };
  const result = await runDigits(engines(1, settings), data, settings, [NONE]);
  expect(result.steps).toBe(16);
  expect(result.runs[0]!.final.step).toBe(16);
});

describe('metrics', () => {
  test('steps, epochs, snapshots, the running training loss and the rates', async () => {
    const { result, frames, snapshots } = await run([NONE, PROX]);
    expect(result.steps).toBe(stepsFor(SETTINGS, 320));
    expect(result.steps).toBe(32);
    expect(frames.map((f) => f.step)).toEqual(Array.from({ length: 33 }, (_, s) => s));
    expect(frames.filter((f) => f.metrics).map((f) => f.step)).toEqual([0, 8, 16, 24, 32]);
    expect(frames.at(-1)!.epoch).toBe(2);
    const initial = result.runs[0]!.initial;
    expect(initial.trainLoss).toBeNull();
    expect(initial.stepsPerSecond).toBeNull();
    // A softmax of near-zero outputs: about ln 10 per digit.
    expect(initial.heldOutLoss!).toBeGreaterThan(2);
    expect(initial.heldOutLoss!).toBeLessThan(2.6);
    const final = result.runs[0]!.final;
    expect(final.trainLoss!).toBeLessThan(initial.heldOutLoss!);
    expect(final.stepsPerSecond!).toBeGreaterThan(0);
    expect(final.parametersPerSecond).toBeCloseTo(final.stepsPerSecond! * result.paramCount * 2, 3);
    expect(result.parametersPerSecond).toBeCloseTo(result.stepsPerSecond * result.paramCount * 2, 3);
    // The engine's snapshot behind the metrics: its zero bin and its norms.
    const last = snapshots[1]!.at(-1)!;
    expect(last.step).toBe(32);
    expect(result.runs[1]!.final.exactZeroFraction).toBe(last.counts[BIN_ZERO]! / result.paramCount);
    expect(result.runs[1]!.final.l1Norm).toBe(last.l1Norm);
  });

  test('the first snapshot’s training loss is the mean loss of the first minibatch at the starting weights', async () => {
    const settings = { ...SETTINGS, snapshotEvery: 1, epochs: 1 };
    const [engine] = engines(1, settings);
    const group = await DigitsLockstep.start([engine!], data, settings, [NONE]);
    const start = { weights: await engine!.readWeights(), biases: group.network.layers.map((l) => new Float64Array(l.outputs)) };
    const { metrics } = await group.advance();
    const first = new SampleOrder(data.train.length, settings.batch, settings.seed).batchAt(0).map((p) => data.train[p]!);
    expect(metrics![0]!.trainLoss!).toBeCloseTo(meanLoss(group.network, start, data, 'xent', first), 5);
    group.destroy();
  });

  test('first-layer weights as 784-long images, one per hidden unit', async () => {
    const [engine] = engines(1);
    const group = await DigitsLockstep.start([engine!], data, SETTINGS, [NONE]);
    const images = await group.firstLayerImages(0, 3, 2);
    expect(images.map((i) => i.length)).toEqual([784, 784]);
    expect(images[1]).toEqual(await engine!.readWeights(4 * 784, 784));
    expect((await group.firstLayerImages(0)).length).toBe(16);
    await expectConfigErrorAsync(() => group.firstLayerImages(1), 'run', 'got 1', 'from 0 to 0');
    await expectConfigErrorAsync(() => group.firstLayerImages(0, 16), 'firstUnit', 'got 16', 'from 0 to 15');
    await expectConfigErrorAsync(() => group.firstLayerImages(0, 10, 7), 'count', 'got 7', 'from 1 to 6');
    group.destroy();
  });
});

describe('changing a run mid-way', () => {
  test('setParams: the next steps take the new rule and λ; another η or run is refused by name', async () => {
    const group = engines(2);
    const lockstep = await DigitsLockstep.start(group, data, SETTINGS, [NONE, NONE]);
    const strong = toUpdateParams({ ...PROX, l1: 0.1 });
    lockstep.setParams(1, strong);
    expect(lockstep.paramsOf(1)).toEqual(strong);
    expect(lockstep.paramsOf(0)).toEqual(toUpdateParams(NONE));
    for (let i = 0; i < 4; i++) await lockstep.advance();
    const firstLayers = await Promise.all(group.map((engine) => engine.readWeights(0, 784 * 16)));
    expect(firstLayers[0]!.filter((w) => w === 0)).toHaveLength(0);
    expect(firstLayers[1]!.filter((w) => w === 0).length).toBeGreaterThan(784 * 8);
    expectConfigError(() => lockstep.setParams(0, toUpdateParams({ ...PROX, lr: 0.1 })), 'lr', 'the η this run started with');
    expectConfigError(() => lockstep.setParams(2, strong), 'run', 'a run from 0 to 1');
    lockstep.destroy();
    for (const engine of group) engine.destroy();
  });
});

describe('a page that runs the CPU passes stays responsive', () => {
  test('scoring the sets gives the event loop a turn between passes', async () => {
    // Timers run only when a task ends: without those turns, starting a group (which scores
    // both sets) would finish before the interval fired once.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const group = engines(2);
    try {
      const lockstep = await DigitsLockstep.start(group, data, SETTINGS, [NONE, PROX]);
      lockstep.destroy();
    } finally {
      clearInterval(timer);
      for (const engine of group) engine.destroy();
    }
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('bad setups are refused before any work', () => {
  test.each([
    ['no runs', [], 0, 'runs', 'got []', '1 to 8 regularisers'],
    ['too many runs', Array.from({ length: MAX_RUNS + 1 }, () => NONE), MAX_RUNS + 1, 'runs', 'got ["none"'],
    ['an engine short', [NONE, PROX], 1, 'engines', 'got 1', 'one engine per run (2)'],
    ['a bad learning rate', [{ ...NONE, lr: -1 }], 1, 'lr', 'got -1'],
    ['λ with rule none', [{ ...NONE, l1: 0.1 }], 1, 'l1', '0 with rule none'],
  ] as [string, Regulariser[], number, string, ...string[]][])('%s', async (_, regularisers, count, field, ...fragments) => {
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(count), data, SETTINGS, regularisers), field, ...fragments);
  });

  test('engines of another size, a batch past the training set, bad settings', async () => {
    const wrong = [createCpuEngine({ paramCount: 100, init: { kind: 'symmetric', scale: 1, seed: 1 } })];
    await expectConfigErrorAsync(() => DigitsLockstep.start(wrong, data, SETTINGS, [NONE]), 'paramCount', 'got 100', `${Network.of([16]).paramCount} (the weights of 784-16-10)`);
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(1, { ...SETTINGS, batch: 500 }), data, { ...SETTINGS, batch: 500 }, [NONE]), 'batch', 'got 500', 'from 1 to 320 (the training digits)');
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(1), data, { ...SETTINGS, hidden: [10] }, [NONE]), 'hidden[0]', 'got 10', 'a multiple of 4');
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(1), data, { ...SETTINGS, loss: 'hinge' as 'mse' }, [NONE]), 'loss', 'got "hinge"');
  });

  test('a file too small for a training set', async () => {
    const tiny = DigitsData.from({ count: 1, labels: Uint8Array.of(0), pixels: new Uint8Array(IMAGE_PIXELS) });
    expect(tiny.train.length).toBe(1);
    const none = DigitsData.from({ count: 1, labels: Uint8Array.of(0), pixels: new Uint8Array(IMAGE_PIXELS) });
    expect(none.heldOut.length).toBe(0);
  });

  test('advancing past the last step is an error, not a silent extra step', async () => {
    const settings = { ...SETTINGS, epochs: 1, batch: 320 };
    const [engine] = engines(1, settings);
    const group = await DigitsLockstep.start([engine!], data, settings, [NONE]);
    await group.advance();
    expect(group.done).toBe(true);
    await expect(group.advance()).rejects.toThrow(/all 1 steps were taken/);
    group.destroy();
  });
});
