/**
 * `applyUpdate` and `computeStats` on hand-picked values. Expectations are written from
 * the maths in `types.ts` (mostly dyadic values, exact in f32, so they can be compared
 * bit for bit), never by running the function under test a second time.
 */
import { describe, expect, test } from 'vitest';
import { applyUpdate, computeStats } from '../../src/engine/cpu/apply-update.ts';
import { initWeights } from '../../src/engine/cpu/init-weights.ts';
import {
  binOfBits,
  BIN_NAN,
  BIN_NEG_INF,
  BIN_NEG_NORMAL,
  BIN_NEG_SUBNORMAL,
  BIN_POS_INF,
  BIN_POS_NORMAL,
  BIN_POS_SUBNORMAL,
  BIN_ZERO,
  COUNT_BECAME_ZERO,
  COUNT_LEFT_ZERO,
  COUNTER_COUNT,
  VALUE_BIN_COUNT,
} from '../../src/engine/stats-layout.ts';
import type { L1Form, UpdateParams } from '../../src/engine/types.ts';
import { bitsOf, bitsOfArray, f32FromBits } from '../helpers/f32.ts';

const SMALLEST_SUBNORMAL = 2 ** -149; // ≈ 1.4e-45
const POS_ZERO_BITS = 0x00000000;
const CANONICAL_NAN_BITS = 0x7fc00000;
const FORMS = ['sign', 'clip', 'prox'] as const;

function params(l1Form: L1Form, { lr = 1, l1Step = 0, l2Decay = 0 } = {}): UpdateParams {
  return { lr, l1Step, l2Decay, l1Form };
}

/** One weight, one gradient entry, one update: the new weight's bit pattern. */
function updateBits(p: UpdateParams, w: number, g = 0): number {
  const weights = Float32Array.of(w);
  applyUpdate(weights, Float32Array.of(g), p, null);
  return bitsOf(weights[0]!);
}

