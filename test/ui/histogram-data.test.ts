/**
 * Snapshot counts to histogram bars: the mirrored category layout, every weight in exactly
 * one bar, the window that grows to fit and starts again at step 0, labels, and in-place
 * reuse of the arrays Chart.js holds.
 */
import { describe, expect, test } from 'vitest';
import { binOfBits, BIN_NAN, BIN_NEG_INF, BIN_POS_INF, BIN_ZERO, COUNTER_COUNT, VALUE_BIN_COUNT } from '../../src/engine/stats-layout.ts';
import {
  binOf,
  categoriesFor,
  categoryLabel,
  DEFAULT_WINDOW,
  describeCategory,
  emptySeries,
  fitWindow,
  MAX_K,
  MIN_K,
  normalBin,
  powerOfTwo,
  shapeHistogram,
  unionWindow,
  showsTick,
} from '../../src/ui/histogram-data.ts';
import { snapshotOf } from './snapshot-of.ts';

function f32Bits(x: number): number {
  return new Uint32Array(Float32Array.of(x).buffer)[0]!;
}

describe('ui: histogram categories', () => {
  test('k of a normal bin agrees with the engine bin of a weight in it', () => {
    for (const k of [MIN_K, -24, -1, 0, 5, MAX_K]) {
      expect(normalBin(false, k)).toBe(binOfBits(f32Bits(2 ** k)));
      expect(normalBin(true, k)).toBe(binOfBits(f32Bits(-(2 ** k))));
      expect(normalBin(false, k)).toBe(binOfBits(f32Bits(1.5 * 2 ** k)));
    }
  });

  test('left to right: −∞, negatives by falling |w|, −sub, 0, +sub, positives by rising |w|, +∞, NaN', () => {
    const labels = categoriesFor({ lo: -2, hi: 0 }).map(categoryLabel);
    expect(labels).toEqual(['−∞', '−2⁰', '−2⁻¹', '−2⁻²', '−sub', '0', '+sub', '2⁻²', '2⁻¹', '2⁰', '+∞', 'NaN']);
  });

  test('every category counts a distinct value bin, and the full window covers all 514', () => {
    const bins = categoriesFor({ lo: MIN_K, hi: MAX_K }).map(binOf);
    expect(new Set(bins).size).toBe(VALUE_BIN_COUNT);
    expect(Math.max(...bins)).toBe(VALUE_BIN_COUNT - 1);
  });

  test('labels and descriptions', () => {
    expect(powerOfTwo(-126)).toBe('2⁻¹²⁶');
    expect(powerOfTwo(127)).toBe('2¹²⁷');
    expect(describeCategory({ kind: 'normal', negative: true, k: -3 })).toBe('negative, 2⁻³ ≤ |w| < 2⁻²');
    expect(describeCategory({ kind: 'zero' })).toBe('exactly zero (±0)');
    expect(describeCategory({ kind: 'nan' })).toBe('NaN');
  });
});

describe('ui: histogram window', () => {
  test('grows to every non-empty normal bin, on either side', () => {
    const counts = snapshotOf([2 ** -100, -(2 ** 40), 0.5]).counts;
    expect(fitWindow(counts, DEFAULT_WINDOW)).toEqual({ lo: -100, hi: 40 });
  });

  test('never shrinks within a run, and starts again from the default at step 0', () => {
    const series = emptySeries();
    shapeHistogram(snapshotOf([2 ** -60, 0.5], 1), series);
    expect(series.window).toEqual({ lo: -60, hi: 0 });
    shapeHistogram(snapshotOf([0.5, 0.25], 2), series);
    expect(series.window).toEqual({ lo: -60, hi: 0 });
    shapeHistogram(snapshotOf([0.5, 0.25], 0), series);
    expect(series.window).toEqual(DEFAULT_WINDOW);
  });

  test('prints every special tick, and normal ticks at a stride that keeps them legible', () => {
    const narrow = { lo: -8, hi: 0 };
    const wide = { lo: -126, hi: 0 };
    expect(showsTick({ kind: 'normal', negative: false, k: -3 }, narrow)).toBe(true);
    expect(showsTick({ kind: 'normal', negative: false, k: -3 }, wide)).toBe(false);
    expect(showsTick({ kind: 'normal', negative: false, k: -16 }, wide)).toBe(true);
    expect(showsTick({ kind: 'pos-subnormal' }, wide)).toBe(true);
    expect(showsTick(undefined, wide)).toBe(false);
  });
});

