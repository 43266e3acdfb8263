/**
 * Digits checkpoints on the CPU: a trained group saved (weights and biases) and loaded into a
 * new group starts exactly where the saved one stood (the same held-out loss and accuracy at
 * step 0, the same biases), while the weights alone would not; the CPU backend's writeBiases
 * puts each run's biases where its passes read them; and readDigitsCheckpoint refuses a file
 * that does not fit the network it names, by the checkpoint's field. Every 25th digit keeps
 * these quick.
 */
import { describe, expect, test } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../src/data/checkpoint.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Engine, Regulariser } from '../../src/engine/types.ts';
import { CpuDigits } from '../../src/problems/digits/cpu-digits.ts';
import { readDigitsCheckpoint, splitBiases } from '../../src/problems/digits/digits-checkpoint.ts';
import { DigitsLockstep } from '../../src/problems/digits/digits-run.ts';
import { loadDigitsFile } from '../../src/problems/digits/load-node.ts';
import { digitsEngineOptions, Network } from '../../src/problems/digits/network.ts';
import type { DigitsSettings } from '../../src/problems/digits/settings.ts';
import { expectConfigError, expectConfigErrorAsync } from '../helpers/config-error.ts';
import { digitsSubset } from '../helpers/digits-subset.ts';
import { uniformF32 } from '../helpers/test-data.ts';

const data = digitsSubset(await loadDigitsFile(), 25);
const SETTINGS: DigitsSettings = { hidden: [16, 12], loss: 'xent', batch: 20, epochs: 2, seed: 5, snapshotEvery: 6, epsilon: 1e-3 };
const RUNS: Regulariser[] = [
  { rule: 'l1-prox', lr: 0.3, l1: 0.01, l2: 0 },
  { rule: 'none', lr: 0.3, l1: 0, l2: 0 },
];
const network = Network.of(SETTINGS.hidden);

const engines = (count: number): Engine[] => Array.from({ length: count }, () => createCpuEngine(digitsEngineOptions(SETTINGS)));

/** A checkpoint as the app and the command line write it, for run `r` of a trained group. */
async function save(group: DigitsLockstep, r: number): Promise<Uint8Array> {
  const { settings, ...saved } = await group.savedRun(r);
  return encodeCheckpoint({ ...saved, settings: { ...settings, ...RUNS[r]! } });
}

describe('save and load a trained group', () => {
  test('the loaded group starts at the saved one\'s held-out loss and accuracy, exactly; weights alone do not', async () => {
    const trained = engines(2);
    const group = await DigitsLockstep.start(trained, data, SETTINGS, RUNS);
    let frame = await group.advance();
    while (!frame.metrics) frame = await group.advance();
    const files = await Promise.all(trained.map((_, r) => save(group, r)));
    const savedBiases = await group.readBiases();
    group.destroy();

    const starts = files.map((bytes) => readDigitsCheckpoint(decodeCheckpoint(bytes)).start);
    const loaded = await DigitsLockstep.start(engines(2), data, SETTINGS, RUNS, starts);
    const zeroBiases = await DigitsLockstep.start(engines(2), data, SETTINGS, RUNS, starts.map((s) => ({ ...s, biases: new Float32Array(network.biasCount) })));
    try {
      expect(loaded.step).toBe(0);
      expect(await loaded.readBiases()).toEqual(savedBiases);
      frame.metrics!.forEach((saved, r) => {
        expect(loaded.initial[r]!.heldOutLoss).toBe(saved.heldOutLoss);
        expect(loaded.initial[r]!.heldOutAccuracy).toBe(saved.heldOutAccuracy);
        expect(loaded.initial[r]!.exactZeroFraction).toBe(saved.exactZeroFraction);
        // The biases matter: the same weights with zero biases score otherwise.
        expect(zeroBiases.initial[r]!.heldOutLoss).not.toBe(saved.heldOutLoss);
      });
      // The runs differ (their rules did), and each loaded its own file.
      expect(loaded.initial[0]!.heldOutLoss).not.toBe(loaded.initial[1]!.heldOutLoss);
    } finally {
      loaded.destroy();
      zeroBiases.destroy();
    }
  });

  test('savedRun asked for during a step reads that step\'s end: weights, biases and step count agree', async () => {
    const [engine] = engines(1);
    const group = await DigitsLockstep.start([engine!], data, SETTINGS, RUNS.slice(0, 1));
    try {
      const atStart = group.savedRun(0);
      const stepping = group.advance();
      const during = group.savedRun(0);
      await stepping;
      const [start, saved] = await Promise.all([atStart, during]);
      expect(start.step).toBe(0);
      expect(start.biases.every((b) => b === 0)).toBe(true);
      expect(saved.step).toBe(1);
      expect(saved.weights).toEqual(await engine!.readWeights());
      expect(saved.biases).toEqual(Float32Array.from((await group.readBiases())[0]!.flatMap((b) => [...b])));
      expect(saved.biases.some((b) => b !== 0)).toBe(true);
      expect(saved.settings).toEqual({ problem: 'digits', ...SETTINGS, hidden: '16,12' });
    } finally {
      group.destroy();
    }
  });

  test('starting points that do not fit the network are refused by name', async () => {
    const start = { weights: new Float32Array(network.paramCount), biases: new Float32Array(network.biasCount) };
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(2), data, SETTINGS, RUNS, [start]), 'from', 'got 1', 'one starting point per run (2)');
    const shortWeights = { ...start, weights: new Float32Array(network.paramCount - 1) };
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(1), data, SETTINGS, RUNS.slice(0, 1), [shortWeights]), 'weights', `got ${network.paramCount - 1}`, `${network.paramCount}, the weights of 784-16-12-10`);
    const longBiases = { ...start, biases: new Float32Array(network.biasCount + 1) };
    await expectConfigErrorAsync(() => DigitsLockstep.start(engines(1), data, SETTINGS, RUNS.slice(0, 1), [longBiases]), 'biases', `got ${network.biasCount + 1}`, `${network.biasCount}, the biases`);
  });
});

