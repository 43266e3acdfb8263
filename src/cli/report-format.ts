/**
 * What every problem's report shares: numbers written for a reader (f32 values in their
 * shortest exact form, fractions that never round to 0 or 1 unless they are), the near-zero
 * line, and the summary's `metrics` object with the same ten names for every problem. Strings
 * and plain objects only; each problem's report module (walkthrough-report.ts,
 * regression-report.ts) builds its lines from these.
 */
import { RULE_NAMES, type Regulariser, type UpdateParams } from '../engine/types.ts';
import type { NearZeroMethod } from '../problems/near-zero.ts';

/** The widest run label: a rule name with `+l2`. */
export const RUN_WIDTH = Math.max(...RULE_NAMES.map((name) => `${name}+l2`.length));

export const pad = (text: string, width: number): string => text.padStart(width);

/** The shortest decimal that rounds to the same f32 (NaN and ±Infinity as themselves). */
export function shortF32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

/** A fraction to 4 significant digits (exponent form below 0.001); only exactly 0 and 1 print as 0 and 1. */
export function showFraction(x: number): string {
  if (x === 0 || x === 1 || !Number.isFinite(x)) return String(x);
  if (x < 1e-3) return x.toExponential(2);
  const text = String(Number(x.toPrecision(4)));
  // One weight left out of a million must not print as 1.
  return text === '1' ? '0.9999' : text;
}

/** A table cell for an f32: its shortest form if that is short, else 5 significant digits. */
export function showF32(x: number): string {
  const text = String(shortF32(x));
  return text.length <= 11 ? text : x.toExponential(4);
}

/** A double for a table: 4 significant digits, exponent form outside [0.001, 1e6). */
export function showNumber(x: number | null): string {
  if (x === null) return '—';
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const magnitude = Math.abs(x);
  return magnitude < 1e-3 || magnitude >= 1e6 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

/** Steps per second: 3 significant digits (slow runs make well under one step a second). */
export function roundRate(rate: number): number | null {
  return Number.isFinite(rate) ? Number(rate.toPrecision(3)) : null;
}

/** One line on how |w| < ε is counted. */
export function describeNearZero(method: NearZeroMethod): string {
  if (method.source === 'weights') return `near 0: |w| < ${method.epsilon}, counted from all the weights`;
  if (method.exact) return `near 0: |w| < ${method.epsilon}, counted exactly from the power-of-two histogram bins`;
  const edge = method.countedBelow === 0 ? 'exact zeros only' : `|w| < 2^${Math.log2(method.countedBelow)} = ${shortF32(method.countedBelow)}`;
  return `near 0: ${edge}, from the power-of-two histogram bins (ε = ${method.epsilon} is not a power of two; a lower bound of |w| < ε)`;
}

/** The names of a summary's `metrics`, the same for every problem (null where one does not apply). */
export const METRIC_NAMES = [
  'loss',
  'heldOutLoss',
  'exactZeroFraction',
  'nearZeroFraction',
  'supportPrecision',
  'supportRecall',
  'supportF1',
  'distanceToTruth',
  'accuracy',
  'stepsPerSecond',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
export type SummaryMetrics = Record<MetricName, number | null>;

/** Every metric name, in order, with the given values and null for the rest. */
export function summaryMetrics(values: Partial<Record<MetricName, number | null>>): SummaryMetrics {
  return Object.fromEntries(METRIC_NAMES.map((name) => [name, values[name] ?? null])) as SummaryMetrics;
}

/** A summary run's name and update, under the same keys for every problem. */
export function runFields(label: string, { rule, lr, l1, l2 }: Regulariser): { run: string } & Regulariser {
  return { run: label, rule, lr, l1, l2 };
}

/** A run's update in the table's header: η and λ as given, and the per-step amounts the engine applies in f32. */
export function describeUpdate(label: string, { lr, l1, l2 }: Regulariser, params: UpdateParams): string {
  return `  ${label}: η = ${showNumber(lr)}, λ1 = ${l1}, λ2 = ${l2} (per step in f32: ηλ1 = ${shortF32(params.l1Step)}, ηλ2 = ${shortF32(params.l2Decay)})`;
}