describe('rules on exact values', () => {
  test('none: w − ηg', () => {
    expect(updateBits(params('sign', { lr: 0.5 }), 0.5, 0.25)).toBe(bitsOf(0.375));
    expect(updateBits(params('sign', { lr: 2 }), -1, -0.5)).toBe(bitsOf(0));
  });

  test('l2: w − ηg − ηλ2·w', () => {
    const decay = params('sign', { l2Decay: 0.25 });
    expect(updateBits(decay, 2)).toBe(bitsOf(1.5));
    expect(updateBits(decay, -2)).toBe(bitsOf(-1.5));
    // (2 − 0.5·1) − 0.25·2 = 1
    expect(updateBits(params('sign', { lr: 0.5, l2Decay: 0.25 }), 2, 1)).toBe(bitsOf(1));
  });

  test('l1 sign step: w − ηλ1·sign(w), crossing zero freely, sign(0) = 0', () => {
    const step = params('sign', { l1Step: 0.25 });
    expect(updateBits(step, 0.75)).toBe(bitsOf(0.5));
    expect(updateBits(step, -0.75)).toBe(bitsOf(-0.5));
    expect(updateBits(step, 0.125)).toBe(bitsOf(-0.125));
    expect(updateBits(step, -0.125)).toBe(bitsOf(0.125));
    expect(updateBits(step, 0)).toBe(POS_ZERO_BITS);
    expect(updateBits(step, -0)).toBe(POS_ZERO_BITS);
    // sign() is of the old weight: the gradient carries 0.25 to −0.75, the L1 step subtracts more.
    expect(updateBits(step, 0.25, 1)).toBe(bitsOf(-1));
  });

  test('l1 sign step in f32: 0.3 − 0.1 − 0.1 − 0.1 = 2^−26, not 0 (DESIGN §5)', () => {
    const weights = Float32Array.of(0.3);
    const step = params('sign', { l1Step: Math.fround(0.1) });
    for (let k = 0; k < 3; k++) applyUpdate(weights, new Float32Array(1), step, null);
    expect(weights[0]).toBe(2 ** -26);
  });

  test('each product and difference is rounded to f32 (no fused multiply-add), in every form', () => {
    const lr = Math.fround(0.1);
    const g = Math.fround(0.3);
    const w = Math.fround(0.03);
    const rounded = Math.fround(w - Math.fround(lr * g));
    const fused = Math.fround(w - lr * g);
    expect(rounded).not.toBe(fused); // the case discriminates
    // with ηλ1 = 0 every form returns u itself
    for (const form of FORMS) expect(updateBits(params(form, { lr }), w, g)).toBe(bitsOf(rounded));
  });

  test('the step amounts are used as f32, as the GPU reads them from an f32 uniform', () => {
    const g = Math.fround(3 / 997);
    const expected = -Math.fround(Math.fround(0.1) * g);
    expect(expected).not.toBe(-Math.fround(0.1 * g)); // the case discriminates
    for (const form of FORMS) expect(updateBits(params(form, { lr: 0.1 }), 0, g)).toBe(bitsOf(expected));
  });

  test('l1-clip: stops at exactly 0 when the L1 step reaches or crosses zero', () => {
    const clip = params('clip', { l1Step: 0.25 });
    expect(updateBits(clip, 0.75)).toBe(bitsOf(0.5));
    expect(updateBits(clip, 0.125)).toBe(POS_ZERO_BITS);
    expect(updateBits(clip, -0.125)).toBe(POS_ZERO_BITS);
    expect(updateBits(clip, 0.25)).toBe(POS_ZERO_BITS); // reaches zero exactly
    // the gradient moves 0.5 to 0.125, then the L1 step would cross: clipped
    expect(updateBits(clip, 0.5, 0.375)).toBe(POS_ZERO_BITS);
    expect(updateBits(clip, 0)).toBe(POS_ZERO_BITS);
  });

  test('l1-clip: u = 0 (the gradient alone reaches zero) stays at 0', () => {
    // u = 0.25 − 1·0.25 = 0; s = +1, s·u = 0 ≥ 0, v = −0.125 < 0: clipped to 0.
    expect(updateBits(params('clip', { l1Step: 0.125 }), 0.25, 0.25)).toBe(POS_ZERO_BITS);
    expect(updateBits(params('clip', { l1Step: 0.125 }), -0.25, -0.25)).toBe(POS_ZERO_BITS);
  });

  test('l1-clip: a weight the gradient already carried across zero is not clipped', () => {
    // u = 0.25 − 1 = −0.75; s = +1 but s·u < 0, so w' = v = −0.75 − 0.125.
    const clip = params('clip', { l1Step: 0.125 });
    expect(updateBits(clip, 0.25, 1)).toBe(bitsOf(-0.875));
    expect(updateBits(clip, -0.25, -1)).toBe(bitsOf(0.875));
  });

  test('l1-prox: sign(u)·max(|u| − ηλ1, 0)', () => {
    const prox = params('prox', { l1Step: 0.25 });
    expect(updateBits(prox, 0.75)).toBe(bitsOf(0.5));
    expect(updateBits(prox, -0.75)).toBe(bitsOf(-0.5));
    expect(updateBits(prox, 0.125)).toBe(POS_ZERO_BITS);
    // sign(u) = −1 times max(…, 0) = 0 is −0 in IEEE arithmetic, written as +0
    expect(updateBits(prox, -0.125)).toBe(POS_ZERO_BITS);
    expect(updateBits(prox, 0)).toBe(POS_ZERO_BITS);
    // prox thresholds u itself: u = 0.25 − 1 = −0.75 → −0.5 (clip would give −0.875)
    expect(updateBits(prox, 0.25, 1)).toBe(bitsOf(-0.5));
  });

  test('elastic net: the L2 decay joins u before the L1 step', () => {
    // u = 1 − 0.5·1 = 0.5
    expect(updateBits(params('prox', { l1Step: 0.25, l2Decay: 0.5 }), 1)).toBe(bitsOf(0.25));
    expect(updateBits(params('clip', { l1Step: 0.25, l2Decay: 0.5 }), 1)).toBe(bitsOf(0.25));
    expect(updateBits(params('clip', { l1Step: 0.5, l2Decay: 0.75 }), 1)).toBe(POS_ZERO_BITS);
    expect(updateBits(params('sign', { l1Step: 0.5, l2Decay: 0.75 }), 1)).toBe(bitsOf(-0.25));
  });

  test('an unknown l1Form is an error, not a silent no-op', () => {
    const bad = { lr: 1, l1Step: 0, l2Decay: 0, l1Form: 'soft' } as unknown as UpdateParams;
    expect(() => applyUpdate(new Float32Array(1), new Float32Array(1), bad, null)).toThrow(/l1Form "soft"/);
  });
});

