/**
 * Shaping a snapshot's counts into what the histogram draws: one category per bar, laid
 * out as a signed log axis, and the bar heights as fractions of N. Plain data, no DOM and
 * no Chart.js, so it is unit-tested in Node; `charts/histogram-chart.ts` only points
 * Chart.js at these arrays.
 *
 * Left to right: −∞, the negative normal bins from large |w| down to small, −subnormal,
 * 0, +subnormal, the positive normal bins from small up to large, +∞, NaN. Negative weights
 * are thus mirrored to the left of zero, and the bins that are not a power-of-two range
 * (zero, subnormals, non-finite) are bars of their own. A normal bin is named by k, the
 * log2 of its lower edge: it holds 2^k ≤ |w| < 2^(k+1).
 *
 * Only a window of k is shown (508 mostly empty bins would be hair-thin). The window grows
 * to cover every non-empty bin, so no weight is ever left out, and never shrinks within a
 * run, so bars do not jump sideways while the data moves; a step-0 snapshot (a new run)
 * starts again from the default.
 *
 * The arrays are reused: `shapeHistogram` rewrites them in place, as Chart.js's performance
 * guide asks (parsing off, data in its internal {x, y} form, same array objects).
 *
 * Runs side by side each get their own histogram; a window shared by all of them (the union
 * of theirs, `shared`) keeps their x axes identical, so the charts line up.
 */
import {
  BIN_NAN,
  BIN_NEG_INF,
  BIN_NEG_NORMAL,
  BIN_NEG_SUBNORMAL,
  BIN_POS_INF,
  BIN_POS_NORMAL,
  BIN_POS_SUBNORMAL,
  BIN_ZERO,
  binLowerLog2,
  NORMAL_EXPONENTS,
} from '../engine/stats-layout.ts';
import type { Snapshot } from '../engine/types.ts';

/** The smallest and largest k of a normal f32: 2^−126 and 2^127. */
export const MIN_K = binLowerLog2(1);
export const MAX_K = binLowerLog2(NORMAL_EXPONENTS);

/** Range of k shown on each side of zero, inclusive. */
export interface ExponentWindow {
  lo: number;
  hi: number;
}

/**
 * Where the walkthrough's weights start: draws in (0, 1) have k from −24 (the hash's
 * resolution, 2^−24) to −1; k = 0 shows that nothing reaches 1.
 */
export const DEFAULT_WINDOW: Readonly<ExponentWindow> = { lo: -24, hi: 0 };

/** One bar in Chart.js's internal form: x is the category index. */
export interface Bar {
  x: number;
  y: number;
}

export type SpecialKind = 'neg-inf' | 'neg-subnormal' | 'zero' | 'pos-subnormal' | 'pos-inf' | 'nan';

/** What one category stands for; the source of its tick label and tooltip. */
export type Category = { kind: 'normal'; negative: boolean; k: number } | { kind: SpecialKind };

/** Everything the chart draws; every array is rewritten in place by `shapeHistogram`. */
export interface HistogramSeries {
  window: ExponentWindow;
  categories: Category[];
  /** Tick labels, one per category. */
  labels: string[];
  /** Exact count per category (tooltips). */
  counts: number[];
  negative: Bar[];
  positive: Bar[];
  /** Zero, subnormals and non-finite values. */
  special: Bar[];
}

const SPECIAL_BINS: Readonly<Record<SpecialKind, number>> = {
  'neg-inf': BIN_NEG_INF,
  'neg-subnormal': BIN_NEG_SUBNORMAL,
  zero: BIN_ZERO,
  'pos-subnormal': BIN_POS_SUBNORMAL,
  'pos-inf': BIN_POS_INF,
  nan: BIN_NAN,
};

const SPECIAL_LABELS: Readonly<Record<SpecialKind, string>> = {
  'neg-inf': '−∞',
  'neg-subnormal': '−sub',
  zero: '0',
  'pos-subnormal': '+sub',
  'pos-inf': '+∞',
  nan: 'NaN',
};

const SPECIAL_DESCRIPTIONS: Readonly<Record<SpecialKind, string>> = {
  'neg-inf': 'w = −∞',
  'neg-subnormal': 'negative subnormal: −2⁻¹²⁶ < w < 0',
  zero: 'exactly zero (±0)',
  'pos-subnormal': 'positive subnormal: 0 < w < 2⁻¹²⁶',
  'pos-inf': 'w = +∞',
  nan: 'NaN',
};

/** The value bin of the normal weights with sign `negative` and lower edge 2^k. */
export function normalBin(negative: boolean, k: number): number {
  return (negative ? BIN_NEG_NORMAL : BIN_POS_NORMAL) + (k - MIN_K);
}