describe('ui: histogram bars', () => {
  const weights = [0, -0, 0, 1e-40, -1e-40, NaN, Infinity, -Infinity, 0.75, 0.3, -0.3, 1e-6, -5];
  const snapshot = snapshotOf(weights);

  test('each weight is in exactly one bar: fractions sum to 1 and counts to N', () => {
    const series = shapeHistogram(snapshot);
    const bars = [...series.negative, ...series.positive, ...series.special];
    expect(bars.reduce((sum, b) => sum + b.y, 0)).toBeCloseTo(1, 12);
    expect(series.counts.reduce((a, b) => a + b, 0)).toBe(weights.length);
    expect(bars.map((b) => b.x).sort((a, b) => a - b)).toEqual(series.categories.map((_, i) => i));
  });

  test('special bins get their own bars with the right counts', () => {
    const series = shapeHistogram(snapshot);
    const countOf = (label: string) => series.counts[series.labels.indexOf(label)];
    expect(countOf('0')).toBe(3);
    expect(countOf('+sub')).toBe(1);
    expect(countOf('−sub')).toBe(1);
    expect(countOf('NaN')).toBe(1);
    expect(countOf('+∞')).toBe(1);
    expect(countOf('−∞')).toBe(1);
    expect(countOf('2⁻¹')).toBe(1); // 0.75
    expect(countOf('−2²')).toBe(1); // −5 widened the window to k = 2
    expect(snapshot.counts[BIN_ZERO]! + snapshot.counts[BIN_NAN]! + snapshot.counts[BIN_POS_INF]! + snapshot.counts[BIN_NEG_INF]!).toBe(6);
  });

  test('bars of each dataset are sorted by category, as parsing: false requires', () => {
    const series = shapeHistogram(snapshot);
    for (const bars of [series.negative, series.positive, series.special]) {
      const xs = bars.map((b) => b.x);
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    }
  });

  test('rewrites the same arrays and bar objects in place', () => {
    const series = emptySeries();
    shapeHistogram(snapshotOf([0.5, 0.25]), series);
    const { labels, negative, positive, special, counts } = series;
    const firstBar = positive[0];
    shapeHistogram(snapshotOf([0, 0.25], 2), series);
    expect(series.labels).toBe(labels);
    expect(series.negative).toBe(negative);
    expect(series.positive).toBe(positive);
    expect(series.special).toBe(special);
    expect(series.counts).toBe(counts);
    expect(series.positive[0]).toBe(firstBar);
    expect(series.counts[series.labels.indexOf('0')]).toBe(1);
    // A wider window keeps the arrays too, with more bars.
    shapeHistogram(snapshotOf([2 ** -40], 3), series);
    expect(series.positive).toBe(positive);
    expect(series.positive.length).toBe(series.window.hi - series.window.lo + 1);
  });

  test('an empty vector gives zero-height bars, not NaN', () => {
    const series = shapeHistogram({ step: 0, paramCount: 0, counts: new Uint32Array(COUNTER_COUNT), l1Norm: 0, l2NormSquared: 0 });
    expect(series.special.every((b) => b.y === 0)).toBe(true);
  });
  test('a shared window: each run’s histogram covers the union, so their axes line up', () => {
    const other = shapeHistogram(snapshotOf([2 ** -50, 0.5, 0.25, -0.5], 5));
    const series = shapeHistogram(snapshotOf([0, 0, 0.5], 5), emptySeries(), other.window);
    expect(series.window).toEqual(other.window);
    expect(series.window.lo).toBe(-50);
    expect(series.labels).toEqual(other.labels);
    expect(series.counts[series.labels.indexOf('0')]).toBe(2);
    expect(series.counts[series.labels.indexOf(powerOfTwo(-50))]).toBe(0);
    expect(unionWindow({ lo: -3, hi: 0 }, { lo: -5, hi: -4 })).toEqual({ lo: -5, hi: 0 });
  });
});
