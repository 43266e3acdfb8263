/**
 * `sparsewatch train --problem digits` in process (the executable's code path, output
 * captured): a small network for one epoch on the CPU engine, in lockstep with and without
 * proximal L1: the JSON lines, the summary's metric names, L1's exact zeros in the first
 * layer only where the regulariser acts, the CSV, the checkpoints; and refusals naming the
 * option, the value and what is allowed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeCheckpoint } from '../../src/data/checkpoint.ts';
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
