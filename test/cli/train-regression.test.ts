/**
 * `sparsewatch train --problem regression` in process (the executable's own code path, output
 * captured): the JSON lines and their metric names, L1 against L2 in lockstep, --csv, --epochs,
 * --save then --resume continuing exactly where a run stopped, a user's data from CSV, .npy
 * and .safetensors, and refusals (bad options, malformed data, a checkpoint that does not fit)
 * as one line naming the field, the value and what is allowed, exit 2, nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/data/checkpoint.ts';
import { writeNpy } from '../../src/data/npy.ts';
import { writeSafetensors } from '../../src/data/safetensors.ts';
import { xorshift } from '../helpers/test-data.ts';
import { jsonLines, summaryRuns, train } from './run-train.ts';

const TEMP = mkdtempSync(join(tmpdir(), 'sparsewatch-regression-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));
const file = (name: string) => join(TEMP, name);

/** Small enough for a few hundred CPU steps a second, large enough that L1 and L2 part ways. */
const SMALL = ['--problem', 'regression', '--engine', 'cpu', '--features', '400', '--nonzeros', '5', '--samples', '150', '--test-samples', '50'];

/** The summary's metric names, as the issue fixes them. */
const METRIC_NAMES = ['loss', 'heldOutLoss', 'exactZeroFraction', 'nearZeroFraction', 'supportPrecision', 'supportRecall', 'supportF1', 'distanceToTruth', 'accuracy', 'stepsPerSecond'];

/** A linear dataset y = x·w + noise with 3 of `d` weights nonzero, from a generator of its own. */
function linearData(rows: number, d: number, seed: number): { x: Float32Array; y: Float32Array } {
  const next = xorshift(seed);
  const w = Float64Array.from({ length: d }, (_, j) => (j % 3 === 0 && j < 9 ? 1 + j / 4 : 0));
  const x = Float32Array.from({ length: rows * d }, () => 2 * next() - 1);
  const y = Float32Array.from({ length: rows }, (_, i) => w.reduce((s, wj, j) => s + wj * x[i * d + j]!, 0) + 0.05 * (next() - 0.5));
  return { x, y };
}

