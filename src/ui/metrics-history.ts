/**
 * The numbers the line charts and the metrics CSV show over steps, one row per snapshot and
 * run: exact-zero fraction, near-zero fraction, ‖w‖₁ and ‖w‖₂², with the rule in force; and,
 * for the problems that have them, a second, sparser history of measured rows (training and
 * held-out loss, support F1), taken every few snapshots because each costs a pass over the
 * data (workloads.ts).
 *
 * Near zero is |w| < ε, counted from the snapshot's bins without reading weights back
 * (src/problems/near-zero.ts): a bin counts when its upper edge is at most ε. Bins are one
 * power of two wide (2^k ≤ |w| < 2^(k+1)), with zeros and subnormals below 2^−126 in bins
 * of their own, so what is counted is |w| < 2^⌊log2 ε⌋: exact when ε is a power of two,
 * otherwise the bin straddling ε is left out and the count is a lower bound (ε = 0.001 is
 * counted as |w| < 2⁻¹⁰ ≈ 0.000977). Each row keeps the edge it used: ε applies from the
 * next snapshot, since the bins of earlier ones are not kept.
 *
 * A history is bounded: past `capacity` rows every other row is dropped and from then on
 * rows are kept at least twice as far apart, so a run of any length costs the same. The
 * last row is always the latest snapshot (the run's end is never dropped).
 *
 * Not here: drawing (sparsewatch-series-chart.ts), snapshots per se (snapshot-summary.ts).
 */
import { BIN_ZERO } from '../engine/stats-layout.ts';
import type { Snapshot } from '../engine/types.ts';
import { binEdgeBelow, countFromBins } from '../problems/near-zero.ts';
import { meanSquare, regressionMetrics, type Truth } from '../problems/regression/index.ts';

export interface MetricRow {
  step: number;
  /** The rule in force, as runs are named (`l1-prox`, `l1-prox+l2`). */
  rule: string;
  exactZeroFraction: number;
  nearZeroFraction: number;
  /** The bin edge ε was counted below: |w| < nearZeroBelow (0: exact zeros only). */
  nearZeroBelow: number;
  l1Norm: number;
  l2NormSquared: number;
}

export type MetricKey = 'exactZeroFraction' | 'nearZeroFraction' | 'l1Norm' | 'l2NormSquared';

/** A measured step: losses over the training and held-out rows, support F1 where a truth is known. */
export interface MeasureRow {
  step: number;
  loss: number;
  heldOutLoss: number | null;
  supportF1: number | null;
}

export type MeasureKey = 'loss' | 'heldOutLoss' | 'supportF1';

/** What a measurement's residuals and support weights mean, with the snapshot of the same step (for the nonzero count). */
export function measureRow(
  snapshot: Snapshot,
  measured: { trainResiduals: Float32Array; testResiduals: Float32Array; supportWeights: Float32Array | null },
  truth: Truth | null,
): MeasureRow {
  if (truth && measured.supportWeights) {
    const m = regressionMetrics({
      snapshot,
      supportWeights: measured.supportWeights,
      truth,
      trainResiduals: measured.trainResiduals,
      testResiduals: measured.testResiduals,
      regulariser: { rule: 'none', lr: 0, l1: 0, l2: 0 },
      epsilon: 1,
    });
    return { step: snapshot.step, loss: m.loss, heldOutLoss: m.heldOutLoss, supportF1: m.supportF1 };
  }
  return { step: snapshot.step, loss: meanSquare(measured.trainResiduals) ?? 0, heldOutLoss: meanSquare(measured.testResiduals), supportF1: null };
}

/** The fraction of weights with |w| < 2^⌊log2 ε⌋ (see the module comment), from a snapshot's bins. */
export function nearZeroFraction(snapshot: Snapshot, epsilon: number): number {
  return snapshot.paramCount > 0 ? countFromBins(snapshot.counts, epsilon) / snapshot.paramCount : 0;
}

