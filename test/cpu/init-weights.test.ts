/**
 * The hash and the starting weights drawn from it: known values derived independently of
 * `hash.ts` (BigInt arithmetic, and literals worked out from the algorithm's definition),
 * ranges, determinism, offset consistency and rough uniformity.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/engine/config-error.ts';
import { initWeights } from '../../src/engine/cpu/init-weights.ts';
import { hashAt, pcgHash, STREAM_WEIGHTS, streamKey } from '../../src/engine/hash.ts';
import type { WeightInit } from '../../src/engine/types.ts';

const U32 = 2n ** 32n;

/** pcg_hash (Jarzynski & Olano 2020) in BigInt, straight from its definition. */
function pcgHashBig(input: bigint): bigint {
  const state = (input * 747796405n + 2891336453n) % U32;
  const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) % U32;
  return ((word >> 22n) ^ word) % U32;
}

function draw(init: WeightInit, n: number, offset = 0): Float32Array {
  const weights = new Float32Array(n);
  initWeights(weights, init, offset);
  return weights;
}

describe('pcgHash', () => {
  test('known values for 0 and 1', () => {
    expect(pcgHashBig(0n)).toBe(129708002n);
    expect(pcgHashBig(1n)).toBe(2831084092n);
    expect(pcgHash(0)).toBe(129708002);
    expect(pcgHash(1)).toBe(2831084092);
  });

  test('agrees with the BigInt definition across the u32 range', () => {
    for (const x of [2, 3, 255, 65535, 0x7fffffff, 0x80000000, 0x9e3779b9, 0xfffffffe, 0xffffffff]) {
      expect(pcgHash(x)).toBe(Number(pcgHashBig(BigInt(x))));
    }
  });

  test('streamKey and hashAt compose it as documented', () => {
    const key = Number(pcgHashBig(BigInt((42 ^ 0x9e3779b9) >>> 0)));
    expect(streamKey(42, STREAM_WEIGHTS)).toBe(key);
    expect(key).toBe(733069616);
    expect(hashAt(key, 0)).toBe(Number(pcgHashBig(pcgHashBig(0n) ^ BigInt(key))));
    expect(hashAt(key, 0)).toBe(4060075222);
  });
});

