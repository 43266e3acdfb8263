/**
 * What `sparsewatch train` writes: JSON lines (`--json`), CSV rows (`--csv`) and the
 * readable table, built from the walkthrough's frames and results. Strings only: the runner
 * (train.ts) decides where they go.
 *
 * Weights and norms are f32; JSON and CSV write them with the fewest significant digits that
 * read back to the same f32 (0.7, not 0.699999988079071), so nothing is lost for an f32
 * reader and a person sees the notebook's numbers; the table shortens long ones further.
 */
import { RULE_NAMES } from '../engine/types.ts';
import type { Caveat } from '../problems/walkthrough-caveats.ts';
import type { NearZeroMethod } from '../problems/near-zero.ts';
import type { WalkthroughFrame, WalkthroughResult, WalkthroughStats } from '../problems/walkthrough.ts';

/** The shortest decimal that rounds to the same f32 (NaN and ±Infinity as themselves). */
export function shortF32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

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
      run: r.label,
      rule: r.regulariser.rule,
      lr: r.regulariser.lr,
      l1: r.regulariser.l1,
      l2: r.regulariser.l2,
      metrics: {
        exactZeroFraction: r.final.exactZeroFraction,
        nearZeroFraction: r.final.nearZeroFraction,
        stepsPerSecond: Number.isFinite(r.stepsPerSecond) ? Math.round(r.stepsPerSecond) : null,
      },
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
const RUN_WIDTH = Math.max(...RULE_NAMES.map((name) => `${name}+l2`.length));

const pad = (text: string, width: number) => text.padStart(width);

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

/** One line on how |w| < ε is counted. */
export function describeNearZero(method: NearZeroMethod): string {
  if (method.source === 'weights') return `near 0: |w| < ${method.epsilon}, counted from all the weights`;
  if (method.exact) return `near 0: |w| < ${method.epsilon}, counted exactly from the power-of-two histogram bins`;
  const edge = method.countedBelow === 0 ? 'exact zeros only' : `|w| < 2^${Math.log2(method.countedBelow)} = ${shortF32(method.countedBelow)}`;
  return `near 0: ${edge}, from the power-of-two histogram bins (ε = ${method.epsilon} is not a power of two; a lower bound of |w| < ε)`;
}
