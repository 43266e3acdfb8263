/**
 * .npy: a header written by hand exactly as NumPy writes it, every version and layout the
 * reader accepts, every malformed file it refuses (field, value and what is allowed), and
 * writeNpy's bytes against the hand-made file.
 */
import { describe, expect, test } from 'vitest';
import { readNpy, writeNpy } from '../../src/data/npy.ts';
import { ascii, concat, f32le, f64le, npyFile, npyHeader } from './bytes.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const DICT_3X2 = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }";
const VALUES = [1, -2, 0.5, 3.25, -0, 1e-3];

/** np.save(f, np.array([[1, -2], [0.5, 3.25], [-0., 1e-3]], dtype=np.float32)), byte for byte. */
function numpyFile3x2(): Uint8Array {
  const header = `${DICT_3X2}${' '.repeat(128 - 10 - DICT_3X2.length - 1)}\n`;
  return concat(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), ascii(header), f32le(VALUES));
}

function f4(shape: string, data: Uint8Array, descr = '<f4', order = 'False'): Uint8Array {
  return npyFile(npyHeader(`{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`), data);
}

describe('reading', () => {
  test('the header NumPy writes: 128 bytes to the data, version 1.0, (3, 2) float32', () => {
    const bytes = numpyFile3x2();
    expect(bytes.length).toBe(128 + 24);
    const array = readNpy(bytes);
    expect(array.dtype).toBe('<f4');
    expect(array.shape).toEqual([3, 2]);
    expect(Array.from(array.data)).toEqual(VALUES.map(Math.fround));
    expect(Object.is(array.data[4], -0)).toBe(true);
  });

  test('from an ArrayBuffer, and from a Uint8Array at an odd offset into a larger buffer', () => {
    const bytes = numpyFile3x2();
    expect(readNpy(bytes.slice().buffer).shape).toEqual([3, 2]);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readNpy(shifted.subarray(3)).data)).toEqual(VALUES.map(Math.fround));
  });

  test('<f8 is rounded to f32', () => {
    const array = readNpy(f4('(3,)', f64le([0.1, -1e-300, 3.4e38]), '<f8'));
    expect(array.dtype).toBe('<f8');
    expect(array.shape).toEqual([3]);
    expect(Array.from(array.data)).toEqual([Math.fround(0.1), -0, Math.fround(3.4e38)]);
  });

  test('versions 2.0 and 3.0 (u32 header length; 3.0 is UTF-8)', () => {
    for (const major of [2, 3]) {
      const bytes = npyFile(npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12), f32le([4, 5]), { major });
      expect(Array.from(readNpy(bytes).data)).toEqual([4, 5]);
    }
  });

  test('keys in any order, double quotes, no trailing comma, no padding', () => {
    const bytes = npyFile('{"shape": (1, 2), "descr": "<f4", "fortran_order": False}', f32le([7, 8]));
    expect(readNpy(bytes).shape).toEqual([1, 2]);
  });

  test('an empty array (0,) and (0, 3)', () => {
    expect(readNpy(f4('(0,)', new Uint8Array(0))).data.length).toBe(0);
    expect(readNpy(f4('(0, 3)', new Uint8Array(0))).shape).toEqual([0, 3]);
  });
});

describe('writing', () => {
  test('writeNpy gives exactly the bytes NumPy writes', () => {
    expect(writeNpy(Float32Array.from(VALUES), [3, 2])).toEqual(numpyFile3x2());
  });

  test('round trips, 1-D and 2-D, every bit including NaN and -0', () => {
    const data = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i) * 10 ** ((i % 20) - 10));
    data[3] = -0;
    const back = readNpy(writeNpy(data, [7, 143]));
    expect(back.shape).toEqual([7, 143]);
    expect(new Uint32Array(back.data.buffer)).toEqual(new Uint32Array(data.buffer));
    expect(readNpy(writeNpy(data, [1001])).shape).toEqual([1001]);
  });

  test('the data starts at a multiple of 64 bytes for any shape', () => {
    for (const shape of [[1], [3, 2], [1, 99999], [0, 7], [123456, 1]]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const bytes = writeNpy(new Float32Array(size), shape);
      expect((bytes.length - 4 * size) % 64).toBe(0);
    }
  });

  test('a shape that does not match the data', () => {
    expectConfigError(() => writeNpy(new Float32Array(5), [2, 3]), 'npy.shape', 'got [2,3]', "product is the data's length, 5");
    expectConfigError(() => writeNpy(new Float32Array(2), [2.5]), 'npy.shape', 'got [2.5]');
  });
});

