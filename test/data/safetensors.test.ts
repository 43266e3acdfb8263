/**
 * safetensors: a small file built byte by byte from the specification and compared with
 * the writer's output, round trips, and every rule of the format the reader enforces, each
 * refusal checked for field, value and what is allowed.
 */
import { describe, expect, test } from 'vitest';
import { readSafetensors, writeSafetensors } from '../../src/data/safetensors.ts';
import { ascii, concat, f32le, f64le, safetensorsFile } from './bytes.ts';
import { expectConfigError } from '../helpers/config-error.ts';

/** Two tensors and metadata, by hand: compact JSON, names sorted, spaces to a multiple of 8. */
function handMadeFile(): Uint8Array {
  const json =
    '{"__metadata__":{"note":"hi"},' +
    '"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},' +
    '"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}';
  expect(json.length).toBe(139);
  const header = `${json}     `; // 139 + 5 spaces = 144 = 18 × 8
  return concat(
    new Uint8Array([144, 0, 0, 0, 0, 0, 0, 0]),
    ascii(header),
    new Uint8Array([0x00, 0x00, 0x80, 0x3f]), // a[0] = 1
    new Uint8Array([0x00, 0x00, 0x00, 0xc0]), // a[1] = -2
    new Uint8Array([0x00, 0x00, 0x00, 0x3f]), // b[0, 0] = 0.5
  );
}

const TENSOR = (offsets: string, shape = '[2]', dtype = 'F32'): string => `{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}`;

describe('the format, byte for byte', () => {
  test('writeSafetensors gives exactly the hand-made bytes (tensors given out of order)', () => {
    const written = writeSafetensors(
      { b: { dtype: 'F32', shape: [1, 1], data: Float32Array.from([0.5]) }, a: { dtype: 'F32', shape: [2], data: Float32Array.from([1, -2]) } },
      { note: 'hi' },
    );
    expect(written).toEqual(handMadeFile());
  });

  test('readSafetensors reads the hand-made file', () => {
    const { tensors, metadata } = readSafetensors(handMadeFile());
    expect(metadata).toEqual({ note: 'hi' });
    expect(Object.keys(tensors).sort()).toEqual(['a', 'b']);
    expect(tensors.a).toEqual({ dtype: 'F32', shape: [2], data: Float32Array.from([1, -2]) });
    expect(tensors.b).toEqual({ dtype: 'F32', shape: [1, 1], data: Float32Array.from([0.5]) });
  });

  test('no metadata: none written, {} read', () => {
    const bytes = writeSafetensors({ w: { dtype: 'F32', shape: [1], data: Float32Array.from([3]) } });
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + 56)).trimEnd()).toBe('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    expect(readSafetensors(bytes).metadata).toEqual({});
  });
});

describe('reading what other writers may write', () => {
  test('an unpadded header at an odd length, entries in any order, data in a different order', () => {
    const header = `{"y":${TENSOR('[8,12]', '[1]')},"x":${TENSOR('[0,8]')}}`;
    const { tensors } = readSafetensors(safetensorsFile(header, f32le([1, 2, 3])));
    expect(Array.from(tensors.x!.data)).toEqual([1, 2]);
    expect(Array.from(tensors.y!.data)).toEqual([3]);
  });

  test('F64 is rounded to f32; NaN and ±Infinity are kept (the format does not forbid them)', () => {
    const { tensors } = readSafetensors(safetensorsFile(`{"w":${TENSOR('[0,32]', '[4]', 'F64')}}`, f64le([0.1, NaN, -Infinity, 1e-50])));
    expect(tensors.w!.dtype).toBe('F64');
    expect(Array.from(tensors.w!.data)).toEqual([Math.fround(0.1), NaN, -Infinity, 0]);
  });

  test('a scalar (shape []) and an empty tensor (shape [0], begin = end)', () => {
    const header = `{"s":${TENSOR('[0,4]', '[]')},"e":${TENSOR('[4,4]', '[0,5]')}}`;
    const { tensors } = readSafetensors(safetensorsFile(header, f32le([7])));
    expect(tensors.s).toEqual({ dtype: 'F32', shape: [], data: Float32Array.from([7]) });
    expect(tensors.e!.data.length).toBe(0);
  });

  test('no tensors at all', () => {
    expect(readSafetensors(safetensorsFile('{}'))).toEqual({ tensors: {}, metadata: {} });
  });

  test('from an ArrayBuffer and from a Uint8Array at an odd offset', () => {
    const bytes = handMadeFile();
    expect(readSafetensors(bytes.slice().buffer).metadata).toEqual({ note: 'hi' });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(readSafetensors(shifted.subarray(1)).tensors.a!.data)).toEqual([1, -2]);
  });
});

