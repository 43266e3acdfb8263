/**
 * What `sparsewatch train --problem walkthrough` writes: JSON lines (`--json`), CSV rows
 * (`--csv`) and the readable table, built from the walkthrough's frames and results. Strings
 * only: the runner (walkthrough-train.ts) decides where they go.
 *
 * Weights and norms are f32; JSON and CSV write them with the fewest significant digits that
 * read back to the same f32 (0.7, not 0.699999988079071), so nothing is lost for an f32
 * reader and a person sees the notebook's numbers; the table shortens long ones further.
 */
import type { NearZeroMethod } from '../problems/near-zero.ts';
import type { Caveat } from '../problems/walkthrough-caveats.ts';
import type { WalkthroughFrame, WalkthroughResult, WalkthroughStats } from '../problems/walkthrough.ts';
import { pad, roundRate, runFields, RUN_WIDTH, shortF32, showF32, showFraction, summaryMetrics } from './report-format.ts';

/** A run as JSON and CSV name it: its label (`l1-prox`, `l1-prox+l2`). */
export interface RunFrame {
  run: string;
  frame: WalkthroughFrame & { stats: WalkthroughStats };
}

/** NaN and ±Infinity stay numbers here; JSON.stringify writes them as null. */
const weightsOf = (weights: ArrayLike<number>) => Array.from(weights, shortF32);

function statsFields(stats: WalkthroughStats) {
  return {
    exactZeroFraction: stats.exactZeroFraction,
    nearZeroFraction: stats.nearZeroFraction,
    exactZeros: stats.exactZeros,
    becameZero: stats.becameZero,
    leftZero: stats.leftZero,
    l1Norm: shortF32(stats.l1Norm),
    l2NormSquared: shortF32(stats.l2NormSquared),
  };
}

export function snapshotLine({ run, frame }: RunFrame): string {
  return JSON.stringify({ type: 'snapshot', run, step: frame.step, ...statsFields(frame.stats), weights: weightsOf(frame.weights) });
}

export interface SummaryContext {
  engine: string;
  nearZero: NearZeroMethod;
  caveats: Caveat[];
}

export function summaryLine(results: readonly WalkthroughResult[], context: SummaryContext): string {
  return JSON.stringify({
    type: 'summary',
    problem: 'walkthrough',
    engine: context.engine,
    steps: results[0]?.steps ?? 0,
    paramCount: results[0]?.final.paramCount ?? 0,
    nearZero: context.nearZero,
    runs: results.map((r) => ({
      ...runFields(r.label, r.regulariser),
      metrics: summaryMetrics({
        exactZeroFraction: r.final.exactZeroFraction,
        nearZeroFraction: r.final.nearZeroFraction,
        stepsPerSecond: roundRate(r.stepsPerSecond),
      }),
      w0: weightsOf(r.w0),
      finalWeights: weightsOf(r.finalWeights),
      stepToZero: r.stepToZero,
      predictedStepToZero: r.predictedStepToZero,
    })),
    caveats: context.caveats,
  });
}

/** The CSV columns; w0…w15 hold the followed weights (empty past N). */
export function csvHeader(tracked: number): string {
  const weights = Array.from({ length: tracked }, (_, i) => `w${i}`);
  return ['run', 'step', 'exactZeroFraction', 'nearZeroFraction', 'exactZeros', 'becameZero', 'leftZero', 'l1Norm', 'l2NormSquared', ...weights].join(',');
}

export function csvRow({ run, frame }: RunFrame): string {
  // Run labels are rule names (letters, digits, '-' and '+'): nothing to quote.
  const stats = Object.values(statsFields(frame.stats));
  return [run, frame.step, ...stats, ...weightsOf(frame.weights)].join(',');
}

/** Table columns: the followed weights shown (JSON and CSV carry all 16). */
const TABLE_WEIGHTS = 6;

export function tableHeader(tracked: number): string {
  const weights = Array.from({ length: Math.min(tracked, TABLE_WEIGHTS) }, (_, i) => pad(`w[${i}]`, 12));
  const more = tracked > TABLE_WEIGHTS ? '  …' : '';
  return `${pad('step', 8)}  ${'run'.padEnd(RUN_WIDTH)}  ${pad('exact 0', 8)}  ${pad('near 0', 8)}  ${pad('‖w‖₁', 11)}${weights.join('')}${more}`;
}

export function tableRow({ run, frame }: RunFrame): string {
  const shown = Array.from(frame.weights.subarray(0, TABLE_WEIGHTS), (w) => pad(showF32(w), 12));
  const more = frame.weights.length > TABLE_WEIGHTS ? '  …' : '';
  const s = frame.stats;
  return `${pad(String(frame.step), 8)}  ${run.padEnd(RUN_WIDTH)}  ${pad(showFraction(s.exactZeroFraction), 8)}  ${pad(showFraction(s.nearZeroFraction), 8)}  ${pad(showF32(s.l1Norm), 11)}${shown.join('')}${more}`;
}

/** The closing table: per followed weight and run, first step at exactly 0 and the prediction. */
export function summaryTable(results: readonly WalkthroughResult[]): string[] {
  const first = results[0];
  if (!first) return [];
  const cell = (r: WalkthroughResult, i: number) => `${r.stepToZero[i] ?? 'never'} (${r.predictedStepToZero[i] ?? '—'})`;
  const width = Math.max(14, ...results.map((r) => r.label.length));
  const lines = [
    `first step at exactly 0 (in brackets the notebook's ⌈|w0|/(ηλ1)⌉), within ${first.steps} steps:`,
    `${pad('weight', 8)}  ${pad('w0', 12)}${results.map((r) => pad(r.label, width + 2)).join('')}`,
    ...first.w0.map((w, i) => `${pad(`w[${i}]`, 8)}  ${pad(showF32(w), 12)}${results.map((r) => pad(cell(r, i), width + 2)).join('')}`),
    '',
    `${pad('run', RUN_WIDTH)}  ${pad('exact 0', 8)}  ${pad('near 0', 8)}  ${pad('steps/s', 10)}`,
    ...results.map(
      (r) =>
        `${pad(r.label, RUN_WIDTH)}  ${pad(showFraction(r.final.exactZeroFraction), 8)}  ${pad(showFraction(r.final.nearZeroFraction), 8)}  ${pad(Math.round(r.stepsPerSecond).toLocaleString('en-US'), 10)}`,
    ),
  ];
  return lines;
}