describe('CPU backend writeBiases', () => {
  test('each run\'s biases are what its passes add: read back as written, and the held-out scores follow them', async () => {
    const pair = engines(2);
    const weights = uniformF32(network.paramCount, 0.1, 3);
    for (const engine of pair) engine.writeWeights(weights);
    const backend = new CpuDigits(pair, [0.3, 0.3], network, data, 'xent', 20);
    const before = await backend.evaluate('heldOut');
    const written = [0, 1].map((r) => splitBiases(network, uniformF32(network.biasCount, 0.5, 10 + r)));
    backend.writeBiases(written);
    expect(await backend.readBiases()).toEqual(written);
    const after = await backend.evaluate('heldOut');
    // Same weights: the runs scored alike before, and differ only by the biases after.
    expect(before[0]).toEqual(before[1]);
    expect(after[0]!.lossSum).not.toBe(after[1]!.lossSum);
    expect(after[0]!.lossSum).not.toBe(before[0]!.lossSum);
    expect(() => backend.writeBiases(written.slice(0, 1))).toThrow(RangeError);
    expect(() => backend.writeBiases([written[0]!, written[1]!.slice(1)])).toThrow(RangeError);
  });
});

describe('readDigitsCheckpoint', () => {
  const good: Checkpoint = {
    weights: new Float32Array(network.paramCount),
    biases: new Float32Array(network.biasCount),
    step: 4,
    settings: { problem: 'digits', hidden: '16,12', loss: 'mse' },
  };

  test('a whole file gives the network, the loss and the start', () => {
    const saved = readDigitsCheckpoint(good);
    expect(saved.hidden).toEqual([16, 12]);
    expect(saved.network.name).toBe('784-16-12-10');
    expect(saved.loss).toBe('mse');
    expect(saved.start).toEqual({ weights: good.weights, biases: good.biases });
    expect(readDigitsCheckpoint({ ...good, weights: new Float32Array(7840), biases: new Float32Array(10), settings: { ...good.settings, hidden: '' } }).network.name).toBe('784-10');
  });

  test('refuses, naming the field: another problem, bad widths or loss, weights or biases of another network, no biases', () => {
    const withSettings = (settings: Record<string, unknown>) => ({ ...good, settings: { ...good.settings, ...settings } });
    expectConfigError(() => readDigitsCheckpoint(withSettings({ problem: 'recovery' })), 'checkpoint.settings.problem', 'got "recovery"', '"digits"');
    expectConfigError(() => readDigitsCheckpoint(withSettings({ hidden: [16, 12] })), 'checkpoint.settings.hidden', 'got [16,12]', 'separated by commas');
    expectConfigError(() => readDigitsCheckpoint(withSettings({ hidden: '16,13' })), 'checkpoint.settings.hidden', 'got "16,13"', 'a multiple of 4', 'hidden[1] is not');
    expectConfigError(() => readDigitsCheckpoint(withSettings({ hidden: '16,x' })), 'checkpoint.settings.hidden', 'got "16,x"');
    expectConfigError(() => readDigitsCheckpoint(withSettings({ loss: 'hinge' })), 'checkpoint.settings.loss', 'got "hinge"', 'one of mse, xent');
    expectConfigError(() => readDigitsCheckpoint(withSettings({ hidden: '16' })), 'checkpoint.weights.shape', `got [${network.paramCount}]`, '[12704], the weights of 784-16-10');
    expectConfigError(() => readDigitsCheckpoint({ ...good, biases: undefined }), 'checkpoint.biases', 'got "no \\"biases\\" tensor"', `shape [${network.biasCount}]`);
    expectConfigError(() => readDigitsCheckpoint({ ...good, biases: new Float32Array(network.biasCount - 1) }), 'checkpoint.biases.shape', `got [${network.biasCount - 1}]`, `[${network.biasCount}], the biases of 784-16-12-10`);
  });
});
