/**
 * Judging one self-check case: what the WebGPU engine produced against what the CPU
 * reference produced for the same calls. Counts must agree exactly and value bins must sum
 * to N; floats agree within abs + rel tolerance (FMA contraction and summation order differ
 * legitimately; DESIGN §4), NaN matching NaN. Plain functions over arrays, no engines and
 * no DOM, so the verdict logic is unit-tested in Node.
 */
import { VALUE_BIN_COUNT } from '../engine/stats-layout.ts';
import type { Snapshot } from '../engine/types.ts';

export interface Tolerance {
  abs: number;
  rel: number;
}

/** The conformance suite's tolerance for updated weights. */
export const WEIGHT_TOLERANCE: Tolerance = { abs: 1e-6, rel: 1e-5 };

export interface WeightComparison {
  /** Elements outside tolerance. */
  mismatches: number;
  /** Index of the first one, or −1. */
  firstMismatch: number;
  /** Largest |actual − expected| over elements where both are finite. */
  maxError: number;
}

export interface CaseVerdict {
  pass: boolean;
  /** Largest weight error (absolute). */
  maxWeightError: number;
  /** Largest norm error, relative to the CPU's norm. */
  maxNormError: number;
  /** What went wrong, one line each; empty when passing. */
  problems: string[];
}

function within(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(actual) || Number.isNaN(expected)) return Number.isNaN(actual) && Number.isNaN(expected);
  if (actual === expected) return true; // equal infinities, and +0 against −0
  return Math.abs(actual - expected) <= tol.abs + tol.rel * Math.abs(expected);
}

export function compareWeights(actual: Float32Array, expected: Float32Array, tol: Tolerance = WEIGHT_TOLERANCE): WeightComparison {
  let mismatches = actual.length === expected.length ? 0 : Math.abs(actual.length - expected.length);
  let firstMismatch = mismatches > 0 ? Math.min(actual.length, expected.length) : -1;
  let maxError = 0;
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const error = Math.abs(a - e);
    if (Number.isFinite(error)) maxError = Math.max(maxError, error);
    if (within(a, e, tol)) continue;
    mismatches++;
    if (firstMismatch < 0 || i < firstMismatch) firstMismatch = i;
  }
  return { mismatches, firstMismatch, maxError };
}

/** Indices where two count arrays differ (lengths differing count as every extra index). */
export function differingCounts(actual: ArrayLike<number>, expected: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (actual[i] !== expected[i]) out.push(i);
  }
  return out;
}

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

/** Compares both engines' snapshots and final weights; every problem is listed. */
export function judgeCase(
  gpu: { snapshots: readonly Snapshot[]; weights: Float32Array },
  cpu: { snapshots: readonly Snapshot[]; weights: Float32Array },
  paramCount: number,
  tol: Tolerance = WEIGHT_TOLERANCE,
): CaseVerdict {
  const problems: string[] = [];
  let maxNormError = 0;
  if (gpu.snapshots.length !== cpu.snapshots.length) {
    problems.push(`${gpu.snapshots.length} snapshots from WebGPU, ${cpu.snapshots.length} from the CPU`);
  }
  const pairs = Math.min(gpu.snapshots.length, cpu.snapshots.length);
  for (let i = 0; i < pairs; i++) {
    const g = gpu.snapshots[i]!;
    const c = cpu.snapshots[i]!;
    const at = `snapshot ${i} (step ${c.step})`;
    if (g.step !== c.step) problems.push(`${at}: WebGPU says step ${g.step}`);
    const bad = differingCounts(g.counts, c.counts);
    if (bad.length > 0) problems.push(`${at}: ${bad.length} counts differ, first at index ${bad[0]} (${g.counts[bad[0]!]} vs ${c.counts[bad[0]!]})`);
    const sum = g.counts.subarray(0, VALUE_BIN_COUNT).reduce((a, b) => a + b, 0);
    if (sum !== paramCount) problems.push(`${at}: value bins sum to ${sum}, not ${paramCount}`);
    for (const [name, a, e] of [
      ['‖w‖₁', g.l1Norm, c.l1Norm],
      ['‖w‖₂²', g.l2NormSquared, c.l2NormSquared],
    ] as const) {
      maxNormError = Math.max(maxNormError, relativeError(a, e));
      if (!within(a, e, tol)) problems.push(`${at}: ${name} ${a} vs ${e}`);
    }
  }
  const weights = compareWeights(gpu.weights, cpu.weights, tol);
  if (weights.mismatches > 0) {
    const i = weights.firstMismatch;
    problems.push(`${weights.mismatches} weights differ, first at index ${i} (${gpu.weights[i]} vs ${cpu.weights[i]})`);
  }
  return { pass: problems.length === 0, maxWeightError: weights.maxError, maxNormError, problems };
}