/** The categories, left to right, for a window. */
export function categoriesFor(range: ExponentWindow): Category[] {
  const out: Category[] = [{ kind: 'neg-inf' }];
  for (let k = range.hi; k >= range.lo; k--) out.push({ kind: 'normal', negative: true, k });
  out.push({ kind: 'neg-subnormal' }, { kind: 'zero' }, { kind: 'pos-subnormal' });
  for (let k = range.lo; k <= range.hi; k++) out.push({ kind: 'normal', negative: false, k });
  out.push({ kind: 'pos-inf' }, { kind: 'nan' });
  return out;
}

/** The value bin a category counts. */
export function binOf(category: Category): number {
  return category.kind === 'normal' ? normalBin(category.negative, category.k) : SPECIAL_BINS[category.kind];
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 2^k written as "2⁻³": tick labels are plain text, so the exponent is in superscript digits. */
export function powerOfTwo(k: number): string {
  return `2${[...String(k)].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** The short tick label of a category. */
export function categoryLabel(category: Category): string {
  if (category.kind !== 'normal') return SPECIAL_LABELS[category.kind];
  return `${category.negative ? '−' : ''}${powerOfTwo(category.k)}`;
}

/** The range a category holds, for tooltips. */
export function describeCategory(category: Category): string {
  if (category.kind !== 'normal') return SPECIAL_DESCRIPTIONS[category.kind];
  const range = `${powerOfTwo(category.k)} ≤ |w| < ${powerOfTwo(category.k + 1)}`;
  return `${category.negative ? 'negative' : 'positive'}, ${range}`;
}

/** The smallest window containing `range` and every non-empty normal bin of `counts`. */
export function fitWindow(counts: ArrayLike<number>, range: ExponentWindow): ExponentWindow {
  let { lo, hi } = range;
  for (let k = MIN_K; k <= MAX_K; k++) {
    if (counts[normalBin(true, k)]! > 0 || counts[normalBin(false, k)]! > 0) {
      lo = Math.min(lo, k);
      hi = Math.max(hi, k);
    }
  }
  return { lo, hi };
}

export function emptySeries(): HistogramSeries {
  return { window: { ...DEFAULT_WINDOW }, categories: [], labels: [], counts: [], negative: [], positive: [], special: [] };
}

/** Sets `target` to exactly `length` bars, reusing the bar objects already there. */
function resize(target: Bar[], length: number): void {
  for (let i = target.length; i < length; i++) target[i] = { x: 0, y: 0 };
  target.length = length;
}

/** The smallest window containing both. */
export function unionWindow(a: ExponentWindow, b: ExponentWindow): ExponentWindow {
  return { lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

/**
 * Rewrites `series` in place for `snapshot`: window (covering `shared` too, the other runs'
 * window), categories, labels, counts and bar heights (fraction of all N weights, so bars
 * compare across runs of different sizes). Returns `series`.
 */
export function shapeHistogram(snapshot: Snapshot, series: HistogramSeries = emptySeries(), shared: ExponentWindow | null = null): HistogramSeries {
  const start = snapshot.step === 0 ? DEFAULT_WINDOW : series.window;
  let range = fitWindow(snapshot.counts, start);
  if (shared) range = unionWindow(range, shared);
  if (range.lo !== series.window.lo || range.hi !== series.window.hi || series.categories.length === 0) {
    series.window = range;
    const categories = categoriesFor(range);
    series.categories.length = 0;
    series.categories.push(...categories);
    series.labels.length = 0;
    series.labels.push(...categories.map(categoryLabel));
    const sides = range.hi - range.lo + 1;
    resize(series.negative, sides);
    resize(series.positive, sides);
    resize(series.special, series.categories.length - 2 * sides);
  }
  const n = snapshot.paramCount;
  series.counts.length = series.categories.length;
  let neg = 0;
  let pos = 0;
  let special = 0;
  series.categories.forEach((category, x) => {
    const count = snapshot.counts[binOf(category)] ?? 0;
    series.counts[x] = count;
    const bar = category.kind !== 'normal' ? series.special[special++]! : category.negative ? series.negative[neg++]! : series.positive[pos++]!;
    bar.x = x;
    bar.y = n > 0 ? count / n : 0;
  });
  return series;
}

/**
 * Which tick labels to print: every special bar, and the normal bins at multiples of a
 * stride that keeps about `maxPerSide` labels on each side (the window may grow to 254).
 */
export function showsTick(category: Category | undefined, range: ExponentWindow, maxPerSide = 12): boolean {
  if (!category) return false;
  if (category.kind !== 'normal') return true;
  const span = range.hi - range.lo + 1;
  let stride = 1;
  while (span / stride > maxPerSide) stride *= 2;
  return category.k % stride === 0;
}