describe('round trips', () => {
  test('every bit, odd names, many tensors', () => {
    const special = Float32Array.from([NaN, -0, Infinity, -Infinity, 1.4e-45, 3.4028235e38]);
    const tensors = {
      weights: { dtype: 'F32' as const, shape: [2, 3], data: special },
      __proto__: { dtype: 'F32' as const, shape: [1], data: Float32Array.from([1]) },
      'naïve name "quoted"': { dtype: 'F32' as const, shape: [0], data: new Float32Array(0) },
      big: { dtype: 'F32' as const, shape: [1000], data: Float32Array.from({ length: 1000 }, (_, i) => i / 7) },
    };
    // An object literal's __proto__ sets the prototype; make it a real key.
    Object.defineProperty(tensors, '__proto__', { value: { dtype: 'F32', shape: [1], data: Float32Array.from([1]) }, enumerable: true });
    const bytes = writeSafetensors(tensors, { a: '1', 'ü': '✓' });
    expect(new DataView(bytes.buffer).getBigUint64(0, true) % 8n).toBe(0n);
    const back = readSafetensors(bytes);
    expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
    expect(Object.getPrototypeOf(back.tensors)).toBe(Object.prototype);
    expect(new Uint32Array(back.tensors.weights!.data.buffer)).toEqual(new Uint32Array(special.buffer));
    expect(back.tensors.big!.data).toEqual(tensors.big.data);
    expect(back.tensors['__proto__']!.shape).toEqual([1]);
    expect(back.metadata).toEqual({ a: '1', 'ü': '✓' });
  });
});

describe('writer refuses', () => {
  const data = Float32Array.from([1, 2]);
  test('a dtype other than F32', () => {
    expectConfigError(() => writeSafetensors({ w: { dtype: 'F16' as 'F32', shape: [2], data } }), 'safetensors["w"].dtype', 'got "F16"', '"F32"');
  });
  test('a shape that does not match the data', () => {
    expectConfigError(() => writeSafetensors({ w: { dtype: 'F32', shape: [3], data } }), 'safetensors["w"].shape', 'got [3]', 'length, 2');
  });
  test('a tensor called __metadata__', () => {
    expectConfigError(() => writeSafetensors({ __metadata__: { dtype: 'F32', shape: [2], data } }), 'safetensors tensor name', 'got "__metadata__"');
  });
  test('metadata that is not all strings', () => {
    expectConfigError(() => writeSafetensors({}, { step: 3 as unknown as string }), 'safetensors.__metadata__["step"]', 'got 3', 'a string');
  });
  test('data that is not a Float32Array', () => {
    const wrong = { w: { dtype: 'F32' as const, shape: [2], data: [1, 2] as unknown as Float32Array } };
    expectConfigError(() => writeSafetensors(wrong), 'safetensors["w"].data', 'got "object"', 'Float32Array');
  });
});

