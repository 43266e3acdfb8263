/**
 * Checkpoints: a round trip that keeps every bit (weights, and a digits network's biases), the
 * file as plain safetensors any reader can open, and each way encode or decode refuses input,
 * with field, value and allowed.
 */
import { describe, expect, test } from 'vitest';
import { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint } from '../../src/data/checkpoint.ts';
import { readSafetensors, writeSafetensors } from '../../src/data/safetensors.ts';
import { f64le, safetensorsFile } from './bytes.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const SETTINGS = { rule: 'l1-prox', lr: 0.5, l1: 1e-3, l2: 0, seed: 7, hidden: [1024, 1024], data: { target: 'price', kind: null, full: true } };
const WEIGHTS = Float32Array.from([0.25, -0, 0, NaN, Infinity, -1.4e-45, 3.4028235e38]);

/** A checkpoint-shaped file with one part changed. */
function variant(metadata: Record<string, string>, weights: Float32Array = WEIGHTS, shape = [weights.length]): Uint8Array {
  const base = { format: CHECKPOINT_FORMAT, step: '3', settings: '{}' };
  return writeSafetensors({ weights: { dtype: 'F32', shape, data: weights } }, { ...base, ...metadata });
}

describe('round trip', () => {
  test('weights bit for bit (NaN, ±Infinity, -0, subnormals included), step, settings', () => {
    const back = decodeCheckpoint(encodeCheckpoint({ weights: WEIGHTS, step: 123456, settings: SETTINGS }));
    expect(new Uint32Array(back.weights.buffer)).toEqual(new Uint32Array(WEIGHTS.buffer));
    expect(back.step).toBe(123456);
    expect(back.settings).toEqual(SETTINGS);
  });

  test('a plain safetensors file: one F32 tensor "weights" of shape [N], string metadata', () => {
    const file = readSafetensors(encodeCheckpoint({ weights: WEIGHTS, step: 0, settings: {} }));
    expect(Object.keys(file.tensors)).toEqual(['weights']);
    expect(file.tensors.weights!.shape).toEqual([7]);
    expect(file.metadata).toEqual({ format: 'sparsewatch-checkpoint/1', step: '0', settings: '{}' });
  });

  test('with a digits network\'s biases: a second F32 tensor "biases" [B], bit for bit', () => {
    const biases = Float32Array.from([-0, 1.5, NaN, -2.5e-40]);
    const bytes = encodeCheckpoint({ weights: WEIGHTS, biases, step: 9, settings: SETTINGS });
    const file = readSafetensors(bytes);
    expect(Object.keys(file.tensors).sort()).toEqual(['biases', 'weights']);
    expect(file.tensors.biases).toMatchObject({ dtype: 'F32', shape: [4] });
    const back = decodeCheckpoint(bytes);
    expect(new Uint32Array(back.biases!.buffer, back.biases!.byteOffset, 4)).toEqual(new Uint32Array(biases.buffer));
    expect(new Uint32Array(back.weights.buffer, back.weights.byteOffset, WEIGHTS.length)).toEqual(new Uint32Array(WEIGHTS.buffer));
    expect(back.step).toBe(9);
  });

  test('without biases there is no "biases" tensor, and none comes back', () => {
    expect(decodeCheckpoint(encodeCheckpoint({ weights: WEIGHTS, step: 0, settings: {} }))).not.toHaveProperty('biases');
  });

  test('from an ArrayBuffer, as a File gives it', () => {
    const bytes = encodeCheckpoint({ weights: Float32Array.from([1]), step: 1, settings: { a: 1 } });
    expect(decodeCheckpoint(bytes.slice().buffer).settings).toEqual({ a: 1 });
  });
});

describe('encode refuses', () => {
  test('no weights, or weights that are not f32', () => {
    expectConfigError(() => encodeCheckpoint({ weights: new Float32Array(0), step: 0, settings: {} }), 'checkpoint.weights', 'got "no weights"', '1 weight or more');
    const f64 = new Float64Array(2) as unknown as Float32Array;
    expectConfigError(() => encodeCheckpoint({ weights: f64, step: 0, settings: {} }), 'checkpoint.weights', 'got "object"', 'a Float32Array');
  });

  test('biases that are empty or not f32', () => {
    expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, biases: new Float32Array(0), step: 0, settings: {} }), 'checkpoint.biases', 'got "no biases"', 'or none');
    const f64 = new Float64Array(2) as unknown as Float32Array;
    expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, biases: f64, step: 0, settings: {} }), 'checkpoint.biases', 'got "object"', 'a Float32Array');
  });

  test('a step that is not a whole number ≥ 0', () => {
    for (const [step, shown] of [[-1, '-1'], [1.5, '1.5'], [NaN, 'NaN'], [2 ** 53, '9007199254740992']] as const) {
      expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, step, settings: {} }), 'checkpoint.step', `got ${shown}`, 'a whole number from 0 to 9007199254740991');
    }
  });

  test('settings that JSON cannot keep', () => {
    const cases: [unknown, string, string][] = [
      [{ lr: NaN }, 'checkpoint.settings.lr', 'got NaN'],
      [{ nested: { l1: Infinity } }, 'checkpoint.settings.nested.l1', 'got Infinity'],
      [{ hidden: [1, undefined] }, 'checkpoint.settings.hidden[1]', 'got nothing'],
      [{ onStep: () => 0 }, 'checkpoint.settings.onStep', 'got "function"'],
      [{ when: new Date(0) }, 'checkpoint.settings.when', 'got "Date"'],
      [{ big: 1n }, 'checkpoint.settings.big', 'got "bigint"'],
    ];
    for (const [settings, field, shown] of cases) {
      expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, step: 0, settings: settings as Record<string, unknown> }), field, shown, 'a finite');
    }
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, step: 0, settings: loop }), 'checkpoint.settings.self', 'got "a reference to itself"');
  });

  test('settings that are not a plain object', () => {
    expectConfigError(() => encodeCheckpoint({ weights: WEIGHTS, step: 0, settings: [1] as unknown as Record<string, unknown> }), 'checkpoint.settings', 'got [1]', 'a plain object');
  });
});

