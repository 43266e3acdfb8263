/**
 * The per-weight scatter of one run against another: the same weights read from both runs
 * at the same step (workloads.ts reads weights [0, S) and then the truth's support), shaped
 * into Chart.js's point form. Weights off the support and on it are separate series, so the
 * true support can be coloured; a weight that is exactly 0 in one run sits on an axis, which
 * is where L1 puts most of them and L2 none. Plain data, no DOM, reused in place.
 *
 * Not here: reading the weights (workloads.ts), drawing (charts/scatter-chart.ts).
 */
import type { Point } from './metrics-history.ts';

/** How many weights the scatter reads from each run besides the support: a few thousand points draw fast. */
export const SCATTER_SAMPLE = 2000;

export interface ScatterSample {
  step: number;
  /** The two runs' weights, index for index; the last `supportCount` are the truth's support. */
  x: Float32Array;
  y: Float32Array;
  supportCount: number;
}

export interface ScatterSeries {
  off: Point[];
  support: Point[];
  /** The axes run from −limit to limit (both the same, so the diagonal is y = x). */
  limit: number;
  /** Sampled weights exactly 0 in x, in y, and in both. */
  zeros: { x: number; y: number; both: number };
}

export function emptyScatter(): ScatterSeries {
  return { off: [], support: [], limit: 1, zeros: { x: 0, y: 0, both: 0 } };
}

function fill(target: Point[], x: Float32Array, y: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const point = (target[i - from] ??= { x: 0, y: 0 });
    point.x = x[i]!;
    point.y = y[i]!;
  }
  target.length = Math.max(0, to - from);
}

/** A round limit at or above the largest finite |w| of the sample (1.1× it, at least 1e-6). */
export function axisLimit(x: Float32Array, y: Float32Array): number {
  let most = 0;
  for (const a of [x, y]) for (const w of a) if (Number.isFinite(w)) most = Math.max(most, Math.abs(w));
  const limit = Math.max(most * 1.1, 1e-6);
  const step = 10 ** Math.floor(Math.log10(limit));
  return Math.ceil(limit / step) * step;
}

/** Rewrites `series` in place for `sample`; returns it. */
export function shapeScatter(sample: ScatterSample, series: ScatterSeries = emptyScatter()): ScatterSeries {
  const n = Math.min(sample.x.length, sample.y.length);
  const split = Math.max(0, n - sample.supportCount);
  fill(series.off, sample.x, sample.y, 0, split);
  fill(series.support, sample.x, sample.y, split, n);
  series.limit = axisLimit(sample.x.subarray(0, n), sample.y.subarray(0, n));
  const zeros = { x: 0, y: 0, both: 0 };
  for (let i = 0; i < n; i++) {
    const zx = sample.x[i] === 0;
    const zy = sample.y[i] === 0;
    if (zx) zeros.x++;
    if (zy) zeros.y++;
    if (zx && zy) zeros.both++;
  }
  series.zeros = zeros;
  return series;
}
