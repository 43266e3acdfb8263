/**
 * The metrics over steps: near zero counted from the power-of-two bins (exact at a power of
 * two, a lower bound between), the rows a snapshot gives, a bounded history that keeps the
 * latest row, chart points rewritten in place, and the CSV.
 */
import { describe, expect, test } from 'vitest';
import { CSV_COLUMNS, measureRow, metricRow, type MeasureRow, metricsCsv, MetricsHistory, nearZeroFraction, toPoints, type MetricRow, type Point } from '../../src/ui/metrics-history.ts';
import { snapshotOf } from './snapshot-of.ts';

/** Weights spread over bins: zeros, a subnormal, and values either side of a few powers of two. */
const WEIGHTS = [0, -0, 1e-40, 2 ** -20, -(2 ** -11), 0.0009, 2 ** -10, -0.001, 0.0011, 0.5, -3, NaN, Infinity];

function row(step: number, extra: Partial<MetricRow> = {}): MetricRow {
  return { step, rule: 'l1-prox', exactZeroFraction: 0, nearZeroFraction: 0, nearZeroBelow: 0, l1Norm: step, l2NormSquared: 0, ...extra };
}

describe('ui: near zero from the bins', () => {
  const snapshot = snapshotOf(WEIGHTS);
  const exactly = (epsilon: number) => WEIGHTS.filter((w) => Math.abs(Math.fround(w)) < epsilon).length / WEIGHTS.length;

  test('at a power of two it is exactly the fraction with |w| < ε', () => {
    for (const k of [-126, -20, -11, -10, -9, 0, 1, 2, 10]) expect(nearZeroFraction(snapshot, 2 ** k), `ε = 2^${k}`).toBe(exactly(2 ** k));
  });

  test('between powers of two the straddling bin is left out: |w| < 2^⌊log2 ε⌋, a lower bound', () => {
    // ε = 0.001 counts |w| < 2^-10 = 0.0009765625: 0.0009 is in, −0.001 (|w| ≥ 2^-10) is not.
    expect(nearZeroFraction(snapshot, 0.001)).toBe(exactly(2 ** -10));
    expect(nearZeroFraction(snapshot, 0.001)).toBeLessThanOrEqual(exactly(0.001));
    expect(nearZeroFraction(snapshot, 0.0015)).toBe(exactly(2 ** -10));
    expect(nearZeroFraction(snapshot, 0.0015)).toBeLessThan(exactly(0.0015));
  });

  test('below the smallest normal only exact zeros count; NaN and ±∞ never do', () => {
    expect(nearZeroFraction(snapshot, 1e-39)).toBe(2 / WEIGHTS.length);
    expect(nearZeroFraction(snapshot, 3e38)).toBe((WEIGHTS.length - 2) / WEIGHTS.length);
  });

  test('a snapshot’s row: exact zeros, near zeros, the edge counted below, the norms', () => {
    expect(metricRow(snapshot, 'l2', 0.001)).toEqual({
      step: 1,
      rule: 'l2',
      exactZeroFraction: 2 / WEIGHTS.length,
      nearZeroFraction: exactly(2 ** -10),
      nearZeroBelow: 2 ** -10,
      l1Norm: snapshot.l1Norm,
      l2NormSquared: snapshot.l2NormSquared,
    });
    expect(metricRow({ ...snapshot, paramCount: 0 }, 'l2', 1).exactZeroFraction).toBe(0);
  });
});