describe('edge values', () => {
  test('subnormal weights are read as 0: no L1 step across zero', () => {
    for (const w of [SMALLEST_SUBNORMAL, -SMALLEST_SUBNORMAL, 1e-40, -1e-40]) {
      for (const form of FORMS) {
        expect(updateBits(params(form, { l1Step: 0.25 }), w)).toBe(POS_ZERO_BITS);
      }
    }
    // the gradient moves the flushed 0 up; unflushed, clip's L1 step would pull it back by 0.25
    expect(updateBits(params('clip', { l1Step: 0.25 }), 1e-40, -0.5)).toBe(bitsOf(0.5));
  });

  test('a subnormal weight is 0 in every term, in every form', () => {
    for (const form of FORMS) {
      // Unflushed: u = 1e−40 + 2^−126 (exact in f32), and s = 1 instead of 0.
      expect(updateBits(params(form), 1e-40, -(2 ** -126))).toBe(bitsOf(2 ** -126));
      // Unflushed, the decay term 2^100·1e−40 ≈ 1.3e−10 would show against 2^−20.
      expect(updateBits(params(form, { l2Decay: 2 ** 100 }), 1e-40, -(2 ** -20))).toBe(bitsOf(2 ** -20));
    }
  });

  test('a subnormal gradient is read as 0, in every form', () => {
    for (const form of FORMS) {
      // Unflushed, 0 − 2^30·1e−40 would be about −1.07e−31, a normal f32.
      expect(updateBits(params(form, { lr: 2 ** 30 }), 0, 1e-40)).toBe(POS_ZERO_BITS);
      // Unflushed, 2^−100 + 2^30·2^−149 = 2^−100 + 2^−119 would be representable.
      expect(updateBits(params(form, { lr: 2 ** 30 }), 2 ** -100, -SMALLEST_SUBNORMAL)).toBe(bitsOf(2 ** -100));
    }
  });

  test('a subnormal or zero result is written as +0, never −0, in every form', () => {
    for (const form of FORMS) {
      // 2^−125 − 0.75·2^−125 = 2^−127, subnormal
      expect(updateBits(params(form, { l2Decay: 0.75 }), 2 ** -125)).toBe(POS_ZERO_BITS);
      expect(updateBits(params(form, { l2Decay: 0.75 }), -(2 ** -125))).toBe(POS_ZERO_BITS);
      // 2^−126 is the smallest normal: kept
      expect(updateBits(params(form, { l2Decay: 0.5 }), 2 ** -125)).toBe(bitsOf(2 ** -126));
    }
  });

  test('NaN and ±Inf weights are left bit-identical, whatever the gradient', () => {
    const weightBits = [0x7fc00001, 0xffc00000, 0x7f800001, 0x7f800000, 0xff800000];
    for (const form of FORMS) {
      for (const g of [0, 1, Number.NaN, Number.POSITIVE_INFINITY]) {
        const weights = f32FromBits(weightBits);
        const gradient = new Float32Array(weightBits.length).fill(g);
        applyUpdate(weights, gradient, params(form, { l1Step: 0.25, l2Decay: 0.5 }), null);
        expect(bitsOfArray(weights)).toEqual(weightBits);
      }
    }
  });

  test('a finite weight with a NaN or ±Inf gradient becomes NaN 0x7fc00000, in every form', () => {
    for (const form of FORMS) {
      const weights = Float32Array.of(0.5, -3, 0, -0, 1e-40, 3e38);
      const gradient = Float32Array.of(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, Number.NaN, Number.NEGATIVE_INFINITY);
      applyUpdate(weights, gradient, params(form, { l1Step: 0.25 }), null);
      expect(bitsOfArray(weights)).toEqual(new Array(6).fill(CANONICAL_NAN_BITS));
    }
  });

  test('overflow of a finite computation gives ±Inf (and NaN from Inf − Inf)', () => {
    expect(updateBits(params('sign'), 3e38, -3e38)).toBe(0x7f800000);
    expect(updateBits(params('sign'), -3e38, 3e38)).toBe(0xff800000);
    // 3e38 − 4·3e38: the product overflows to Inf, the difference to −Inf
    expect(updateBits(params('sign', { l2Decay: 4 }), 3e38)).toBe(0xff800000);
    // (3e38 + 3e38) − 4·3e38 = Inf − Inf
    const weights = Float32Array.of(3e38);
    applyUpdate(weights, Float32Array.of(-3e38), params('sign', { l2Decay: 4 }), null);
    expect(weights[0]).toBeNaN();
  });
});

