/**
 * Little-endian float arrays in and out of raw bytes, shared by the .npy and .safetensors
 * code: f32 copied as is, f64 rounded to f32 with a check that nothing overflows. Not a
 * format of its own; the callers check headers, shapes and lengths before calling.
 */
import { ConfigError } from '../engine/config-error.ts';

/** What the readers accept: a File's `arrayBuffer()`, a Node Buffer, any Uint8Array. */
export type BytesInput = ArrayBuffer | Uint8Array;

export type FloatWidth = 4 | 8;

/** The same bytes as a Uint8Array, without copying. */
export function asBytes(input: BytesInput, field: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new ConfigError(field, Object.prototype.toString.call(input), 'an ArrayBuffer or Uint8Array holding the file');
}

// Every platform a browser or Node runs on today is little-endian, so the fast path is a
// plain copy; the DataView path keeps a big-endian Node build correct rather than garbled.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const F32_RANGE = 'a finite number with |x| ≤ 3.4028235e38 (the f32 range)';
export const FINITE = 'a finite number (NaN and ±Infinity are not data)';

export interface DecodeCheck {
  /** Field prefix for errors; the index is appended NumPy-style: `npy.data[2, 1]`. */
  readonly field: string;
  readonly shape: readonly number[];
  /** Refuse NaN and ±Infinity (data), or pass them through (checkpointed weights). */
  readonly finite: boolean;
}

/**
 * `count` little-endian floats of `width` bytes starting at `offset`, as f32. A finite f64
 * beyond the f32 range is always refused (it would turn into ±Infinity silently).
 */
export function decodeFloats(bytes: Uint8Array, offset: number, count: number, width: FloatWidth, check: DecodeCheck): Float32Array {
  const start = bytes.byteOffset + offset;
  const end = start + count * width;
  const out = width === 4 ? readF32(bytes, start, end, count) : new Float32Array(count);
  if (width === 8) {
    const wide = LITTLE_ENDIAN ? new Float64Array(bytes.buffer.slice(start, end)) : readF64Slow(bytes, start, count);
    for (let i = 0; i < count; i++) {
      const value = wide[i]!;
      const narrow = Math.fround(value);
      if (Number.isFinite(value) && !Number.isFinite(narrow)) fail(check.field, check.shape, i, value, F32_RANGE);
      out[i] = narrow;
    }
  }
  if (check.finite) checkFinite(out, check.field, check.shape, width === 8 ? F32_RANGE : FINITE);
  return out;
}

/** Copies `data` into `target` at `offset` as little-endian f32. */
export function writeF32(target: Uint8Array, offset: number, data: Float32Array): void {
  if (LITTLE_ENDIAN) {
    target.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    return;
  }
  const view = new DataView(target.buffer, target.byteOffset + offset, data.byteLength);
  for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
}

/** Throws unless `shape` is a list of whole numbers whose product is `data.length`. */
export function checkShapeFor(data: Float32Array, shape: readonly number[], field: string): void {
  const valid = Array.isArray(shape) && shape.every((n) => Number.isSafeInteger(n) && n >= 0);
  if (!valid || shape.reduce((a, b) => a * b, 1) !== data.length) {
    throw new ConfigError(field, shape, `whole numbers ≥ 0 whose product is the data's length, ${data.length}`);
  }
}

/** A flat index as NumPy would print the element's position: `[2, 1]` in a (3, 2) array. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  const parts: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis]!;
    parts.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return `[${parts.join(', ')}]`;
}

/** Throws `ConfigError` at the first NaN or ±Infinity, naming its index. */
export function checkFinite(data: Float32Array, field: string, shape: readonly number[], allowed = FINITE): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i]!;
    // x − x is 0 for every finite x and NaN for NaN and ±Infinity: one compare per value.
    if (value - value !== 0) fail(field, shape, i, value, allowed);
  }
}

function fail(field: string, shape: readonly number[], index: number, value: number, allowed: string): never {
  throw new ConfigError(`${field}${formatIndex(index, shape)}`, value, allowed);
}

function readF32(bytes: Uint8Array, start: number, end: number, count: number): Float32Array {
  // slice() copies, which also fixes alignment: the data may start at any byte offset.
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer.slice(start, end));
  const view = new DataView(bytes.buffer, start, end - start);
  return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
}

function readF64Slow(bytes: Uint8Array, start: number, count: number): Float64Array {
  const view = new DataView(bytes.buffer, start, count * 8);
  return Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i, true));
}
