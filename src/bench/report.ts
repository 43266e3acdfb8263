/**
 * How results are printed: one JSON object per line, or an aligned table that grows as
 * results arrive, and the three ratios the project targets with pass or miss. A miss is
 * information, not failure: nothing here decides an exit code. Pure string functions.
 */
import { caseLabel, type BenchResult } from './protocol.ts';

export function jsonLine(result: BenchResult): string {
  const { case: name, impl, backend, params, msPerStep, gbPerSecond } = result;
  return JSON.stringify({ case: name, impl, backend, params, msPerStep, gbPerSecond });
}

/** Columns wide enough for every case name, 10-digit param counts and ~1e6 ms. */
const COLUMNS = [
  { field: 'case', width: 12, right: false },
  { field: 'impl', width: 18, right: false },
  { field: 'backend', width: 7, right: false },
  { field: 'params', width: 10, right: true },
  { field: 'msPerStep', width: 10, right: true },
  { field: 'gbPerSecond', width: 11, right: true },
] as const;

function row(cells: readonly string[]): string {
  return COLUMNS.map(({ width, right }, i) => (right ? cells[i]!.padStart(width) : cells[i]!.padEnd(width)))
    .join('  ')
    .trimEnd();
}

export const TABLE_HEADER = row(COLUMNS.map(({ field }) => field));

export function tableRow(result: BenchResult): string {
  return row(COLUMNS.map(({ field }) => String(result[field])));
}

type CaseKey = Pick<BenchResult, 'case' | 'impl' | 'backend'>;

interface Target {
  claim: string;
  /** The ratio is msPerStep of `slow` over msPerStep of `fast`. */
  slow: CaseKey;
  fast: CaseKey;
  /** `atLeast`: the ratio must reach `limit`; otherwise it must not exceed it. */
  atLeast: boolean;
  limit: number;
}

const FUSED_UPDATE: CaseKey = { case: 'update', impl: 'fused-wgsl', backend: 'webgpu' };

export const TARGETS: readonly Target[] = [
  {
    claim: 'fused update ≥ 10× faster than tfjs webgpu',
    slow: { case: 'update', impl: 'tfjs', backend: 'webgpu' },
    fast: FUSED_UPDATE,
    atLeast: true,
    limit: 10,
  },
  {
    claim: 'CPU engine ≥ 20× faster than tfjs cpu',
    slow: { case: 'update', impl: 'tfjs', backend: 'cpu' },
    fast: { case: 'update', impl: 'cpu-engine', backend: 'cpu' },
    atLeast: true,
    limit: 20,
  },
  {
    claim: 'fused update+stats within 1.5× of the update alone',
    slow: { case: 'update+stats', impl: 'fused-wgsl', backend: 'webgpu' },
    fast: FUSED_UPDATE,
    atLeast: false,
    limit: 1.5,
  },
];

/** One line per target: the measured ratio and pass or miss, or which case is missing. */
export function targetLines(results: readonly BenchResult[]): string[] {
  const find = (key: CaseKey) => results.find((r) => caseLabel(r) === caseLabel(key));
  const width = Math.max(...TARGETS.map((t) => t.claim.length)) + 1;
  return TARGETS.map((target) => {
    const head = `${target.claim}:`.padEnd(width);
    const missing = [target.slow, target.fast].filter((key) => !find(key)).map(caseLabel);
    if (missing.length > 0) return `${head}  not measured (no result for ${missing.join(', ')})`;
    const ratio = find(target.slow)!.msPerStep / find(target.fast)!.msPerStep;
    const pass = target.atLeast ? ratio >= target.limit : ratio <= target.limit;
    return `${head}  measured ${ratio.toPrecision(3)}×  ${pass ? 'pass' : 'miss'}`;
  });
}
