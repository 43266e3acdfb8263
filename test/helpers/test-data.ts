/**
 * Deterministic test data that does not come from the engine's own hash: a small
 * xorshift generator, so a bug in the engine's random numbers cannot hide in its tests.
 */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** `count` f32 values uniform in [−scale, scale). */
export function uniformF32(count: number, scale: number, seed: number): Float32Array {
  const next = xorshift(seed);
  return Float32Array.from({ length: count }, () => (2 * next() - 1) * scale);
}

/** Values where f32 semantics bite: signed zeros, subnormals, NaN, infinities, near-overflow. */
export const EDGE_VALUES: readonly number[] = [
  0, -0, 1.4e-45, -1.4e-45, 1e-40, -1e-40, 1.1754942e-38, 1.1754944e-38, NaN, Infinity, -Infinity, 3e38, -3e38, 1, -1, 0.05, -0.05,
  0.1, -0.1, 0.25, 2, -3.5, 1e-30, 65504,
];