describe('initWeights', () => {
  test('known first weights (worked out from the hash by hand)', () => {
    // seed 42, index 0: h = 4060075222
    //   symmetric k = h >>> 8 = 15859668: x = (2k − 2^24)·2^−24 = 0.8906197547912598,
    //     f32(f32(0.1)·x) = 0.08906197547912598
    //   positive  k = h >>> 9 = 7929834: x = (2k + 1)·2^−24 = 0.9453099370002747,
    //     f32(f32(0.1)·x) = 0.09453099220991135
    expect(draw({ kind: 'symmetric', scale: 0.1, seed: 42 }, 2)[0]).toBe(0.08906197547912598);
    expect(draw({ kind: 'positive', scale: 0.1, seed: 42 }, 2)[0]).toBe(0.09453099220991135);
    // seed 0, index 1: h = 856866577, k = 3347135 (24 bits) and 1673567 (23 bits)
    expect(draw({ kind: 'symmetric', scale: 0.1, seed: 0 }, 2)[1]).toBe(-0.0600990429520607);
    expect(draw({ kind: 'positive', scale: 0.1, seed: 0 }, 2)[1]).toBe(0.01995047926902771);
  });

  test('with scale 1 the draws are exactly the grid values (2k − 2^24)·2^−24 and (2k + 1)·2^−24', () => {
    const key = streamKey(5, STREAM_WEIGHTS);
    const symmetric = draw({ kind: 'symmetric', scale: 1, seed: 5 }, 64);
    const positive = draw({ kind: 'positive', scale: 1, seed: 5 }, 64);
    for (let i = 0; i < 64; i++) {
      const h = hashAt(key, i);
      expect(symmetric[i]).toBe((2 * (h >>> 8) - 2 ** 24) * 2 ** -24);
      expect(positive[i]).toBe((2 * (h >>> 9) + 1) * 2 ** -24);
    }
  });

  test('symmetric stays in [−scale, scale), positive in (0, scale)', () => {
    for (const scale of [1, 0.01, 3e38]) {
      const s = draw({ kind: 'symmetric', scale, seed: 3 }, 20_000);
      const p = draw({ kind: 'positive', scale, seed: 3 }, 20_000);
      const fs = Math.fround(scale);
      expect(s.every((w) => w >= -fs && w < fs)).toBe(true);
      expect(p.every((w) => w > 0 && w < fs)).toBe(true);
      expect(s.some((w) => w < 0) && s.some((w) => w > 0)).toBe(true);
    }
  });

  test('the extreme grid points, found by scanning seed 0, stay in range', () => {
    const key = streamKey(0, STREAM_WEIGHTS);
    const lowest = 2_923_600; // h >>> 8 = 0, so also h >>> 9 = 0
    const highestSymmetric = 41_816_856; // h >>> 8 = 2^24 − 1
    const highestPositive = 4_632_849; // h >>> 9 = 2^23 − 1
    expect(hashAt(key, lowest) >>> 8).toBe(0);
    expect(hashAt(key, highestSymmetric) >>> 8).toBe(2 ** 24 - 1);
    expect(hashAt(key, highestPositive) >>> 9).toBe(2 ** 23 - 1);
    const fs = Math.fround(0.1);
    // symmetric: x = −1 gives exactly −scale; x = 1 − 2^−23 stays below scale, by
    // f32(0.1)·2^−23 ≈ 1.6 ulp (ulp = 2^−27) rounded to 2 ulp
    expect(draw({ kind: 'symmetric', scale: 0.1, seed: 0 }, 1, lowest)[0]).toBe(-fs);
    expect(draw({ kind: 'symmetric', scale: 0.1, seed: 0 }, 1, highestSymmetric)[0]).toBe(fs - 2 ** -26);
    // positive: x = 2^−24 is tiny but positive; x = 1 − 2^−24 stays below scale, by
    // f32(0.1)·2^−24 ≈ 0.8 ulp rounded to 1 ulp
    expect(draw({ kind: 'positive', scale: 0.1, seed: 0 }, 1, lowest)[0]).toBe(fs * 2 ** -24);
    expect(draw({ kind: 'positive', scale: 0.1, seed: 0 }, 1, highestPositive)[0]).toBe(fs - 2 ** -27);
  });

  test('the same seed gives the same weights; different seeds differ', () => {
    const a = draw({ kind: 'symmetric', scale: 1, seed: 123 }, 1000);
    const b = draw({ kind: 'symmetric', scale: 1, seed: 123 }, 1000);
    const c = draw({ kind: 'symmetric', scale: 1, seed: 124 }, 1000);
    expect(b).toEqual(a);
    const same = a.filter((w, i) => w === c[i]).length;
    expect(same).toBeLessThan(5);
  });

  test('weight i depends on the global index only: two halves with offsets equal one pass', () => {
    const init: WeightInit = { kind: 'positive', scale: 2, seed: 99 };
    const whole = draw(init, 1001);
    const joined = new Float32Array(1001);
    initWeights(joined.subarray(0, 400), init, 0);
    initWeights(joined.subarray(400), init, 400);
    expect(joined).toEqual(whole);
    // an offset near the top of the u32 counter range is allowed
    expect(draw(init, 4, 2 ** 32 - 4).every((w) => w > 0)).toBe(true);
  });

  test('offsets past the u32 counter range are refused', () => {
    const init: WeightInit = { kind: 'positive', scale: 1, seed: 0 };
    expect(() => draw(init, 4, 2 ** 32 - 3)).toThrow(ConfigError);
    expect(() => draw(init, 4, -1)).toThrow(/offset: got -1/);
    expect(() => draw(init, 4, 0.5)).toThrow(ConfigError);
  });

  test('roughly uniform: mean and variance of 100k draws', () => {
    const n = 100_000;
    for (const [kind, mean, variance] of [
      ['symmetric', 0, 1 / 3],
      ['positive', 0.5, 1 / 12],
    ] as const) {
      const w = draw({ kind, scale: 1, seed: 2024 }, n);
      let sum = 0;
      let sumSq = 0;
      for (const x of w) {
        sum += x;
        sumSq += x * x;
      }
      const m = sum / n;
      const v = sumSq / n - m * m;
      // standard error of the mean is √(variance / n) ≈ 0.0018 (symmetric): allow ~4σ
      expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
      expect(Math.abs(v - variance) / variance).toBeLessThan(0.02);
    }
  });

  test('a bad init is refused before anything is written', () => {
    const weights = Float32Array.of(7, 7);
    expect(() => initWeights(weights, { kind: 'symmetric', scale: 0, seed: 1 })).toThrow(ConfigError);
    expect(Array.from(weights)).toEqual([7, 7]);
  });
});
