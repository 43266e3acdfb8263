/**
 * `sparsewatch train --problem digits` in process (the executable's code path, output
 * captured): a small network for one epoch on the CPU engine, in lockstep with and without
 * proximal L1: the JSON lines, the summary's metric names, L1's exact zeros in the first
 * layer only where the regulariser acts, the CSV, the checkpoints (weights and biases) and
 * resuming from them; and refusals naming the option, the value and what is allowed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/data/checkpoint.ts';
import { jsonLines, summaryRuns, train } from './run-train.ts';

const TEMP = mkdtempSync(join(tmpdir(), 'sparsewatch-digits-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

const SMALL = ['--problem', 'digits', '--engine', 'cpu', '--hidden', '32', '--epochs', '1', '--batch', '100'];
const METRIC_NAMES = ['loss', 'heldOutLoss', 'exactZeroFraction', 'nearZeroFraction', 'supportPrecision', 'supportRecall', 'supportF1', 'distanceToTruth', 'accuracy', 'stepsPerSecond'];

describe('sparsewatch train --problem digits', () => {
  test('--json, lockstep none and strong l1-prox: both learn; only L1 makes exact zeros; CSV and checkpoints written', { timeout: 120_000 }, async () => {
    const csv = join(TEMP, 'digits.csv');
    const save = join(TEMP, 'digits.safetensors');
    const { code, stdout, stderr } = await train(...SMALL, '--runs', 'none,l1-prox', '--l1', '2e-3', '--json', '--csv', csv, '--save', save);
    expect(code, stderr.join('\n')).toBe(0);
    const lines = jsonLines(stdout);
    const snapshots = lines.filter((line) => line.type === 'snapshot');
    expect(snapshots.map((s) => `${s.run}@${s.step}`)).toEqual(['none@0', 'l1-prox@0', 'none@80', 'l1-prox@80']);
    const runs = summaryRuns(lines);
    for (const run of Object.values(runs)) expect(Object.keys(run.metrics)).toEqual(METRIC_NAMES);
    expect(runs.none!.metrics.accuracy).toBeGreaterThan(0.8);
    expect(runs['l1-prox']!.metrics.accuracy).toBeGreaterThan(0.6);
    expect(runs.none!.metrics.exactZeroFraction).toBe(0);
    expect(runs['l1-prox']!.metrics.exactZeroFraction).toBeGreaterThan(0.3);
    expect(runs.none!.metrics.supportF1).toBeNull();

    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(5);
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(join(TEMP, 'digits.l1-prox.safetensors'))));
    expect(checkpoint.weights.length).toBe(784 * 32 + 32 * 10);
    expect(checkpoint.weights.filter((w) => w === 0).length / checkpoint.weights.length).toBeCloseTo(runs['l1-prox']!.metrics.exactZeroFraction!, 6);
    expect(checkpoint.biases).toHaveLength(32 + 10);
    expect(checkpoint.settings).toMatchObject({ problem: 'digits', run: 'l1-prox', rule: 'l1-prox', hidden: '32', loss: 'xent', batch: 100 });
  });

  test('--save then --resume: each run starts where its checkpoint stopped (held-out loss and accuracy at step 0 exactly); a misfit is refused', { timeout: 120_000 }, async () => {
    const save = join(TEMP, 'resume.safetensors');
    const short = ['--problem', 'digits', '--engine', 'cpu', '--hidden', '16', '--epochs', '1', '--batch', '200', '--seed', '3', '--json'];
    const first = await train(...short, '--runs', 'none,l1-prox', '--l1', '1e-3', '--save', save);
    expect(first.code, first.stderr.join('\n')).toBe(0);
    const finals = jsonLines(first.stdout).filter((line) => line.type === 'snapshot' && line.step === 40);
    expect(finals).toHaveLength(2);

    // Network, batch and seed from the checkpoints; the rules from --runs, λ from each file.
    const resumed = await train('--problem', 'digits', '--engine', 'cpu', '--epochs', '1', '--json', '--runs', 'none,l1-prox', '--resume', save);
    expect(resumed.code, resumed.stderr.join('\n')).toBe(0);
    const lines = jsonLines(resumed.stdout);
    for (const final of finals) {
      const start = lines.find((line) => line.type === 'snapshot' && line.step === 0 && line.run === final.run)!;
      expect(start.heldOutLoss).toBe(final.heldOutLoss);
      expect(start.heldOutAccuracy).toBe(final.heldOutAccuracy);
      expect(start.exactZeroFraction).toBe(final.exactZeroFraction);
    }
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ network: '784-16-10', settings: { hidden: [16], batch: 200, seed: 3 } });
    expect(summaryRuns(lines)['l1-prox']).toMatchObject({ l1: 1e-3 });

    // One file, its own rule: the l1-prox run alone.
    const one = await train('--problem', 'digits', '--engine', 'cpu', '--epochs', '1', '--json', '--resume', join(TEMP, 'resume.l1-prox.safetensors'));
    expect(one.code, one.stderr.join('\n')).toBe(0);
    expect(jsonLines(one.stdout).find((line) => line.step === 0)).toMatchObject({ run: 'l1-prox', heldOutLoss: finals.find((f) => f.run === 'l1-prox')!.heldOutLoss });

    const regression = join(TEMP, 'regression.safetensors');
    writeFileSync(regression, encodeCheckpoint({ weights: new Float32Array(8), step: 1, settings: { problem: 'regression' } }));
    const refusals: [string[], string][] = [
      [['--hidden', '32', '--resume', join(TEMP, 'resume.none.safetensors')], `hidden: got "32"; allowed: "16", the value ${join(TEMP, 'resume.none.safetensors')} was trained with`],
      [['--loss', 'mse', '--resume', join(TEMP, 'resume.none.safetensors')], 'loss: got "mse"; allowed: "xent", the value'],
      [['--runs', 'none,l2', '--resume', save], `resume: got "${join(TEMP, 'resume.l2.safetensors')}"; allowed: a sparsewatch checkpoint that can be read (ENOENT`],
      [['--resume', regression], `resume: got "${regression}"; allowed: a checkpoint of --problem digits (this one is of "regression")`],
    ];
    for (const [args, message] of refusals) {
      const { code, stdout, stderr } = await train('--problem', 'digits', '--engine', 'cpu', ...args);
      expect(code, stderr.join('\n')).toBe(2);
      expect(stdout).toEqual([]);
      expect(stderr[0]).toContain(message);
    }
  });

  test.each([
    [['--hidden', '30'], 'hidden\\[0\\]', 'a multiple of 4'],
    [['--hidden', '2'], 'hidden', 'layer widths from 4 to 16,384'],
    [['--hidden', '64,abc'], 'hidden', 'entry 2, "abc", is not'],
    [['--loss', 'hinge'], 'loss', 'one of mse, xent'],
    [['--batch', 'full'], 'batch', 'digits trains on minibatches'],
    [['--steps', '10'], 'steps', 'give its length in --epochs'],
    [['--features', '10'], 'features', 'only with --problem regression'],
    [['--hidden', '64', '--rule', 'none', '--l1', '0.1'], 'l1', ''],
  ])('%j is refused naming %s', { timeout: 30_000 }, async (args, field, words) => {
    const { code, stdout, stderr } = await train('--problem', 'digits', '--engine', 'cpu', ...args);
    expect(code).toBe(2);
    expect(stdout).toEqual([]);
    expect(stderr[0]).toMatch(new RegExp(`^${field}: got `));
    expect(stderr[0]).toContain(words);
  });
});
