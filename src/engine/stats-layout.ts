/**
 * Where each count lives in a snapshot's `counts` array. Shared by both engines, the WGSL
 * (which repeats these numbers as constants; a test checks they agree) and the UI.
 *
 * Bins come from the float's bits, not from arithmetic: the exponent field e of a normal
 * number is floor(log2|w|) + 127, so bin `negNormal + e − 1` holds negative weights with
 * 2^(e−127) ≤ |w| < 2^(e−126). Exact zeros (±0), subnormals, NaN and ±Inf get bins of
 * their own. Bins 0..VALUE_BIN_COUNT−1 partition the weights, so they sum to N.
 */
export const NORMAL_EXPONENTS = 254; // exponent fields 1..254
export const BIN_NEG_NORMAL = 0;
export const BIN_POS_NORMAL = 254;
export const BIN_ZERO = 508;
export const BIN_NEG_SUBNORMAL = 509;
export const BIN_POS_SUBNORMAL = 510;
export const BIN_NAN = 511;
export const BIN_POS_INF = 512;
export const BIN_NEG_INF = 513;
/** Bins that partition the weights. */
export const VALUE_BIN_COUNT = 514;
/** Weights non-zero before this step and exactly zero after it. */
export const COUNT_BECAME_ZERO = 514;
/** Weights exactly zero before this step and non-zero after it. */
export const COUNT_LEFT_ZERO = 515;
export const COUNTER_COUNT = 516;

/** The value bin of one f32 given its bit pattern. */
export function binOfBits(bits: number): number {
  const negative = bits >>> 31 === 1;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    if (mantissa !== 0) return BIN_NAN;
    return negative ? BIN_NEG_INF : BIN_POS_INF;
  }
  if (exponent === 0) {
    if (mantissa === 0) return BIN_ZERO;
    return negative ? BIN_NEG_SUBNORMAL : BIN_POS_SUBNORMAL;
  }
  return (negative ? BIN_NEG_NORMAL : BIN_POS_NORMAL) + exponent - 1;
}

/** log2 of the lower edge of a normal bin's magnitude range. */
export function binLowerLog2(exponentField: number): number {
  return exponentField - 127;
}
