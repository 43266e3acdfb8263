/**
 * What `sparsewatch train --problem regression` writes: JSON lines (`--json`), CSV rows
 * (`--csv`) and the readable table, from the runs' metrics (problems/regression/metrics.ts).
 * Strings only: the runner (regression-train.ts) decides where they go.
 *
 * Snapshot lines and CSV rows carry the metrics that apply: without a truth (a user's data)
 * there are no support metrics and no distance to the truth, without held-out rows no
 * held-out loss, and at step 0 no rate (steps/s and weights updated/s since the previous
 * snapshot); JSON leaves those out, CSV leaves their cells empty. The summary's `metrics`
 * always has the ten names of report-format.ts, null where one does not apply.
 */
import type { NearZeroMethod } from '../problems/near-zero.ts';
import type { RegressionMetrics, RegressionRate, RegressionResult } from '../problems/regression/index.ts';
import { pad, roundRate, runFields, RUN_WIDTH, shortF32, showFraction, showNumber, summaryMetrics } from './report-format.ts';
import type { SavedData } from './regression-checkpoint.ts';

export interface RegressionRow {
  run: string;
  metrics: RegressionMetrics;
  rate: RegressionRate | null;
}

/** The snapshot's metrics in their JSON and CSV order (step and run come first). */
const SNAPSHOT_FIELDS = [
  'loss',
  'heldOutLoss',
  'objective',
  'exactZeroFraction',
  'nearZeroFraction',
  'supportPrecision',
  'supportRecall',
  'supportF1',
  'distanceToTruth',
  'nonzeros',
  'l1Norm',
  'l2NormSquared',
] as const satisfies readonly (keyof RegressionMetrics)[];

const RATE_FIELDS = ['stepsPerSecond', 'parametersPerSecond'] as const satisfies readonly (keyof RegressionRate)[];

type SnapshotField = (typeof SNAPSHOT_FIELDS)[number] | (typeof RATE_FIELDS)[number];

/** The norms are the engine's f32 sums: written in their shortest exact form. */
function snapshotValues(metrics: RegressionMetrics, rate: RegressionRate | null): Record<SnapshotField, number | null> {
  const values = Object.fromEntries(SNAPSHOT_FIELDS.map((name) => [name, metrics[name]])) as Record<SnapshotField, number | null>;
  values.l1Norm = shortF32(metrics.l1Norm);
  values.l2NormSquared = shortF32(metrics.l2NormSquared);
  for (const name of RATE_FIELDS) values[name] = rate ? roundRate(rate[name]) : null;
  return values;
}

export function snapshotLine({ run, metrics, rate }: RegressionRow): string {
  const values = Object.entries(snapshotValues(metrics, rate)).filter(([, value]) => value !== null);
  return JSON.stringify({ type: 'snapshot', run, step: metrics.step, ...Object.fromEntries(values) });
}

export function csvHeader(): string {
  return ['run', 'step', ...SNAPSHOT_FIELDS, ...RATE_FIELDS].join(',');
}

export function csvRow({ run, metrics, rate }: RegressionRow): string {
  // Run labels are rule names (letters, digits, '-' and '+'): nothing to quote.
  return [run, metrics.step, ...Object.values(snapshotValues(metrics, rate)).map((value) => value ?? '')].join(',');
}

export interface RegressionSummary {
  engine: string;
  data: SavedData;
  paramCount: number;
  firstStep: number;
  lambdaMax: number | null;
  nearZero: NearZeroMethod;
}

export function summaryLine(results: readonly RegressionResult[], context: RegressionSummary): string {
  return JSON.stringify({
    type: 'summary',
    problem: 'regression',
    engine: context.engine,
    data: context.data,
    paramCount: context.paramCount,
    firstStep: context.firstStep,
    steps: results[0]?.steps ?? 0,
    lambdaMax: context.lambdaMax,
    nearZero: context.nearZero,
    runs: results.map((r) => ({
      ...runFields(r.label, r.regulariser),
      metrics: summaryMetrics({ ...r.final, stepsPerSecond: roundRate(r.stepsPerSecond) }),
      objective: r.final.objective,
      nonzeros: r.final.nonzeros,
      l1Norm: shortF32(r.final.l1Norm),
    })),
  });
}

/** One line on the data: generated settings, or the user's file. */
export function describeData(data: SavedData): string {
  const batch = data.batch === 'full' ? 'full batch' : `minibatches of ${data.batch.toLocaleString('en-US')}`;
  if (data.kind === 'file') {
    const training = data.rows - data.testSamples;
    const target = data.target === null ? '' : `, target ${JSON.stringify(data.target)}`;
    return `regression on ${data.file}${target}: ${count(data.features)} features, ${count(training)} training rows + ${count(data.testSamples)} held out, ${batch}, seed ${data.seed}`;
  }
  return (
    `regression: d = ${count(data.features)} features, k = ${count(data.nonzeros)} true nonzeros, n = ${count(data.samples)} ` +
    `training samples + ${count(data.testSamples)} held out, σ = ${data.noise}, ${data.featureKind} features, ${batch}, seed ${data.seed}`
  );
}

const count = (n: number) => n.toLocaleString('en-US');

const COLUMN = 10;
const cell = (text: string) => pad(text, COLUMN);

export function tableHeader(): string {
  return `${pad('step', 8)}  ${'run'.padEnd(RUN_WIDTH)}${['loss', 'held-out', 'objective', 'exact 0', 'near 0', 'F1', '‖w−w*‖'].map(cell).join('')}`;
}

export function tableRow({ run, metrics: m }: RegressionRow): string {
  const cells = [showNumber(m.loss), showNumber(m.heldOutLoss), showNumber(m.objective), showFraction(m.exactZeroFraction), showFraction(m.nearZeroFraction), showNumber(m.supportF1), showNumber(m.distanceToTruth)];
  return `${pad(String(m.step), 8)}  ${run.padEnd(RUN_WIDTH)}${cells.map(cell).join('')}`;
}

/** The closing table: each run's last metrics and its speed. */
export function summaryTable(results: readonly RegressionResult[]): string[] {
  const names = ['loss', 'held-out', 'exact 0', 'near 0', 'precision', 'recall', 'F1', '‖w−w*‖', 'steps/s'];
  return [
    `${pad('run', RUN_WIDTH)}${names.map(cell).join('')}`,
    ...results.map(({ label, final: m, stepsPerSecond }) => {
      const cells = [m.loss, m.heldOutLoss].map(showNumber);
      cells.push(showFraction(m.exactZeroFraction), showFraction(m.nearZeroFraction));
      cells.push(...[m.supportPrecision, m.supportRecall, m.supportF1, m.distanceToTruth, roundRate(stepsPerSecond)].map(showNumber));
      return `${pad(label, RUN_WIDTH)}${cells.map(cell).join('')}`;
    }),
  ];
}