export function metricRow(snapshot: Snapshot, rule: string, epsilon: number): MetricRow {
  const n = snapshot.paramCount;
  return {
    step: snapshot.step,
    rule,
    exactZeroFraction: n > 0 ? snapshot.counts[BIN_ZERO]! / n : 0,
    nearZeroFraction: nearZeroFraction(snapshot, epsilon),
    nearZeroBelow: binEdgeBelow(epsilon),
    l1Norm: snapshot.l1Norm,
    l2NormSquared: snapshot.l2NormSquared,
  };
}

export const HISTORY_CAPACITY = 4096;

/** Rows over steps, thinned to stay within `capacity`; MetricRow or MeasureRow. */
export class MetricsHistory<R extends { step: number } = MetricRow> {
  readonly capacity: number;
  readonly rows: R[] = [];
  /** Fewest steps between two kept rows (the last row aside). */
  #gap = 1;
  #version = 0;

  constructor(capacity = HISTORY_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 4) throw new RangeError(`history capacity ${capacity}: at least 4`);
    this.capacity = capacity;
  }

  get gap(): number {
    return this.#gap;
  }

  /**
   * Goes up by one whenever the rows change (an add, a clear), never down: a chart compares
   * it (or a sum of them over its lines) with the one it last drew, and skips a redraw when
   * they are equal.
   */
  get version(): number {
    return this.#version;
  }

  /** Adds the row of a snapshot; a step lower than the last starts a new run. */
  add(row: R): void {
    this.#version++;
    const rows = this.rows;
    const last = rows.at(-1);
    if (last && row.step < last.step) this.clear();
    if (last && row.step === last.step) {
      rows[rows.length - 1] = row; // a statistics-only snapshot of the same step (after a pause)
      return;
    }
    const previous = rows.at(-2);
    // The last row is provisional until the next one is far enough from the row before it.
    if (last && previous && last.step - previous.step < this.#gap) rows[rows.length - 1] = row;
    else rows.push(row);
    if (rows.length > this.capacity) this.#halve();
  }

  clear(): void {
    this.#version++;
    this.rows.length = 0;
    this.#gap = 1;
  }

  /** Keeps rows 0, 2, 4, … and the last, in place. */
  #halve(): void {
    const rows = this.rows;
    const last = rows.at(-1)!;
    let kept = 0;
    for (let i = 0; i < rows.length - 1; i += 2) rows[kept++] = rows[i]!;
    if (rows[kept - 1] !== last) rows[kept++] = last;
    rows.length = kept;
    this.#gap *= 2;
  }
}

/** A point as Chart.js reads it with parsing off. */
export interface Point {
  x: number;
  y: number;
}

/**
 * Rewrites `target` in place as (step, row[key]) points, reusing its point objects; rows
 * whose value is null (no held-out rows, no truth) give no point. Any rows with a step: these
 * histories', and the digits' (digits-rows.ts).
 */
export function toPoints(rows: readonly { step: number }[], key: string, target: Point[]): Point[] {
  let n = 0;
  for (const row of rows) {
    const y = (row as Record<string, unknown>)[key];
    if (typeof y !== 'number') continue;
    const point = (target[n++] ??= { x: 0, y: 0 });
    point.x = row.step;
    point.y = y;
  }
  target.length = n;
  return target;
}

export const CSV_COLUMNS = [
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
] as const;

/**
 * The histories as CSV, runs one after the other, each in step order; a step's measured
 * values join its row, empty where it was not measured. Numbers are written as JavaScript
 * prints them (shortest round trip of the double; norms are f32 values).
 */
export function metricsCsv(runs: readonly { name: string; history: MetricsHistory; measures: MetricsHistory<MeasureRow> }[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const cell = (x: number | null | undefined) => (x === null || x === undefined ? '' : x);
  for (const { name, history, measures } of runs) {
    const measured = new Map(measures.rows.map((m) => [m.step, m]));
    for (const r of history.rows) {
      const m = measured.get(r.step);
      lines.push(
        [r.step, name, r.rule, r.exactZeroFraction, r.nearZeroFraction, r.nearZeroBelow, r.l1Norm, r.l2NormSquared, cell(m?.loss), cell(m?.heldOutLoss), cell(m?.supportF1)].join(','),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