describe('malformed files', () => {
  test('wrong magic: not a .npy file', () => {
    expectConfigError(() => readNpy(ascii('PK\u0003\u0004 a zip')), 'npy.magic', 'got "50 4b 03 04 20 61"', '93 4e 55 4d 50 59');
    expectConfigError(() => readNpy(new Uint8Array(0)), 'npy.magic', 'got ""');
  });

  test('too short for the header length', () => {
    expectConfigError(() => readNpy(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 5])), 'npy.byteLength', 'got 9', 'at least 10');
    expectConfigError(() => readNpy(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2])), 'npy.byteLength', 'got 7');
  });

  test('unsupported version', () => {
    expectConfigError(() => readNpy(npyFile('{}', new Uint8Array(0), { major: 4 })), 'npy.version', 'got "4.0"', '1.0, 2.0 or 3.0');
    expectConfigError(() => readNpy(npyFile('{}', new Uint8Array(0), { major: 1, minor: 1 })), 'npy.version', 'got "1.1"');
  });

  test('absurd header length: beyond NumPy limit, or beyond the file', () => {
    const huge = npyFile(' '.repeat(20000), new Uint8Array(0), { major: 2 });
    expectConfigError(() => readNpy(huge), 'npy.header', 'got 20000', "NumPy's limit is 10000");
    const beyond = npyFile(npyHeader(DICT_3X2), new Uint8Array(0), { headerLength: 500 });
    expectConfigError(() => readNpy(beyond), 'npy.header', 'got 500', 'at most 118 bytes', 'this file has 128 bytes');
    const maxU32 = npyFile('{}', new Uint8Array(0), { major: 2, headerLength: 0xffffffff });
    expectConfigError(() => readNpy(maxU32), 'npy.header', 'got 4294967295');
  });

  test('a header that is not a Python dict literal', () => {
    for (const header of ["{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2)", 'descr=<f4', "{'descr': '<f4' 'shape': (2,)}", "{'shape': (-1,)}", "{'a': 1, 'a': 2}"]) {
      expectConfigError(() => readNpy(npyFile(header, new Uint8Array(0))), 'npy.header', "allowed: a Python dict such as {'descr': '<f4'");
    }
  });

  test('missing or extra keys', () => {
    expectConfigError(() => readNpy(npyFile("{'descr': '<f4', 'shape': (2,)}", f32le([1, 2]))), 'npy.header', 'got ["descr","shape"]', "'fortran_order'");
    const extra = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}";
    expectConfigError(() => readNpy(npyFile(extra, f32le([1, 2]))), 'npy.header', '"x"');
  });

  test('big-endian floats', () => {
    expectConfigError(() => readNpy(f4('(2,)', f32le([1, 2]), '>f4')), 'npy.dtype', 'got ">f4"', "'<f4' or '<f8'", 'big-endian');
  });

  test('other dtypes: integers, float16, complex, objects, structured', () => {
    for (const descr of ['<i8', '<f2', '|u1', '<c8', '|O', '|b1', '<U3']) {
      expectConfigError(() => readNpy(f4('(1,)', new Uint8Array(8), descr)), 'npy.dtype', `got "${descr}"`, 'float32 or float64');
    }
    const structured = "{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (1,), }";
    expectConfigError(() => readNpy(npyFile(structured, f32le([1, 2]))), 'npy.dtype', 'got "a structured dtype"');
  });

  test('Fortran order', () => {
    expectConfigError(() => readNpy(f4('(3, 2)', f32le(VALUES), '<f4', 'True')), 'npy.fortran_order', 'got "True"', 'np.ascontiguousarray');
  });

  test('shapes other than 1-D or 2-D', () => {
    expectConfigError(() => readNpy(f4('()', f32le([1]))), 'npy.shape', 'got []', '(n,) or (n, d)');
    expectConfigError(() => readNpy(f4('(1, 1, 2)', f32le([1, 2]))), 'npy.shape', 'got [1,1,2]');
    expectConfigError(() => readNpy(f4("('a',)", f32le([1]))), 'npy.shape', 'got ["a"]');
    expectConfigError(() => readNpy(f4('(99999999999999999999,)', f32le([1]))), 'npy.shape');
  });

  test('data shorter or longer than the shape says', () => {
    expectConfigError(() => readNpy(f4('(3, 2)', f32le([1, 2, 3, 4, 5]))), 'npy.data.byteLength', 'got 20', 'allowed: 24 (shape (3, 2) × 4 bytes per <f4 value');
    expectConfigError(() => readNpy(f4('(2,)', f32le([1, 2, 3]))), 'npy.data.byteLength', 'got 12', 'allowed: 8');
    expectConfigError(() => readNpy(f4('(2,)', f64le([1, 2]), '<f8').subarray(0, -1)), 'npy.data.byteLength', 'got 15', '16');
  });

  test('NaN and ±Infinity, named by index', () => {
    expectConfigError(() => readNpy(f4('(3, 2)', f32le([1, 2, NaN, 4, 5, 6]))), 'npy.data[1, 0]', 'got NaN', 'finite');
    expectConfigError(() => readNpy(f4('(3,)', f32le([1, 2, -Infinity]))), 'npy.data[2]', 'got -Infinity');
    expectConfigError(() => readNpy(f4('(2,)', f64le([Infinity, 0]), '<f8')), 'npy.data[0]', 'got Infinity');
  });

  test('<f8 values beyond the f32 range', () => {
    expectConfigError(() => readNpy(f4('(2, 2)', f64le([0, 1, 2, -1e39]), '<f8')), 'npy.data[1, 1]', 'got -1e+39', '3.4028235e38');
  });

  test('more values than the caller allows, refused before allocating; the label names the file', () => {
    expectConfigError(() => readNpy(f4('(3, 2)', f32le(VALUES)), { maxValues: 5, label: 'X.npy' }), 'X.npy.shape', 'got [3,2]', 'at most 5 values');
  });
});
