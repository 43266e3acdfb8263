/**
 * The `sparsewatch` executable as a user runs it: a child process started through the bin
 * shim (src/cli/sparsewatch.mjs, which loads the TypeScript through tsx). Checks the JSON
 * lines of a walkthrough run, that bad options exit 2 with one line naming the option, the
 * value and what is allowed (no stack trace), and the --csv and --save files. The cases run
 * concurrently: each is mostly process start-up. Regression runs are in train-regression.test.ts
 * (in process), the GPU engine in gpu-engine.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { checkpointPaths } from '../../src/cli/outputs.ts';
import { decodeCheckpoint } from '../../src/data/checkpoint.ts';
import { readSafetensors } from '../../src/data/safetensors.ts';

const BIN = fileURLToPath(new URL('../../src/cli/sparsewatch.mjs', import.meta.url));
const TEMP = mkdtempSync(join(tmpdir(), 'sparsewatch-cli-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function sparsewatch(...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe.concurrent('sparsewatch train', { timeout: 90_000 }, () => {
  test('--json: a snapshot per step, then a summary with stepToZero 8 beside predictedStepToZero 8', async () => {
    const { code, stdout, stderr } = await sparsewatch('train', '--w0', '0.8', '--l1', '0.1', '--lr', '1', '--rule', 'l1-prox', '--steps', '10', '--json');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^(CPU|GPU) engine: /m);
    const lines = jsonLines(stdout);
    const snapshots = lines.filter((line) => line.type === 'snapshot');
    expect(snapshots.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(snapshots.map((s) => (s.weights as number[])[0])).toEqual([0.8, 0.7, 0.59999996, 0.49999997, 0.39999998, 0.29999998, 0.19999999, 0.09999999, 0, 0, 0]);
    expect(snapshots[8]).toMatchObject({ run: 'l1-prox', exactZeroFraction: 1, nearZeroFraction: 1, becameZero: 1 });
    const summary = lines.at(-1)!;
    expect(summary.type).toBe('summary');
    const [run] = summary.runs as Record<string, unknown>[];
    expect(run).toMatchObject({ rule: 'l1-prox', stepToZero: [8], predictedStepToZero: [8], metrics: { exactZeroFraction: 1, nearZeroFraction: 1 } });
    expect((run!.metrics as Record<string, number>).stepsPerSecond).toBeGreaterThan(0);
  });

  test('--runs in lockstep: one snapshot per run and step, L1 reaches 0 and L2 does not', async () => {
    const { code, stdout } = await sparsewatch('train', '--runs', 'l1-clip,l2', '--w0', '0.8,0.3', '--steps', '8', '--json');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.filter((line) => line.type === 'snapshot').map((s) => `${s.run}@${s.step}`).slice(0, 4)).toEqual(['l1-clip@0', 'l2@0', 'l1-clip@1', 'l2@1']);
    const runs = lines.at(-1)!.runs as { run: string; stepToZero: unknown[]; predictedStepToZero: unknown[] }[];
    expect(runs.map((r) => [r.run, r.stepToZero, r.predictedStepToZero])).toEqual([
      ['l1-clip', [8, 4], [8, 4]],
      ['l2', [null, null], [null, null]],
    ]);
  });

  test('the table: settings, caveats, rows, first-zero steps', async () => {
    const { code, stdout } = await sparsewatch('train', '--rule', 'l2', '--l2', '2.5', '--w0', '0.5', '--steps', '3');
    expect(code).toBe(0);
    expect(stdout).toContain('walkthrough: w0 = 0.5; gradient 0 (penalty only); 3 steps');
    expect(stdout).toContain('note: l2: ηλ2 = 2.5 > 2');
    expect(stdout).toMatch(/\n\s+3\s+l2\s+0\s+0\s+1\.6875\s+-1\.6875\n/);
    expect(stdout).toMatch(/w\[0\]\s+0\.5\s+never \(—\)/);
  });

  const bad: [string[], string, string, string][] = [
    [['--lr', '-1'], 'lr', '"-1"', 'a finite number from 0 to 3.4e38'],
    [['--lr', 'abc'], 'lr', '"abc"', 'a finite number from 0 to 3.4e38'],
    [['--rule', 'l3'], 'rule', '"l3"', 'one of none, l1, l1-clip, l1-prox, l2'],
    [['--steps', '0'], 'steps', '"0"', 'a whole number from 1 to 1,000,000,000'],
    [['--w0', '0.8,x'], 'w0', '"0.8,x"', 'comma-separated finite numbers'],
    [['--foo'], 'option', '"--foo"', '--problem, --engine, --rule, --runs'],
    [['--problem', 'digits', '--loss', 'hinge'], 'loss', '"hinge"', 'one of mse, xent'],
    [['--problem', 'regression', '--batch', '0'], 'batch', '"0"', 'full, or a whole number of samples per step'],
    [['--problem', 'regression', '--data', 'missing.csv', '--target', 'y'], 'data', '"missing.csv"', 'a file that can be read (ENOENT'],
  ];
  test.each(bad)('train %j exits 2 naming %s, the value %s and the allowed range', async (args, field, value, allowed) => {
    const { code, stdout, stderr } = await sparsewatch('train', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const first = stderr.split('\n')[0]!;
    expect(first.startsWith(`${field}: got ${value}; allowed: `)).toBe(true);
    expect(first).toContain(allowed);
    expect(stderr).not.toMatch(/\n\s+at |Error:/);
  });

  test('--csv: a header and one row per snapshot', async () => {
    const file = join(TEMP, 'metrics.csv');
    const { code } = await sparsewatch('train', '--runs', 'l1-prox,l2', '--params', '100', '--steps', '30', '--snapshot-every', '10', '--csv', file);
    expect(code).toBe(0);
    const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    expect(header).toBe(`run,step,exactZeroFraction,nearZeroFraction,exactZeros,becameZero,leftZero,l1Norm,l2NormSquared,${Array.from({ length: 16 }, (_, i) => `w${i}`).join(',')}`);
    expect(rows.map((row) => row.split(',').slice(0, 2).join('@'))).toEqual(['l1-prox@0', 'l2@0', 'l1-prox@10', 'l2@10', 'l1-prox@20', 'l2@20', 'l1-prox@30', 'l2@30']);
    for (const row of rows) expect(row.split(',')).toHaveLength(9 + 16);
  });

  test('--csv to a path that cannot be written exits 2 before running', async () => {
    const { code, stderr } = await sparsewatch('train', '--csv', join(TEMP, 'missing-dir', 'x.csv'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^csv: got ".*x\.csv"; allowed: a file that can be written \(ENOENT/m);
  });

  test('--save: one sparsewatch checkpoint per run, named after the run', async () => {
    const file = join(TEMP, 'weights.safetensors');
    const { code } = await sparsewatch('train', '--runs', 'l1-prox,l2', '--w0', '0.8,0.3,3', '--steps', '8', '--save', file);
    expect(code).toBe(0);
    const prox = decodeCheckpoint(readFileSync(join(TEMP, 'weights.l1-prox.safetensors')));
    const l2 = decodeCheckpoint(readFileSync(join(TEMP, 'weights.l2.safetensors')));
    expect(Array.from(prox.weights.slice(0, 2))).toEqual([0, 0]);
    expect(prox.weights[2]).toBeCloseTo(3 - 8 * 0.1, 5); // 2.2000008 in f32: eight roundings
    expect(prox.step).toBe(8);
    expect(prox.settings).toMatchObject({ problem: 'walkthrough', run: 'l1-prox', rule: 'l1-prox', lr: 1, l1: 0.1 });
    expect(l2.weights[0]).toBeCloseTo(0.8 * 0.9 ** 8, 5);
    // Still plain safetensors, for NumPy and PyTorch.
    expect(readSafetensors(readFileSync(join(TEMP, 'weights.l2.safetensors'))).tensors.weights!.shape).toEqual([3]);
  });

  test('--save with one run writes exactly the file named', () => {
    expect(checkpointPaths('out/w.safetensors', ['l1-prox'])).toEqual(['out/w.safetensors']);
    expect(checkpointPaths('out.d/w', ['l1', 'l2'])).toEqual(['out.d/w.l1', 'out.d/w.l2']);
    expect(checkpointPaths('w.st', ['l1-prox+l2', 'none'])).toEqual(['w.l1-prox+l2.st', 'w.none.st']);
  });

  test('--help, a missing or unknown command, and bench delegated', async () => {
    const [help, trainHelp, none, unknown, bench] = await Promise.all([
      sparsewatch('--help'),
      sparsewatch('train', '--help'),
      sparsewatch(),
      sparsewatch('fit'),
      sparsewatch('bench', '--params', '0'),
    ]);
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toContain('Usage: sparsewatch <command>');
    expect(trainHelp).toMatchObject({ code: 0 });
    expect(trainHelp.stdout).toContain('--runs l1-prox,l2,none');
    expect(none.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('command: got "fit"; allowed: train or bench');
    expect(bench.code).toBe(2);
    expect(bench.stderr).toContain('params: got "0"');
  });
});
