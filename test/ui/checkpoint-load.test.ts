/**
 * What loading a checkpoint does to the page (checkpoint-load.ts), without a page: a digits
 * file sets the network, loss, batch and run 1's rule and starts every run from its weights
 * and biases, on a digits page or from another problem's; a file that does not fit is
 * refused naming the checkpoint's field, value and what is allowed: another problem's file
 * on a digits page, a digits file without its biases or with the wrong number, weights of
 * another network, widths the page or the CPU engine cannot take, biases on a problem that
 * has none. The other problems' loads behave as before.
 */
import { describe, expect, test } from 'vitest';
import type { Checkpoint } from '../../src/data/checkpoint.ts';
import { Network } from '../../src/problems/digits/network.ts';
import { checkpointLoad, type CheckpointPage } from '../../src/ui/checkpoint-load.ts';
import { defaultDraft } from '../../src/ui/settings.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const network = Network.of([32, 16]);
const DIGITS: Checkpoint = {
  weights: Float32Array.from({ length: network.paramCount }, (_, i) => (i % 7) / 10),
  biases: Float32Array.from({ length: network.biasCount }, (_, i) => i / 100),
  step: 240,
  settings: { problem: 'digits', hidden: '32,16', loss: 'mse', batch: 50, epochs: 10000, seed: 9, snapshotEvery: 10, epsilon: 1e-3, rule: 'l1-clip', lr: 0.25, l1: 2e-4, l2: 1e-5, run: 1 },
};
const RECOVERY: Checkpoint = { weights: new Float32Array(64), step: 3, settings: { problem: 'recovery', seed: 4, rule: 'l2', lr: 0.1, l1: 0, l2: 0.5, run: 2 } };

const page = (problem: CheckpointPage['draft']['problem'], kind: CheckpointPage['kind'] = 'webgpu'): CheckpointPage => ({ draft: defaultDraft(problem), kind, featureCount: undefined });
const withSettings = (checkpoint: Checkpoint, settings: Record<string, unknown>): Checkpoint => ({ ...checkpoint, settings: { ...checkpoint.settings, ...settings } });

describe('a digits checkpoint', () => {
  test('on a digits page: its network, loss, batch, seed and rule become run 1\'s; every run starts from its weights and biases', () => {
    const { draft, start, step } = checkpointLoad(DIGITS, page('digits', 'cpu'));
    expect(draft).toMatchObject({ problem: 'digits', hidden: '32,16', loss: 'mse', batch: 50, seed: 9, rule1: 'l1-clip', lr: 0.25, l1_1: 2e-4, l2_1: 1e-5, size: null });
    // The page's other runs stay as they were.
    expect(draft.rule2).toBe(defaultDraft('digits').rule2);
    expect(start.weights).toBe(DIGITS.weights);
    expect(start.biases).toBe(DIGITS.biases);
    expect(step).toBe(240);
  });

  test('on another problem\'s page: the page switches to digits, as for the other problems', () => {
    const { draft, start } = checkpointLoad(DIGITS, page('recovery'));
    expect(draft).toMatchObject({ problem: 'digits', hidden: '32,16', loss: 'mse', rule1: 'l1-clip' });
    expect(draft.rule2).toBe(defaultDraft('digits').rule2);
    expect(start.biases).toBe(DIGITS.biases);
  });

  test('refused: no biases, or biases, weights or widths of another network', () => {
    expectConfigError(() => checkpointLoad({ ...DIGITS, biases: undefined }, page('digits')), 'checkpoint.biases', 'no \\"biases\\" tensor', `shape [${network.biasCount}]`);
    expectConfigError(() => checkpointLoad({ ...DIGITS, biases: new Float32Array(10) }, page('recovery')), 'checkpoint.biases.shape', 'got [10]', `[${network.biasCount}], the biases of 784-32-16-10`);
    expectConfigError(() => checkpointLoad({ ...DIGITS, weights: new Float32Array(100) }, page('digits')), 'checkpoint.weights.shape', 'got [100]', `[${network.paramCount}], the weights of 784-32-16-10`);
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { hidden: '32,15' }), page('digits')), 'checkpoint.settings.hidden', 'got "32,15"', 'a multiple of 4');
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { hidden: undefined }), page('digits')), 'checkpoint.settings.hidden', 'got nothing');
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { loss: 'l1' }), page('digits')), 'checkpoint.settings.loss', 'got "l1"', 'one of mse, xent');
  });

  test('refused: a batch, rule or η the page cannot take', () => {
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { batch: 0 }), page('digits')), 'checkpoint.settings.batch', 'got 0', 'from 1 to 8,192');
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { rule: 'l3' }), page('digits')), 'checkpoint.settings.rule', 'got "l3"');
    expectConfigError(() => checkpointLoad(withSettings(DIGITS, { lr: -1 }), page('digits')), 'checkpoint.settings.lr', 'got -1');
  });

  test('refused: a network past the CPU engine\'s weights, on a page running the CPU engine (WebGPU takes it)', () => {
    const big = Network.of([1024, 512]);
    const file = withSettings({ ...DIGITS, weights: new Float32Array(big.paramCount), biases: new Float32Array(big.biasCount) }, { hidden: '1024,512' });
    expectConfigError(() => checkpointLoad(file, page('digits', 'cpu')), 'checkpoint.settings.hidden', 'got "1024,512"', 'on the CPU engine');
    expect(checkpointLoad(file, page('digits', 'webgpu')).draft.hidden).toBe('1024,512');
  });
});

describe('other problems\' checkpoints', () => {
  test('on a digits page: refused, naming the problem (a digits page needs a network with its biases)', () => {
    expectConfigError(() => checkpointLoad(RECOVERY, page('digits')), 'checkpoint.settings.problem', 'got "recovery"', '"digits" on a page running digits');
    expectConfigError(() => checkpointLoad({ ...RECOVERY, settings: {} }, page('digits')), 'checkpoint.settings.problem', 'got nothing');
  });

  test('with biases: refused, only digits have them', () => {
    expectConfigError(() => checkpointLoad({ ...RECOVERY, biases: new Float32Array(3) }, page('recovery')), 'checkpoint.biases', 'got "[3]"', 'only a digits checkpoint holds biases');
  });

  test('as before: the page takes the file\'s problem, size, seed and run 1\'s rule; weights only', () => {
    const { draft, start } = checkpointLoad(RECOVERY, page('walkthrough'));
    expect(draft).toMatchObject({ problem: 'recovery', size: 64, seed: 4, rule1: 'l2', lr: 0.1, l2_1: 0.5 });
    expect(start).toEqual({ weights: RECOVERY.weights });
    expectConfigError(() => checkpointLoad({ ...RECOVERY, weights: new Float32Array(2_000_000) }, page('recovery', 'cpu')), 'checkpoint.weights.shape', 'got [2000000]', 'on the CPU engine');
  });
});