describe('sparsewatch train --problem regression', () => {
  test('--json: L1 finds the support with exact zeros, L2 zeroes nothing; the summary names exactly the ten metrics', async () => {
    const { code, stdout, stderr } = await train(...SMALL, '--runs', 'l1-prox,l2', '--steps', '200', '--snapshot-every', '50', '--json');
    expect(code, stderr.join('\n')).toBe(0);
    expect(stderr[0]).toBe('CPU engine: asked for with --engine cpu');
    const lines = jsonLines(stdout);
    const snapshots = lines.filter((line) => line.type === 'snapshot');
    expect(snapshots.map((s) => `${s.run}@${s.step}`)).toEqual([0, 50, 100, 150, 200].flatMap((step) => [`l1-prox@${step}`, `l2@${step}`]));
    expect(Object.keys(snapshots[0]!)).toEqual([
      'type', 'run', 'step', 'loss', 'heldOutLoss', 'objective', 'exactZeroFraction', 'nearZeroFraction',
      'supportPrecision', 'supportRecall', 'supportF1', 'distanceToTruth', 'nonzeros', 'l1Norm', 'l2NormSquared',
    ]);
    // Every later snapshot says how fast the steps since the previous one went.
    for (const s of snapshots.filter((s) => s.step !== 0)) {
      const stepsPerSecond = s.stepsPerSecond as number;
      expect(stepsPerSecond).toBeGreaterThan(0);
      // Both are rounded to three significant digits.
      expect(Math.abs((s.parametersPerSecond as number) / (stepsPerSecond * 400) - 1)).toBeLessThan(0.01);
    }
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', problem: 'regression', engine: 'cpu', paramCount: 400, firstStep: 0, steps: 200 });
    const runs = summaryRuns(lines);
    for (const run of Object.values(runs)) expect(Object.keys(run.metrics)).toEqual(METRIC_NAMES);
    const l1 = runs['l1-prox']!.metrics;
    const l2 = runs.l2!.metrics;
    expect(l1.accuracy).toBeNull();
    expect(l1.supportF1).toBeGreaterThanOrEqual(0.95);
    expect(l1.exactZeroFraction).toBeGreaterThanOrEqual(0.95);
    expect(l2.exactZeroFraction).toBe(0);
    expect(l2.supportF1).toBeLessThan(0.1);
    expect(l1.stepsPerSecond).toBeGreaterThan(0);
    // Both runs read the default λ = λ_max/8 (two significant digits) and η = 1/L̂.
    expect(runs['l1-prox']!.l1).toBe(Number(((summary.lambdaMax as number) / 8).toPrecision(2)));
    expect(runs.l2!.l2).toBe(runs['l1-prox']!.l1);
    expect(runs.l2!.lr).toBe(runs['l1-prox']!.lr);
  }, 60_000);

  test('the table: the data, η and λ, one row per run and snapshot, the closing table', async () => {
    const { code, stdout } = await train(...SMALL, '--rule', 'l1-prox', '--l1', '0.4', '--steps', '20', '--snapshot-every', '10');
    expect(code).toBe(0);
    expect(stdout[0]).toBe('regression: d = 400 features, k = 5 true nonzeros, n = 150 training samples + 50 held out, σ = 0.5, gaussian features, full batch, seed 1');
    expect(stdout).toContainEqual(expect.stringMatching(/^ {2}l1-prox: η = [\d.]+, λ1 = 0\.4, λ2 = 0 \(per step in f32/));
    expect(stdout.filter((line) => /^\s+(0|10|20)\s+l1-prox\s/.test(line))).toHaveLength(3);
    expect(stdout.at(-2)).toMatch(/^\s+run\s+loss\s+held-out\s+exact 0\s+near 0\s+precision\s+recall\s+F1\s+‖w−w\*‖\s+steps\/s$/);
  }, 30_000);

  test('--csv: a header and a row per run and snapshot; --epochs counts passes over the training samples', async () => {
    const csv = file('metrics.csv');
    const { code, stdout } = await train(...SMALL, '--runs', 'l1-prox,l2', '--batch', '32', '--epochs', '2', '--snapshot-every', '5', '--csv', csv, '--json');
    expect(code).toBe(0);
    // 2 epochs of 150 samples in batches of 32: ⌈300/32⌉ = 10 steps.
    expect(jsonLines(stdout).at(-1)!.steps).toBe(10);
    const [header, ...rows] = readFileSync(csv, 'utf8').trim().split('\n');
    expect(header).toBe(
      'run,step,loss,heldOutLoss,objective,exactZeroFraction,nearZeroFraction,supportPrecision,supportRecall,supportF1,distanceToTruth,nonzeros,l1Norm,l2NormSquared,stepsPerSecond,parametersPerSecond',
    );
    expect(rows.map((row) => row.split(',').slice(0, 2).join('@'))).toEqual(['l1-prox@0', 'l2@0', 'l1-prox@5', 'l2@5', 'l1-prox@10', 'l2@10']);
    for (const row of rows) expect(row.split(',').map(Number).slice(1).every(Number.isFinite)).toBe(true);
  }, 30_000);

  test('--save then --resume continues exactly as one uninterrupted run (minibatches included)', async () => {
    const common = [...SMALL, '--runs', 'l1-prox,l2', '--batch', '40', '--l1', '0.3', '--l2', '0.3', '--json'];
    const straight = file('straight.safetensors');
    const half = file('half.safetensors');
    expect((await train(...common, '--steps', '30', '--save', straight)).code).toBe(0);
    expect((await train(...common, '--steps', '13', '--save', half)).code).toBe(0);
    // Resume takes the data settings from the checkpoint: none of SMALL's need repeating.
    const resumed = await train('--problem', 'regression', '--engine', 'cpu', '--runs', 'l1-prox,l2', '--steps', '17', '--resume', half, '--save', half, '--json');
    expect(resumed.code, resumed.stderr.join('\n')).toBe(0);
    const summary = jsonLines(resumed.stdout).at(-1)!;
    expect(summary).toMatchObject({ firstStep: 13, steps: 17, paramCount: 400 });
    expect(jsonLines(resumed.stdout)[0]).toMatchObject({ type: 'snapshot', run: 'l1-prox', step: 13 });
    for (const run of ['l1-prox', 'l2']) {
      const a = decodeCheckpoint(readFileSync(file(`straight.${run}.safetensors`)));
      const b = decodeCheckpoint(readFileSync(file(`half.${run}.safetensors`)));
      expect(b.step).toBe(30);
      expect(b.settings).toEqual(a.settings);
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
    }
  }, 60_000);

  test('--resume refuses a checkpoint that does not fit, naming what differs', async () => {
    const saved = file('fit.safetensors');
    expect((await train(...SMALL, '--steps', '3', '--save', saved)).code).toBe(0);
    const walkthrough = file('walkthrough.safetensors');
    writeFileSync(walkthrough, encodeCheckpoint({ weights: new Float32Array(400), step: 3, settings: { problem: 'walkthrough' } }));
    const shrunk = file('shrunk.safetensors');
    const { settings } = decodeCheckpoint(readFileSync(saved));
    writeFileSync(shrunk, encodeCheckpoint({ weights: new Float32Array(399), step: 3, settings }));
    const data = file('eight.csv');
    writeFileSync(data, ['a,b,c,d,e,f,g,h,y', '1,2,3,4,5,6,7,8,9', '2,3,4,5,6,7,8,9,1'].join('\n'));

    const cases: [string[], string][] = [
      [['--features', '500'], `features: got 500; allowed: 400, the value ${saved} was trained with`],
      [['--seed', '2'], `seed: got 2; allowed: 1, the value ${saved} was trained with`],
      [['--runs', 'l1-prox,l2'], `resume: got "${join(TEMP, 'fit.l1-prox.safetensors')}"; allowed: a sparsewatch checkpoint that can be read (ENOENT`],
      [['--data', data, '--target', 'y'], `resume: got "${saved}"; allowed: a checkpoint of a run on --data (this one was trained on generated data`],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await train('--problem', 'regression', '--engine', 'cpu', '--steps', '1', '--resume', saved, ...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr[0]).toContain(message);
    }
    const other = await train('--problem', 'regression', '--resume', walkthrough);
    expect(other.stderr[0]).toBe(`resume: got "${walkthrough}"; allowed: a checkpoint of --problem regression (this one is of "walkthrough")`);
    const short = await train('--problem', 'regression', '--resume', shrunk);
    expect(short.stderr[0]).toBe(`resume: got "${shrunk}"; allowed: a checkpoint with one weight per feature (it records 400 features and holds 399 weights)`);
  }, 60_000);

  test('a user’s data from .npy and .safetensors: no truth, so no support metrics; the last --test-samples rows held out', async () => {
    const { x, y } = linearData(60, 12, 3);
    writeFileSync(file('x.npy'), writeNpy(x, [60, 12]));
    writeFileSync(file('y.npy'), writeNpy(y, [60]));
    writeFileSync(file('d.safetensors'), writeSafetensors({ features: { dtype: 'F32', shape: [60, 12], data: x }, price: { dtype: 'F32', shape: [60, 1], data: y } }));
    const common = ['--problem', 'regression', '--rule', 'l1-prox', '--l1', '0.01', '--steps', '100', '--test-samples', '10', '--json'];
    const npy = await train(...common, '--data', file('x.npy'), '--target', file('y.npy'));
    const safetensors = await train(...common, '--data', file('d.safetensors'), '--target', 'price');
    expect(npy.code, npy.stderr.join('\n')).toBe(0);
    expect(safetensors.code, safetensors.stderr.join('\n')).toBe(0);
    expect(npy.stderr[0]).toBe('CPU engine: a run on --data computes its sums on the CPU (the GPU kernels generate their features)');
    const [a, b] = [jsonLines(npy.stdout), jsonLines(safetensors.stdout)];
    expect(a.at(-1)!.data).toMatchObject({ kind: 'file', rows: 60, features: 12, testSamples: 10 });
    // The same numbers from either file format (all but the speed).
    const [runA, runB] = [summaryRuns(a)['l1-prox']!, summaryRuns(b)['l1-prox']!];
    expect({ ...runB, metrics: { ...runB.metrics, stepsPerSecond: 0 } }).toEqual({ ...runA, metrics: { ...runA.metrics, stepsPerSecond: 0 } });
    const { metrics } = runA;
    expect(metrics).toMatchObject({ supportPrecision: null, supportRecall: null, supportF1: null, distanceToTruth: null, accuracy: null });
    expect(metrics.heldOutLoss!).toBeLessThan(0.05);
    expect(a[0]).not.toHaveProperty('supportF1');
    expect(a[0]).toHaveProperty('heldOutLoss');
  }, 30_000);

  test('--resume on --data: the same file again, the checkpoint’s split and λ; a different split is refused', async () => {
    const { x, y } = linearData(40, 5, 8);
    writeFileSync(file('r.npy'), writeNpy(x, [40, 5]));
    writeFileSync(file('r-y.npy'), writeNpy(y, [40]));
    const data = ['--problem', 'regression', '--data', file('r.npy'), '--target', file('r-y.npy')];
    const saved = file('r.safetensors');
    expect((await train(...data, '--test-samples', '6', '--batch', '8', '--l1', '0.02', '--steps', '5', '--save', saved)).code).toBe(0);
    const resumed = await train(...data, '--resume', saved, '--steps', '5', '--json');
    expect(resumed.code, resumed.stderr.join('\n')).toBe(0);
    const summary = jsonLines(resumed.stdout).at(-1)!;
    expect(summary).toMatchObject({ firstStep: 5, steps: 5, data: { kind: 'file', testSamples: 6, batch: 8, features: 5 } });
    expect(summaryRuns(jsonLines(resumed.stdout))['l1-prox']).toMatchObject({ l1: 0.02 });
    const refused = await train(...data, '--resume', saved, '--test-samples', '0');
    expect(refused.code).toBe(2);
    expect(refused.stderr[0]).toBe(`test-samples: got 0; allowed: 6, the value ${saved} was trained with (leave it out to take the checkpoint's)`);
  }, 30_000);

  test('malformed data and bad values exit 2 with one line naming the field, the value and what is allowed; nothing is written', async () => {
    writeFileSync(file('bad.csv'), ['x1,x2,y', '1,2,3', '4,n/a,6'].join('\n'));
    writeFileSync(file('ragged.csv'), ['x1,x2,y', '1,2,3', '4,5'].join('\n'));
    writeFileSync(file('data.txt'), 'x,y\n1,2\n');
    writeFileSync(file('y.csv'), 'x,y\n1,2\n2,3\n');
    const csv = file('never-written.csv');
    const cases: [string[], string][] = [
      [['--data', file('bad.csv'), '--target', 'y'], 'csv row 2 (line 3), column "x2": got "n/a"; allowed: a number'],
      [['--data', file('ragged.csv'), '--target', 'y'], 'csv row 2 (line 3)'],
      [['--data', file('y.csv'), '--target', 'z'], 'target'],
      [['--data', file('y.csv')], `target: got nothing; allowed: the name of the target column of y.csv (--target COLUMN)`],
      [['--data', file('y.csv'), '--target', 'y', '--test-samples', '2'], 'test-samples: got 2; allowed: a whole number from 0 to 1 (the data have 2 rows'],
      [['--data', file('data.txt'), '--target', 'y'], `data: got "${file('data.txt')}"; allowed: a file ending in .csv, .npy, .safetensors`],
      [['--data', file('x.npy'), '--target', 'y'], 'target: got "y"; allowed: a .npy file holding the target'],
      [['--rule', 'none', '--l1', '0.1'], 'l1: got 0.1; allowed: 0 with rule none'],
      [['--snapshot-every', '0'], 'snapshot-every: got "0"'],
      [['--nonzeros', '70000'], 'nonzeros: got "70000"; allowed: a whole number from 1 to 65,536, at most --features'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await train('--problem', 'regression', '--engine', 'cpu', '--csv', csv, ...args);
      expect(code, `${args.join(' ')}: ${stderr.join('\n')}`).toBe(2);
      expect(stdout).toEqual([]);
      expect(stderr[0], args.join(' ')).toContain(message);
      expect(stderr[0]).toMatch(/^[\w.\- ()"[\],]+: got /);
      expect(stderr.join('\n')).not.toMatch(/\n\s+at |Error:/);
      expect(existsSync(csv)).toBe(false);
    }
  }, 60_000);
});