describe('decode refuses', () => {
  test('a safetensors file that is not a checkpoint, or another version', () => {
    const dataset = writeSafetensors({ features: { dtype: 'F32', shape: [1, 1], data: Float32Array.from([1]) } });
    expectConfigError(() => decodeCheckpoint(dataset), 'checkpoint.format', 'got nothing', '"sparsewatch-checkpoint/1"');
    expectConfigError(() => decodeCheckpoint(variant({ format: 'sparsewatch-checkpoint/2' })), 'checkpoint.format', 'got "sparsewatch-checkpoint/2"');
  });

  test('a malformed container: the safetensors field is named', () => {
    expectConfigError(() => decodeCheckpoint(new Uint8Array(3)), 'safetensors.byteLength', 'got 3');
  });

  test('a missing "weights" tensor or an extra tensor', () => {
    const meta = { format: CHECKPOINT_FORMAT, step: '1', settings: '{}' };
    const other = writeSafetensors({ w: { dtype: 'F32', shape: [1], data: Float32Array.from([1]) } }, meta);
    expectConfigError(() => decodeCheckpoint(other), 'checkpoint.tensors', 'got ["w"]', 'a tensor "weights", and for a digits network "biases": no others');
    const one = { dtype: 'F32', shape: [1], data: Float32Array.from([1]) } as const;
    expectConfigError(() => decodeCheckpoint(writeSafetensors({ weights: one, bias: one }, meta)), 'checkpoint.tensors', 'got ["bias","weights"]');
    expectConfigError(() => decodeCheckpoint(writeSafetensors({ weights: one, biases: one, extra: one }, meta)), 'checkpoint.tensors', 'got ["biases","extra","weights"]');
    expectConfigError(() => decodeCheckpoint(writeSafetensors({ biases: one }, meta)), 'checkpoint.tensors', 'got ["biases"]');
  });

  test('biases stored as F64, or not 1-D, or empty', () => {
    const meta = `"__metadata__":{"format":"${CHECKPOINT_FORMAT}","step":"1","settings":"{}"}`;
    const f64 = `{${meta},"biases":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"weights":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}`;
    const data = new Uint8Array([...f64le([1]), 0, 0, 0x80, 0x3f]);
    expectConfigError(() => decodeCheckpoint(safetensorsFile(f64, data)), 'checkpoint.biases.dtype', 'got "F64"', '"F32"');
    const weights = { dtype: 'F32', shape: [1], data: Float32Array.from([1]) } as const;
    const withBiases = (shape: number[], data: Float32Array) =>
      writeSafetensors({ weights, biases: { dtype: 'F32', shape, data } }, { format: CHECKPOINT_FORMAT, step: '1', settings: '{}' });
    expectConfigError(() => decodeCheckpoint(withBiases([2, 2], new Float32Array(4))), 'checkpoint.biases.shape', 'got [2,2]', '[B] with B ≥ 1');
    expectConfigError(() => decodeCheckpoint(withBiases([0], new Float32Array(0))), 'checkpoint.biases.shape', 'got [0]');
  });

  test('weights stored as F64, or not 1-D, or empty', () => {
    const header = `{"__metadata__":{"format":"${CHECKPOINT_FORMAT}","step":"1","settings":"{}"},"weights":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`;
    expectConfigError(() => decodeCheckpoint(safetensorsFile(header, f64le([1]))), 'checkpoint.weights.dtype', 'got "F64"', '"F32"');
    expectConfigError(() => decodeCheckpoint(variant({}, Float32Array.from([1, 2, 3, 4]), [2, 2])), 'checkpoint.weights.shape', 'got [2,2]', '[N] with N ≥ 1');
    expectConfigError(() => decodeCheckpoint(variant({}, new Float32Array(0))), 'checkpoint.weights.shape', 'got [0]');
  });

  test('a step that is not a whole number ≥ 0', () => {
    for (const step of ['', '-1', '1.5', '01', '1e3', ' 2', '9007199254740993', 'NaN']) {
      expectConfigError(() => decodeCheckpoint(variant({ step })), 'checkpoint.step', `got ${JSON.stringify(step)}`, 'a whole number');
    }
    const noStep = writeSafetensors({ weights: { dtype: 'F32', shape: [1], data: Float32Array.from([1]) } }, { format: CHECKPOINT_FORMAT, settings: '{}' });
    expectConfigError(() => decodeCheckpoint(noStep), 'checkpoint.step', 'got nothing');
  });

  test('settings that are not a JSON object', () => {
    for (const settings of ['', '{', '[1]', 'null', '"x"', '3']) {
      expectConfigError(() => decodeCheckpoint(variant({ settings })), 'checkpoint.settings', `got ${JSON.stringify(settings)}`, 'a JSON object');
    }
  });
});
