/**
 * The numbers the page prints beside the histogram, taken from one snapshot, and how each
 * is written. Plain functions, no DOM: the stats element only lays the strings out.
 *
 * Formatting is deliberately honest about the edges a teaching tool is about: a fraction
 * that is not exactly 0 or 1 never prints as "0%" or "100%" (one weight left out of a
 * million must stay visible), and counts are exact integers with separators.
 */
import {
  BIN_NAN,
  BIN_NEG_INF,
  BIN_NEG_SUBNORMAL,
  BIN_POS_INF,
  BIN_POS_SUBNORMAL,
  BIN_ZERO,
  COUNT_BECAME_ZERO,
  COUNT_LEFT_ZERO,
} from '../engine/stats-layout.ts';
import type { Snapshot } from '../engine/types.ts';

export interface SnapshotSummary {
  step: number;
  paramCount: number;
  zero: number;
  zeroFraction: number;
  /** Non-zero before the snapshot's step and exactly zero after it (0 for a step-0 snapshot). */
  becameZero: number;
  leftZero: number;
  subnormal: number;
  nan: number;
  infinite: number;
  l1Norm: number;
  l2NormSquared: number;
}

export function summarise(snapshot: Snapshot): SnapshotSummary {
  const c = snapshot.counts;
  const zero = c[BIN_ZERO]!;
  return {
    step: snapshot.step,
    paramCount: snapshot.paramCount,
    zero,
    zeroFraction: snapshot.paramCount > 0 ? zero / snapshot.paramCount : 0,
    becameZero: c[COUNT_BECAME_ZERO]!,
    leftZero: c[COUNT_LEFT_ZERO]!,
    subnormal: c[BIN_NEG_SUBNORMAL]! + c[BIN_POS_SUBNORMAL]!,
    nan: c[BIN_NAN]!,
    infinite: c[BIN_POS_INF]! + c[BIN_NEG_INF]!,
    l1Norm: snapshot.l1Norm,
    l2NormSquared: snapshot.l2NormSquared,
  };
}

/** One formatter for every count: `toLocaleString` builds a new one per call, which showed in the page's profile at every redraw. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** An exact count with thousands separators: 1,048,576. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
}

/** A fraction as a percentage; only exactly 0 and exactly 1 print as 0% and 100%. */
export function formatFraction(fraction: number): string {
  if (Number.isNaN(fraction)) return '—';
  if (fraction === 0) return '0%';
  if (fraction === 1) return '100%';
  const percent = fraction * 100;
  if (percent < 0.01) return '< 0.01%';
  if (percent > 99.99) return '> 99.99%';
  return `${percent.toFixed(2)}%`;
}

/** A norm to 6 significant digits, switching to exponent form outside [1e-3, 1e6). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude < 1e-3 || magnitude >= 1e6) return x.toExponential(4);
  return String(Number(x.toPrecision(6)));
}

/** Steps per second, or a dash when there is no rate (paused, or too few samples yet). */
export function formatRate(stepsPerSecond: number | null): string {
  if (stepsPerSecond === null || !Number.isFinite(stepsPerSecond)) return '—';
  return stepsPerSecond >= 100 ? formatCount(Math.round(stepsPerSecond)) : stepsPerSecond.toFixed(1);
}
