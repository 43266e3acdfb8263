/**
 * The self-check's verdict logic, on hand-made results: exact counts, value bins summing to
 * N, abs + rel tolerance on floats with NaN equal to NaN, and the reported maximum errors.
 * Also the self-check's gradient (the same bits for both engines, with its non-finite
 * entries). Running the engines themselves is the e2e test's job.
 */
import { describe, expect, test } from 'vitest';
import { BIN_POS_NORMAL, BIN_ZERO, COUNTER_COUNT } from '../../src/engine/stats-layout.ts';
import type { Snapshot } from '../../src/engine/types.ts';
import { compareWeights, differingCounts, judgeCase, WEIGHT_TOLERANCE } from '../../src/ui/self-check-compare.ts';
import { SELF_CHECK_CASES, selfCheckGradient } from '../../src/ui/self-check.ts';

function snapshot(step: number, zero: number, positive: number, norms: [number, number] = [1, 1]): Snapshot {
  const counts = new Uint32Array(COUNTER_COUNT);
  counts[BIN_ZERO] = zero;
  counts[BIN_POS_NORMAL + 120] = positive;
  return { step, paramCount: zero + positive, counts, l1Norm: norms[0], l2NormSquared: norms[1] };
}

describe('ui: self-check comparison', () => {
  test('weights: within abs + rel tolerance, NaN equal to NaN, infinities and signed zeros equal', () => {
    const expected = Float32Array.of(1, 1000, NaN, Infinity, 0, 0.5);
    const actual = Float32Array.of(1 + 5e-7, 1000 + 5e-3, NaN, Infinity, -0, 0.5);
    expect(compareWeights(actual, expected)).toEqual({ mismatches: 0, firstMismatch: -1, maxError: expect.closeTo(5e-3, 4) });
  });

  test('weights: the first mismatch, how many, and the max error', () => {
    const expected = Float32Array.of(0, 1, 2, NaN, 4);
    const actual = Float32Array.of(0, 1.1, 2, 3, 4.5);
    const result = compareWeights(actual, expected);
    expect(result.mismatches).toBe(3);
    expect(result.firstMismatch).toBe(1);
    expect(result.maxError).toBeCloseTo(0.5, 6);
    expect(WEIGHT_TOLERANCE).toEqual({ abs: 1e-6, rel: 1e-5 });
  });

  test('counts compare exactly', () => {
    expect(differingCounts([1, 2, 3], [1, 2, 3])).toEqual([]);
    expect(differingCounts([1, 2, 3], [1, 9, 3, 4])).toEqual([1, 3]);
  });

  test('a matching pair passes, with its largest errors reported', () => {
    const gpu = { snapshots: [snapshot(0, 1, 3, [1, 1]), snapshot(1, 2, 2, [1.000001, 1])], weights: Float32Array.of(0, 0, 0.5, 0.25) };
    const cpu = { snapshots: [snapshot(0, 1, 3, [1, 1]), snapshot(1, 2, 2, [1, 1])], weights: Float32Array.of(0, 0, 0.5, 0.25) };
    const verdict = judgeCase(gpu, cpu, 4);
    expect(verdict.problems).toEqual([]);
    expect(verdict.pass).toBe(true);
    expect(verdict.maxWeightError).toBe(0);
    expect(verdict.maxNormError).toBeCloseTo(1e-6, 9);
  });

  test('one count off, a wrong step, bins not summing to N, or a missing snapshot each fail', () => {
    const cpu = { snapshots: [snapshot(1, 2, 2)], weights: Float32Array.of(0, 0, 1, 1) };
    const offByOne = judgeCase({ snapshots: [snapshot(1, 1, 3)], weights: cpu.weights }, cpu, 4);
    expect(offByOne.pass).toBe(false);
    expect(offByOne.problems[0]).toMatch(/^snapshot 0 \(step 1\): 2 counts differ, first at index/);
    expect(judgeCase({ snapshots: [snapshot(2, 2, 2)], weights: cpu.weights }, cpu, 4).problems).toEqual(['snapshot 0 (step 1): WebGPU says step 2']);
    expect(judgeCase(cpu, cpu, 5).problems).toEqual(['snapshot 0 (step 1): value bins sum to 4, not 5']);
    expect(judgeCase({ snapshots: [], weights: cpu.weights }, cpu, 4).problems).toEqual(['0 snapshots from WebGPU, 1 from the CPU']);
  });

  test('norms and weights out of tolerance fail and say where', () => {
    const cpu = { snapshots: [snapshot(1, 2, 2, [10, 50])], weights: Float32Array.of(0, 0, 1, 1) };
    const gpu = { snapshots: [snapshot(1, 2, 2, [Infinity, 50])], weights: Float32Array.of(0, 0, 1, 1.5) };
    const verdict = judgeCase(gpu, cpu, 4);
    expect(verdict.problems).toEqual(['snapshot 0 (step 1): ‖w‖₁ Infinity vs 10', '1 weights differ, first at index 3 (1.5 vs 1)']);
    expect(verdict.maxWeightError).toBe(0.5);
    expect(verdict.maxNormError).toBe(Infinity);
  });
});

describe('ui: self-check inputs', () => {
  test('six cases: every rule and elastic net', () => {
    expect(SELF_CHECK_CASES.map((c) => c.name)).toEqual(['none', 'l1', 'l1-clip', 'l1-prox', 'l2', 'elastic net']);
    const elastic = SELF_CHECK_CASES.at(-1)!.regulariser;
    expect(elastic.l1 > 0 && elastic.l2 > 0).toBe(true);
  });

  test('the gradient is deterministic, in [−0.5, 0.5) apart from its planted non-finite entries', () => {
    const g = selfCheckGradient(4_099);
    expect(g).toEqual(selfCheckGradient(4_099));
    const nonFinite = [...g].filter((x) => !Number.isFinite(x));
    expect(nonFinite).toHaveLength(3);
    expect([...g].filter(Number.isFinite).every((x) => x >= -0.5 && x < 0.5)).toBe(true);
  });
});