describe('malformed files', () => {
  test('shorter than 8 bytes', () => {
    expectConfigError(() => readSafetensors(new Uint8Array(5)), 'safetensors.byteLength', 'got 5', 'at least 8');
    expectConfigError(() => readSafetensors(new Uint8Array(0)), 'safetensors.byteLength', 'got 0');
  });

  test('header length beyond the file', () => {
    expectConfigError(() => readSafetensors(safetensorsFile('{}', new Uint8Array(0), 3n)), 'safetensors.header_length', 'got 3', 'at most 2 bytes', 'this file has 10 bytes');
    const huge = safetensorsFile('{}', new Uint8Array(0), 2n ** 64n - 1n);
    expectConfigError(() => readSafetensors(huge), 'safetensors.header_length', 'got 18446744073709551615n');
  });

  test('header length beyond 100 MB, even in a file that large', () => {
    const bytes = new Uint8Array(100_000_016);
    new DataView(bytes.buffer).setBigUint64(0, 100_000_001n, true);
    expectConfigError(() => readSafetensors(bytes), 'safetensors.header_length', 'got 100000001', 'at most 100000000 bytes');
  });

  test('a header that is not UTF-8, or does not start with "{"', () => {
    const latin1 = concat(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0]), new Uint8Array([0x7b, 0xff]));
    expectConfigError(() => readSafetensors(latin1), 'safetensors.header', 'got "bytes that are not UTF-8"');
    expectConfigError(() => readSafetensors(safetensorsFile(' {}')), 'safetensors.header', 'got " {}"', 'starting with "{"');
    expectConfigError(() => readSafetensors(safetensorsFile('\ufeff{}')), 'safetensors.header', 'starting with "{"');
    expectConfigError(() => readSafetensors(safetensorsFile('[]')), 'safetensors.header', 'got "[]"');
  });

  test('invalid JSON', () => {
    expectConfigError(() => readSafetensors(safetensorsFile('{"w": {"dtype": "F32",}')), 'safetensors.header', 'got "{\\"w\\"', 'not valid JSON');
  });

  test('a tensor entry that is not an object, or has missing or extra keys', () => {
    expectConfigError(() => readSafetensors(safetensorsFile('{"w": [1, 2]}')), 'safetensors["w"]', 'got [1,2]', 'exactly "dtype", "shape" and "data_offsets"');
    expectConfigError(() => readSafetensors(safetensorsFile('{"w": {"dtype": "F32", "shape": [0]}}')), 'safetensors["w"]', 'got ["dtype","shape"]');
    const extra = '{"w": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0], "x": 1}}';
    expectConfigError(() => readSafetensors(safetensorsFile(extra)), 'safetensors["w"]', 'got ["data_offsets","dtype","shape","x"]');
  });

  test('unknown or unsupported dtypes', () => {
    for (const dtype of ['F16', 'BF16', 'I64', 'U8', 'BOOL', 'F8_E4M3', 'f32', 'float32']) {
      const header = `{"w":${TENSOR('[0,8]', '[2]', dtype)}}`;
      expectConfigError(() => readSafetensors(safetensorsFile(header, f32le([1, 2]))), 'safetensors["w"].dtype', `got "${dtype}"`, '"F32" or "F64"', 'tensor.float()');
    }
  });

  test('a shape that is not a list of whole numbers', () => {
    for (const shape of ['[-1]', '[1.5]', '"2"', '[null]', '[1e300]']) {
      expectConfigError(() => readSafetensors(safetensorsFile(`{"w":${TENSOR('[0,0]', shape)}}`)), 'safetensors["w"].shape', 'whole numbers ≥ 0');
    }
  });

  test('offsets that are not [begin, end] with begin ≤ end', () => {
    for (const offsets of ['[0]', '[0,4,8]', '[8,4]', '[-4,0]', '"0,4"']) {
      expectConfigError(() => readSafetensors(safetensorsFile(`{"w":${TENSOR(offsets, '[1]')}}`, f32le([1, 2]))), 'safetensors["w"].data_offsets', '[begin, end]');
    }
  });

  test('offsets past the end of the data', () => {
    expectConfigError(() => readSafetensors(safetensorsFile(`{"w":${TENSOR('[0,12]', '[3]')}}`, f32le([1, 2]))), 'safetensors["w"].data_offsets', 'got [0,12]', 'which has 8 bytes');
  });

  test('a shape that does not match its offsets', () => {
    expectConfigError(() => readSafetensors(safetensorsFile(`{"w":${TENSOR('[0,8]', '[3]')}}`, f32le([1, 2]))), 'safetensors["w"].data_offsets', 'got [0,8]', 'a span of 12 bytes: shape [3] × 4 bytes per F32 value');
    const f64 = `{"w":${TENSOR('[0,8]', '[2]', 'F64')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(f64, f32le([1, 2]))), 'safetensors["w"].data_offsets', 'a span of 16 bytes');
    const vast = `{"w":${TENSOR('[0,8]', '[1099511627776,1099511627776]')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(vast, f32le([1, 2]))), 'safetensors["w"].data_offsets', 'more bytes than the file holds');
  });

  test('overlapping tensors', () => {
    const header = `{"a":${TENSOR('[0,8]')},"b":${TENSOR('[4,12]')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(header, f32le([1, 2, 3]))), 'safetensors["b"].data_offsets', 'got [4,12]', 'a begin of 8', 'overlaps "a"');
  });

  test('a hole between tensors, before the first, or bytes after the last', () => {
    const hole = `{"a":${TENSOR('[0,8]')},"b":${TENSOR('[12,20]')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(hole, f32le([1, 2, 3, 4, 5]))), 'safetensors["b"].data_offsets', 'leaves bytes 8..12 unused');
    expectConfigError(() => readSafetensors(safetensorsFile(`{"a":${TENSOR('[4,12]')}}`, f32le([1, 2, 3]))), 'safetensors["a"].data_offsets', 'a begin of 0, where the buffer starts');
    expectConfigError(() => readSafetensors(safetensorsFile(`{"a":${TENSOR('[0,8]')}}`, f32le([1, 2, 3]))), 'safetensors.data.byteLength', 'got 12', 'allowed: 8');
  });

  test('a duplicate key that would hide a tensor shows up as a hole', () => {
    const header = `{"a":${TENSOR('[0,8]')},"a":${TENSOR('[8,16]')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(header, f32le([1, 2, 3, 4]))), 'safetensors["a"].data_offsets', 'leaves bytes 0..8 unused');
  });

  test('metadata that is not an object of strings', () => {
    expectConfigError(() => readSafetensors(safetensorsFile('{"__metadata__": ["a"]}')), 'safetensors.__metadata__', 'got ["a"]', 'an object of string values');
    expectConfigError(() => readSafetensors(safetensorsFile('{"__metadata__": null}')), 'safetensors.__metadata__', 'got null');
    expectConfigError(() => readSafetensors(safetensorsFile('{"__metadata__": {"step": 12}}')), 'safetensors.__metadata__["step"]', 'got 12', 'a string');
    expectConfigError(() => readSafetensors(safetensorsFile('{"__metadata__": {"s": {"x": "y"}}}')), 'safetensors.__metadata__["s"]', 'got {"x":"y"}');
  });

  test('F64 values beyond the f32 range', () => {
    const header = `{"w":${TENSOR('[0,16]', '[2]', 'F64')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(header, f64le([1, 1e39]))), 'safetensors["w"].data[1]', 'got 1e+39', 'the f32 range');
  });

  test('a tensor larger than the caller allows', () => {
    const header = `{"w":${TENSOR('[0,12]', '[3]')}}`;
    expectConfigError(() => readSafetensors(safetensorsFile(header, f32le([1, 2, 3])), { maxValues: 2 }), 'safetensors["w"].shape', 'got [3]', 'at most 2 values');
  });
});
