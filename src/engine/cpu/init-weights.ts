/**
 * Starting weights drawn from the counter-based hash, so weight i depends only on
 * (seed, i): the same on the CPU and the GPU, whatever the sharding or the order of work.
 * This module fills a Float32Array; it does not decide sizes or own any buffers.
 *
 * With h = hashAt(streamKey(seed, STREAM_WEIGHTS), i):
 *   symmetric  k = h >>> 8 (24 bits),  x = (2k − 2^24)·2^−24   in [−1, 1)
 *   positive   k = h >>> 9 (23 bits),  x = (2k + 1)·2^−24      in (0, 1)
 *   weight i   = f32(f32(scale) · x)
 * Both x need at most 24 significant bits, so they are exact in f32 as in f64, and the
 * product of two 24-bit numbers is exact in f64: the one `fround` is the only rounding,
 * the same single rounding as the WGSL f32 multiply (shaders/init-weights.wgsl). The
 * positive kind takes one bit fewer so that 2k + 1 fits f32; with 24 bits, (2k + 1)·2^−25
 * would need 25, and its top value 1 − 2^−25 would round up to scale itself.
 * Since |x| < 1 (or x = −1), no draw exceeds f32(scale) in magnitude or overflows; the
 * largest positive draw, f32(scale)·(1 − 2^−24), still rounds below f32(scale). A scale
 * so small that products fall below 2^−126 gives subnormals, which are kept.
 */
import { checkWeightInit } from '../checks.ts';
import { ConfigError } from '../config-error.ts';
import { hashAt, STREAM_WEIGHTS, streamKey } from '../hash.ts';
import type { WeightInit } from '../types.ts';

/** Hash counters are u32, so global indices end below 2^32. */
const INDEX_LIMIT = 2 ** 32;
const TWO_POW_24 = 2 ** 24;
const TWO_POW_MINUS_24 = 2 ** -24;

/** Fills `weights` with the draws for global indices [offset, offset + weights.length). */
export function initWeights(weights: Float32Array, init: WeightInit, offset = 0): void {
  checkWeightInit(init);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + weights.length > INDEX_LIMIT) {
    throw new ConfigError('offset', offset, `a whole number from 0 to ${(INDEX_LIMIT - weights.length).toLocaleString('en-US')}`);
  }
  const key = streamKey(init.seed, STREAM_WEIGHTS);
  const scale = Math.fround(init.scale);
  const positive = init.kind === 'positive';
  for (let i = 0; i < weights.length; i++) {
    const h = hashAt(key, offset + i);
    const x = positive ? (2 * (h >>> 9) + 1) * TWO_POW_MINUS_24 : (2 * (h >>> 8) - TWO_POW_24) * TWO_POW_MINUS_24;
    weights[i] = Math.fround(scale * x);
  }
}
