/**
 * The must-show for a user's data: on a small CSV, full-batch `l1-prox` through the
 * command line's own code path (`--data FILE --target COLUMN`, default η) reaches the Lasso
 * optimum: its objective (1/n)‖Xw − y‖² + λ1‖w‖₁ within 1e-4 relative of an independent
 * coordinate-descent solution (test/helpers/lasso.ts, in f64), with the same support. The CSV
 * is generated here, values exact in f32 so both solvers see the same numbers; the target
 * column sits between features, as the loader allows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { decodeCheckpoint } from '../../src/data/checkpoint.ts';
import { lassoCoordinateDescent, lassoObjective } from '../helpers/lasso.ts';
import { xorshift } from '../helpers/test-data.ts';
import { jsonLines, summaryRuns, train } from './run-train.ts';

const TEMP = mkdtempSync(join(tmpdir(), 'sparsewatch-lasso-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

const ROWS = 80;
const FEATURES = 10;
/** Four true nonzeros (features 0, 3, 5, 8) among ten; λ1 = 2·alpha puts two of them near the edge of the support. */
const TRUTH = [1.5, 0, 0, -2, 0, 0.6, 0, 0, -0.3, 0];
const L1 = 0.2;

function csvFixture(): { rows: Float64Array[]; y: Float64Array; text: string } {
  const next = xorshift(17);
  const rows = Array.from({ length: ROWS }, () => Float64Array.from({ length: FEATURES }, () => Math.fround(2 * next() - 1)));
  const y = Float64Array.from(rows, (row) => Math.fround(row.reduce((s, x, j) => s + x * TRUTH[j]!, 0) + 0.3 * (next() - 0.5)));
  // Header x1, x2, x3, price, x4, …: the target column is not last.
  const at = 3;
  const header = Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`);
  header.splice(at, 0, 'price');
  const lines = rows.map((row, i) => {
    const cells = Array.from(row, String);
    cells.splice(at, 0, String(y[i]));
    return cells.join(',');
  });
  return { rows, y, text: [header.join(','), ...lines].join('\n') };
}

test('full-batch l1-prox on a CSV reaches the coordinate-descent Lasso optimum: objective within 1e-4, same support', async () => {
  const { rows, y, text } = csvFixture();
  const csv = join(TEMP, 'small.csv');
  const saved = join(TEMP, 'w.safetensors');
  writeFileSync(csv, text);

  const reference = lassoCoordinateDescent(rows, y, L1 / 2, 2_000);
  const support = Array.from(reference, (w) => w !== 0);
  // The comparison means something only if some weights are 0 and some are not, none on a knife edge.
  expect(support.filter(Boolean).length).toBeGreaterThan(1);
  expect(support.filter((s) => !s).length).toBeGreaterThan(1);
  expect(Math.min(...reference.filter((w) => w !== 0).map(Math.abs))).toBeGreaterThan(1e-3);

  const { code, stdout, stderr } = await train('--problem', 'regression', '--data', csv, '--target', 'price', '--rule', 'l1-prox', '--l1', String(L1), '--init-scale', '0.1', '--steps', '2000', '--save', saved, '--json');
  expect(code, stderr.join('\n')).toBe(0);
  const weights = decodeCheckpoint(readFileSync(saved)).weights;
  const best = lassoObjective(rows, y, reference, L1);
  const reached = lassoObjective(rows, y, weights, L1);
  const run = summaryRuns(jsonLines(stdout))['l1-prox']!;
  console.info(`Lasso on ${ROWS}×${FEATURES} CSV: coordinate descent ${best}, l1-prox ${reached} (summary ${run.objective}), support ${support.map(Number).join('')}`);
  expect(Math.abs(reached - best) / best).toBeLessThan(1e-4);
  expect(Math.abs((run.objective as number) - best) / best).toBeLessThan(1e-4);
  expect(Array.from(weights, (w) => w !== 0)).toEqual(support);
  expect(run.nonzeros).toBe(support.filter(Boolean).length);
}, 30_000);
