/**
 * The near-zero fraction: weights with |w| < ε, counted without reading the parameter vector
 * back. A snapshot's bins are powers of two (a normal bin with exponent field e holds
 * 2^(e−127) ≤ |w| < 2^(e−126); zeros and subnormals, all below 2^−126, have bins of their
 * own), so the count of every bin whose upper edge is at most ε is the exact number of
 * weights below 2^⌊log2 ε⌋. That is |w| < ε exactly when ε is a power of two, and otherwise a
 * lower bound at bin granularity: the bin that straddles ε is left out. Where a caller holds
 * every weight (a run of at most 16 weights follows them all), `countBelow` counts exactly.
 *
 * Not here: choosing ε (the command line's `--epsilon`), or any other metric.
 */
import { BIN_NEG_NORMAL, BIN_NEG_SUBNORMAL, BIN_POS_NORMAL, BIN_POS_SUBNORMAL, BIN_ZERO, binLowerLog2, NORMAL_EXPONENTS } from '../engine/stats-layout.ts';

/** The smallest normal f32: the upper edge of the subnormal bins. */
const MIN_NORMAL = 2 ** -126;

/** How a near-zero fraction is counted for a given ε. */
export interface NearZeroMethod {
  epsilon: number;
  /** `weights`: from the weights themselves; `bins`: from a snapshot's power-of-two bins. */
  source: 'weights' | 'bins';
  /** What is actually counted: |w| < countedBelow (0 counts exact zeros only). */
  countedBelow: number;
  /** True when countedBelow = ε, or no finite f32 lies in [countedBelow, ε). */
  exact: boolean;
}

/** The largest bin edge at or below ε: 2^⌊log2 ε⌋ clamped to the f32 bins, or 0 below 2^−126. */
export function binEdgeBelow(epsilon: number): number {
  if (!(epsilon >= MIN_NORMAL)) return 0;
  const top = 2 ** (binLowerLog2(NORMAL_EXPONENTS) + 1);
  if (epsilon >= top) return top;
  // log2 of a double can be off by one ulp at a power of two: correct the floor both ways.
  let k = Math.floor(Math.log2(epsilon));
  if (2 ** k > epsilon) k -= 1;
  if (2 ** (k + 1) <= epsilon) k += 1;
  return 2 ** k;
}

/** How |w| < ε will be counted: from the weights when `allWeightsHeld`, else from the bins. */
export function nearZeroMethod(epsilon: number, allWeightsHeld: boolean): NearZeroMethod {
  if (allWeightsHeld) return { epsilon, source: 'weights', countedBelow: epsilon, exact: true };
  const countedBelow = binEdgeBelow(epsilon);
  // Past 2^128 every finite f32 is counted, so the count is exact whatever ε is.
  const exact = countedBelow === epsilon || countedBelow === 2 ** (binLowerLog2(NORMAL_EXPONENTS) + 1);
  return { epsilon, source: 'bins', countedBelow, exact };
}

/** Weights with |w| < 2^⌊log2 ε⌋ (see `binEdgeBelow`), from a snapshot's value bins. */
export function countFromBins(counts: Uint32Array, epsilon: number): number {
  const edge = binEdgeBelow(epsilon);
  let count = counts[BIN_ZERO]!;
  if (edge === 0) return count;
  count += counts[BIN_NEG_SUBNORMAL]! + counts[BIN_POS_SUBNORMAL]!;
  // Normal bin with exponent field e has upper edge 2^(e − 126): take every e with that ≤ edge.
  const lastExponent = Math.min(NORMAL_EXPONENTS, Math.round(Math.log2(edge)) + 126);
  for (let e = 1; e <= lastExponent; e++) count += counts[BIN_NEG_NORMAL + e - 1]! + counts[BIN_POS_NORMAL + e - 1]!;
  return count;
}

/** Values with |w| < ε exactly (NaN is never near zero). */
export function countBelow(values: ArrayLike<number>, epsilon: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]!) < epsilon) count++;
  return count;
}
