/**
 * Bit-level helpers for tests that compare f32 values exactly: the bit pattern of a
 * number as f32, and the f32 with a given bit pattern. Test code only.
 */
const floats = new Float32Array(1);
const bits = new Uint32Array(floats.buffer);

/** The u32 bit pattern of `value` rounded to f32. */
export function bitsOf(value: number): number {
  floats[0] = value;
  return bits[0]!;
}

/** The f32 (as a number) whose bit pattern is `pattern`. */
export function fromBits(pattern: number): number {
  bits[0] = pattern >>> 0;
  return floats[0]!;
}

/** A Float32Array holding exactly these bit patterns (NaN payloads included). */
export function f32FromBits(patterns: readonly number[]): Float32Array {
  return new Float32Array(Uint32Array.from(patterns, (p) => p >>> 0).buffer);
}

/** The bit patterns of every element of `values`. */
export function bitsOfArray(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}