describe('statistics', () => {
  const SPECIALS = [1, -0.75, 0, -0, 1e-40, -1e-40, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3e38, 2 ** -126, -(2 ** -126)];

  test('computeStats puts known values in their bins', () => {
    const counts = new Uint32Array(COUNTER_COUNT);
    const sums = computeStats(Float32Array.from(SPECIALS), counts);
    const expected = new Uint32Array(COUNTER_COUNT);
    expected[BIN_POS_NORMAL + 126] = 1; // 1.0: exponent field 127
    expected[BIN_NEG_NORMAL + 125] = 1; // −0.75 = −1.5·2^−1: exponent field 126
    expected[BIN_ZERO] = 2;
    expected[BIN_POS_SUBNORMAL] = 1;
    expected[BIN_NEG_SUBNORMAL] = 1;
    expected[BIN_NAN] = 1;
    expected[BIN_POS_INF] = 1;
    expected[BIN_NEG_INF] = 1;
    expected[BIN_POS_NORMAL + 253] = 1; // 3e38 ≈ 1.76·2^127: exponent field 254, the top bin
    expected[BIN_POS_NORMAL] = 1; // 2^−126: exponent field 1
    expected[BIN_NEG_NORMAL] = 1;
    expect(counts).toEqual(expected);

    // In f64 the small terms vanish next to f32(3e38); NaN and ±Inf are left out.
    const big = Math.fround(3e38);
    expect(sums.l1Norm).toBe(big);
    expect(sums.l2NormSquared).toBe(big * big);
  });

  test('norms are summed over finite weights only', () => {
    const values = Float32Array.of(1, -0.75, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -2);
    expect(computeStats(values, new Uint32Array(COUNTER_COUNT))).toEqual({ l1Norm: 3.75, l2NormSquared: 5.5625 });
  });

  test('bins agree with binOfBits for every kind of bit pattern', () => {
    // random patterns plus the edges of each class, both signs
    const patterns: number[] = [];
    for (const edge of [0, 1, 0x7fffff, 0x800000, 0x3f800000, 0x7f7fffff, 0x7f800000, 0x7f800001, 0x7fc00000, 0x7fffffff]) {
      patterns.push(edge, (edge | 0x80000000) >>> 0);
    }
    let state = 12345;
    for (let i = 0; i < 5000; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      patterns.push(state);
    }
    const counts = new Uint32Array(COUNTER_COUNT);
    computeStats(f32FromBits(patterns), counts);
    const expected = new Uint32Array(COUNTER_COUNT);
    for (const p of patterns) expected[binOfBits(p)]! += 1;
    expect(counts).toEqual(expected);
  });

  test('the update fills the same bins for the new values and adds norms of finite weights only', () => {
    const weights = Float32Array.of(1, -2, Number.NaN, Number.NEGATIVE_INFINITY, 0.5);
    const counts = new Uint32Array(COUNTER_COUNT);
    // none with g = 0: nothing moves
    const sums = applyUpdate(weights, new Float32Array(5), params('sign'), counts);
    expect(sums).toEqual({ l1Norm: 3.5, l2NormSquared: 5.25 });
    expect(counts[BIN_POS_NORMAL + 126]).toBe(1);
    expect(counts[BIN_NEG_NORMAL + 127]).toBe(1); // −2: exponent field 128
    expect(counts[BIN_POS_NORMAL + 125]).toBe(1); // 0.5: exponent field 126
    expect(counts[BIN_NAN]).toBe(1);
    expect(counts[BIN_NEG_INF]).toBe(1);
  });

  test('value bins sum to N after an update', () => {
    const n = 10_000;
    const weights = new Float32Array(n);
    const gradient = new Float32Array(n);
    initWeights(weights, { kind: 'symmetric', scale: 1, seed: 7 });
    initWeights(gradient, { kind: 'symmetric', scale: 0.5, seed: 8 });
    weights.set(SPECIALS, 100);
    const counts = new Uint32Array(COUNTER_COUNT);
    applyUpdate(weights, gradient, params('clip', { lr: 0.5, l1Step: 0.125 }), counts);
    const total = counts.subarray(0, VALUE_BIN_COUNT).reduce((a, b) => a + b, 0);
    expect(total).toBe(n);
    expect(counts[BIN_ZERO]).toBeGreaterThan(100); // clipping made many exact zeros
    expect(counts[COUNT_BECAME_ZERO]).toBeGreaterThan(100);
  });

  test('zero transitions compare old and new bit patterns (±0 is zero, a subnormal is not)', () => {
    const weights = Float32Array.of(0.125, 0, 0.75, 0, 1e-40, -0, Number.NaN, 0.5);
    const gradient = Float32Array.of(0, -0.5, 0, 0, 0, 0, 0, 0.375);
    const counts = new Uint32Array(COUNTER_COUNT);
    applyUpdate(weights, gradient, params('clip', { l1Step: 0.25 }), counts);
    // became zero: 0.125 (clipped), 1e-40 (flushed), 0.5 (gradient then clipped); left zero: 0 → 0.5
    expect(counts[COUNT_BECAME_ZERO]).toBe(3);
    expect(counts[COUNT_LEFT_ZERO]).toBe(1);
    expect(counts[BIN_ZERO]).toBe(5);
  });

  test('zero transitions over several statistics chunks and a range not starting at 0', () => {
    const n = 20_000;
    const weights = new Float32Array(n);
    const gradient = new Float32Array(n);
    initWeights(weights, { kind: 'symmetric', scale: 1, seed: 21 });
    initWeights(gradient, { kind: 'symmetric', scale: 1, seed: 22 });
    for (let i = 0; i < n; i += 3) weights[i] = 0; // zeros that the gradient may move off
    const before = weights.slice();
    const counts = new Uint32Array(COUNTER_COUNT);
    const start = 1234;
    applyUpdate(weights, gradient, params('clip', { lr: 0.25, l1Step: 0.125 }), counts, start);
    let became = 0;
    let left = 0;
    for (let i = start; i < n; i++) {
      if (before[i] !== 0 && weights[i] === 0) became++;
      if (before[i] === 0 && weights[i] !== 0) left++;
    }
    expect(became).toBeGreaterThan(500);
    expect(left).toBeGreaterThan(500);
    expect(counts[COUNT_BECAME_ZERO]).toBe(became);
    expect(counts[COUNT_LEFT_ZERO]).toBe(left);
    expect(counts[BIN_ZERO]).toBe(weights.subarray(start).filter((w) => w === 0).length);
    expect(Array.from(weights.subarray(0, start))).toEqual(Array.from(before.subarray(0, start)));
  });

  test('counts are added to, not overwritten', () => {
    const counts = new Uint32Array(COUNTER_COUNT);
    counts[BIN_ZERO] = 10;
    counts[COUNT_BECAME_ZERO] = 3;
    applyUpdate(Float32Array.of(0.125, 0.125), new Float32Array(2), params('clip', { l1Step: 0.25 }), counts);
    expect(counts[BIN_ZERO]).toBe(12);
    expect(counts[COUNT_BECAME_ZERO]).toBe(5);
  });

  test('computeStats leaves the transition counters alone', () => {
    const counts = new Uint32Array(COUNTER_COUNT);
    computeStats(Float32Array.of(0, 1, 0, -0), counts);
    expect(counts[BIN_ZERO]).toBe(3);
    expect(counts[COUNT_BECAME_ZERO]).toBe(0);
    expect(counts[COUNT_LEFT_ZERO]).toBe(0);
  });

  test('without counts: null, and the update still happens', () => {
    const weights = Float32Array.of(0.75);
    expect(applyUpdate(weights, new Float32Array(1), params('sign', { l1Step: 0.25 }), null)).toBeNull();
    expect(weights[0]).toBe(0.5);
  });

  test('[start, end) bounds the update and the statistics', () => {
    const weights = Float32Array.of(1, 1, 1, 1, 1, 1);
    const counts = new Uint32Array(COUNTER_COUNT);
    const sums = applyUpdate(weights, new Float32Array(6), params('sign', { l1Step: 0.5 }), counts, 2, 5);
    expect(Array.from(weights)).toEqual([1, 1, 0.5, 0.5, 0.5, 1]);
    expect(counts[BIN_POS_NORMAL + 125]).toBe(3);
    expect(counts.subarray(0, VALUE_BIN_COUNT).reduce((a, b) => a + b, 0)).toBe(3);
    expect(sums.l1Norm).toBe(1.5);
  });
});
