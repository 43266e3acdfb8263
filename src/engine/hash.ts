/**
 * The counter-based hash both engines draw random numbers from: PCG's output permutation
 * applied to a counter ("pcg_hash", Jarzynski & Olano, JCGT 2020). The WGSL kernels compute
 * the same function in u32 arithmetic, so a weight's starting value depends only on
 * (seed, index), never on the engine, the shard layout or the order of work.
 */

/** One round of PCG hashing on a u32. */
export function pcgHash(input: number): number {
  const state = (Math.imul(input >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Separates the random streams drawn from one seed (weights, features, noise, …). */
export const STREAM_WEIGHTS = 0x9e3779b9;

/** The per-run key mixed into every counter of one stream. */
export function streamKey(seed: number, stream: number): number {
  return pcgHash((seed ^ stream) >>> 0);
}

/** A u32 for counter `index` (< 2^32) of the stream with key `key`. */
export function hashAt(key: number, index: number): number {
  return pcgHash((pcgHash(index >>> 0) ^ key) >>> 0);
}

/**
 * Top 24 bits of a hash as an exact f32 in [0, 1): k·2^−24. Using 24 bits keeps every
 * step exact in f32, so the only rounding is the final multiply by the scale.
 */
export function unitFromHash(h: number): number {
  return (h >>> 8) * 2 ** -24;
}
