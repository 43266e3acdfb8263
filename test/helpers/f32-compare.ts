/**
 * Comparing f32 results from two engines: abs + rel tolerance per element (FMA contraction
 * and summation order legitimately differ), NaN equal to NaN, and on failure a report of
 * the first bad index, how many are bad, the worst error and a window of actual vs expected.
 */

export interface Tolerance {
  abs: number;
  rel: number;
}

export const UPDATE_TOLERANCE: Tolerance = { abs: 1e-6, rel: 1e-5 };

function close(a: number, e: number, tol: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (a === e) return true; // equal infinities, ±0
  return Math.abs(a - e) <= tol.abs + tol.rel * Math.abs(e);
}

/** Null when every element is close, else a readable report. */
export function allCloseReport(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance = UPDATE_TOLERANCE): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  let first = -1;
  let bad = 0;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    if (close(actual[i]!, expected[i]!, tol)) continue;
    if (first < 0) first = i;
    bad++;
    const err = Math.abs(actual[i]! - expected[i]!);
    if (Number.isFinite(err)) worst = Math.max(worst, err);
  }
  if (bad === 0) return null;
  const rows: string[] = [];
  for (let i = Math.max(0, first - 2); i < Math.min(actual.length, first + 6); i++) {
    rows.push(`  [${i}] actual ${actual[i]}  expected ${expected[i]}${close(actual[i]!, expected[i]!, tol) ? '' : '  ✗'}`);
  }
  return `${bad} of ${actual.length} elements differ (abs ${tol.abs}, rel ${tol.rel}); first at ${first}; max error ${worst}\n${rows.join('\n')}`;
}

/** Null when the integer arrays are identical, else a report naming each differing index. */
export function exactReport(actual: ArrayLike<number>, expected: ArrayLike<number>, names?: (i: number) => string): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} ≠ expected ${expected.length}`;
  const rows: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) rows.push(`  ${names ? names(i) : `[${i}]`}: actual ${actual[i]}  expected ${expected[i]}`);
  }
  return rows.length === 0 ? null : `${rows.length} counts differ:\n${rows.slice(0, 20).join('\n')}`;
}