describe('ui: metrics history', () => {
  test('one row per step; a repeated step replaces the last row; a lower step starts over', () => {
    const history = new MetricsHistory(8);
    history.add(row(0));
    history.add(row(1));
    history.add(row(1, { l1Norm: 99 }));
    expect(history.rows.map((r) => [r.step, r.l1Norm])).toEqual([
      [0, 0],
      [1, 99],
    ]);
    history.add(row(0));
    expect(history.rows.map((r) => r.step)).toEqual([0]);
  });

  test('bounded: past capacity it halves, keeps rows spread over the whole run and always the latest', () => {
    const history = new MetricsHistory(16);
    for (let step = 0; step <= 1000; step++) {
      history.add(row(step));
      expect(history.rows.length).toBeLessThanOrEqual(16);
      expect(history.rows.at(-1)!.step).toBe(step);
    }
    const steps = history.rows.map((r) => r.step);
    expect(steps[0]).toBe(0);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    // Kept rows are at least `gap` apart (the provisional last one aside).
    for (let i = 1; i < steps.length - 1; i++) expect(steps[i]! - steps[i - 1]!).toBeGreaterThanOrEqual(history.gap / 2);
    expect(history.gap).toBeGreaterThan(1);
  });

  test('the version goes up with every change of the rows, also when a row is replaced or the history cleared, and never down', () => {
    const history = new MetricsHistory(4);
    const seen = [history.version];
    const changed = () => {
      expect(history.version).toBeGreaterThan(seen.at(-1)!);
      seen.push(history.version);
    };
    history.add(row(0));
    changed();
    history.add(row(0, { l1Norm: 5 })); // the same step again: the row is replaced
    changed();
    for (let step = 1; step <= 9; step++) {
      history.add(row(step)); // including the adds that halve the history
      changed();
    }
    history.add(row(3)); // a lower step: a new run
    changed();
    history.clear();
    changed();
    expect(history.version).toBe(seen.at(-1));
  });

  test('points are rewritten in place, reusing the point objects', () => {
    const rows = [row(0, { exactZeroFraction: 0 }), row(5, { exactZeroFraction: 0.5 })];
    const target: Point[] = [];
    toPoints(rows, 'exactZeroFraction', target);
    const first = target[0];
    expect(target).toEqual([
      { x: 0, y: 0 },
      { x: 5, y: 0.5 },
    ]);
    toPoints(rows.slice(0, 1), 'l1Norm', target);
    expect(target).toEqual([{ x: 0, y: 0 }]);
    expect(target[0]).toBe(first);
  });

  test('CSV: a header, then each run’s rows in step order', () => {
    const a = new MetricsHistory();
    const b = new MetricsHistory();
    a.add(metricRow(snapshotOf([0, 0.5], 0), 'l1-prox', 0.25));
    a.add(metricRow(snapshotOf([0, 0], 1), 'l1-prox', 0.25));
    b.add(metricRow(snapshotOf([0.25, 0.5], 0), 'l2', 0.25));
    const measured = new MetricsHistory<MeasureRow>();
    measured.add({ step: 1, loss: 0.5, heldOutLoss: null, supportF1: 0.25 });
    const csv = metricsCsv([
      { name: 'A', history: a, measures: measured },
      { name: 'B', history: b, measures: new MetricsHistory<MeasureRow>() },
    ]);
    expect(csv.split('\n')).toEqual([
      CSV_COLUMNS.join(','),
      '0,A,l1-prox,0.5,0.5,0.25,0.5,0.25,,,',
      '1,A,l1-prox,1,1,0.25,0,0,0.5,,0.25',
      '0,B,l2,0,0,0.25,0.75,0.3125,,,',
      '',
    ]);
    expect(CSV_COLUMNS).toEqual([
      'step',
      'run',
      'rule',
      'exact_zero_fraction',
      'near_zero_fraction',
      'near_zero_below',
      'l1_norm',
      'l2_norm_squared',
      'loss',
      'held_out_loss',
      'support_f1',
    ]);
  });

  test('measured rows: losses from residuals, support F1 from the truth and the snapshot; nulls give no point', () => {
    const snapshot = snapshotOf([0, 0, 0.5, -1], 4);
    const truth = { indices: Uint32Array.of(2, 3), values: Float32Array.of(1, -1) };
    const row = measureRow(snapshot, { trainResiduals: Float32Array.of(1, -1), testResiduals: Float32Array.of(2), supportWeights: Float32Array.of(0.5, -1) }, truth);
    // Two nonzero weights, both on the support: precision 1, recall 1.
    expect(row).toEqual({ step: 4, loss: 1, heldOutLoss: 4, supportF1: 1 });
    const half = measureRow(snapshotOf([0.5, 0, 0, -1], 5), { trainResiduals: Float32Array.of(3), testResiduals: new Float32Array(0), supportWeights: Float32Array.of(0, -1) }, truth);
    // Nonzeros 0.5 (off) and −1 (on): precision 1/2, recall 1/2.
    expect(half).toEqual({ step: 5, loss: 9, heldOutLoss: null, supportF1: 0.5 });
    expect(measureRow(snapshot, { trainResiduals: Float32Array.of(2), testResiduals: Float32Array.of(1), supportWeights: null }, null)).toEqual({ step: 4, loss: 4, heldOutLoss: 1, supportF1: null });
    expect(toPoints([row, half], 'heldOutLoss', [])).toEqual([{ x: 4, y: 4 }]);
  });
});
