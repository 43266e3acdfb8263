/**
 * `sparsewatch train` option parsing, in process: defaults, which λ each run reads, the
 * cross-option rules, and that every refusal is a ConfigError naming the option, the value
 * and what is allowed. The same refusals through the real executable are in train.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { splitArgs } from '../../src/cli/args.ts';
import { DEFAULTS, parseTrainArgs } from '../../src/cli/options.ts';
import { ConfigError } from '../../src/engine/config-error.ts';

const regularisers = (args: string[]) => parseTrainArgs(args).runs.map((run) => run.regulariser);

function refusal(args: string[]): ConfigError {
  try {
    parseTrainArgs(args);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

describe('train options', () => {
  test('defaults: the notebook example, l1-prox, η = 1, λ1 = 0.1, 20 steps, a snapshot each step', () => {
    const options = parseTrainArgs([]);
    expect(options).toMatchObject({ help: false, problem: 'walkthrough', engine: 'auto', csv: null, save: null, json: false });
    expect(options.runs).toEqual([
      { regulariser: { rule: 'l1-prox', lr: 1, l1: 0.1, l2: 0 }, weights: { kind: 'given', w0: [0.8] }, steps: 20, snapshotEvery: 1, epsilon: DEFAULTS.epsilon },
    ]);
  });

  test('long runs take about 100 snapshots', () => {
    expect(parseTrainArgs(['--steps', '1000']).runs[0]!.snapshotEvery).toBe(10);
    expect(parseTrainArgs(['--steps', '1000', '--snapshot-every', '3']).runs[0]!.snapshotEvery).toBe(3);
  });

  test('--rule reads every λ given: an l1 rule with --l2 is elastic net; λ a rule reads defaults to 0.1', () => {
    expect(regularisers(['--rule', 'l2'])).toEqual([{ rule: 'l2', lr: 1, l1: 0, l2: 0.1 }]);
    expect(regularisers(['--rule', 'l1-clip', '--l2', '0.05', '--lr=0.5'])).toEqual([{ rule: 'l1-clip', lr: 0.5, l1: 0.1, l2: 0.05 }]);
    expect(regularisers(['--rule', 'none'])).toEqual([{ rule: 'none', lr: 1, l1: 0, l2: 0 }]);
  });

  test('--runs: each reads only the λ its name says; the weights and steps are shared', () => {
    const options = parseTrainArgs(['--runs', 'l1-prox,l2,none,l1-prox+l2', '--l1', '0.01', '--l2', '0.2', '--params', '1000', '--seed', '7']);
    expect(options.runs.map((run) => run.regulariser)).toEqual([
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 },
      { rule: 'l2', lr: 1, l1: 0, l2: 0.2 },
      { rule: 'none', lr: 1, l1: 0, l2: 0 },
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0.2 },
    ]);
    for (const run of options.runs) expect(run.weights).toEqual({ kind: 'drawn', count: 1000, seed: 7 });
  });

  test('switches, files, weights', () => {
    const options = parseTrainArgs(['--json', '--csv', 'out.csv', '--save=w.safetensors', '--w0', '0.8,-0.3,1e-3', '--engine', 'cpu', '--epsilon', '0.5']);
    expect(options).toMatchObject({ json: true, csv: 'out.csv', save: 'w.safetensors', engine: 'cpu' });
    expect(options.runs[0]).toMatchObject({ weights: { kind: 'given', w0: [0.8, -0.3, 0.001] }, epsilon: 0.5 });
  });

  test('--help is answered before the values are checked', () => {
    expect(parseTrainArgs(['--lr', '-1', '--help']).help).toBe(true);
  });

  const refused: [string[], string, string][] = [
    [['--lr', '-1'], 'lr: got "-1"; allowed: a finite number from 0 to 3.4e38', ''],
    [['--lr', 'abc'], 'lr: got "abc"; allowed: a finite number from 0 to 3.4e38', ''],
    [['--lr', '0x10'], 'lr: got "0x10"', ''],
    [['--l1', 'Infinity'], 'l1: got "Infinity"', ''],
    [['--lr'], 'lr: got nothing', ''],
    [['--rule', 'l3'], 'rule: got "l3"; allowed: one of none, l1, l1-clip, l1-prox, l2', ''],
    [['--steps', '0'], 'steps: got "0"; allowed: a whole number from 1 to 1,000,000,000', ''],
    [['--steps', '2.5'], 'steps: got "2.5"', ''],
    [['--seed', '4294967296'], 'seed: got "4294967296"; allowed: a whole number from 0 to 4,294,967,295', ''],
    [['--w0', '0.8,x'], 'w0: got "0.8,x"; allowed: 1 to 4,096 comma-separated finite numbers', '(entry 2, "x", is not)'],
    [['--w0', ''], 'w0: got ""', ''],
    [['--params', '0'], 'params: got "0"', ''],
    [['--epsilon', '-1'], 'epsilon: got "-1"; allowed: a finite number > 0', ''],
    [['--foo'], 'option: got "--foo"; allowed: --problem, --rule', ''],
    [['--foo=1'], 'option: got "--foo"', ''],
    [['stray'], 'option: got "stray"', ''],
    [['--json=yes'], 'json: got "yes"; allowed: no value (it is a switch)', ''],
    [['--lr', '1', '--lr', '2'], 'lr: got "2"; allowed: one --lr (it was given twice)', ''],
    [['--problem', 'digits'], 'problem: got "digits"; allowed: walkthrough (regression and digits are not available yet)', ''],
    [['--problem', 'regression'], 'problem: got "regression"', 'not available yet'],
    [['--engine', 'gpu'], 'engine: got "gpu"; allowed: auto or cpu', "Dawn's node bindings"],
    [['--rule', 'none', '--l1', '0.1'], 'l1: got 0.1; allowed: 0 with rule none', ''],
    [['--rule', 'l2', '--l1', '0.1'], 'l1: got 0.1; allowed: 0 with rule l2', ''],
    [['--lr', '1e30', '--l1', '1e30'], 'l1: got 1e+30; allowed: a value with lr·l1 ≤ 3.4e38', ''],
    [['--rule', 'l1', '--runs', 'l2'], 'runs: got "l2"; allowed: not with --rule', ''],
    [['--runs', 'l1,l1'], 'runs: got "l1,l1"; allowed: distinct names', ''],
    [['--runs', 'l1,l3'], 'runs: got "l1,l3"', '(entry 2, "l3", is not)'],
    [['--w0', '0.8', '--params', '10'], 'params: got 10; allowed: not with --w0', ''],
    [['--csv', '--json'], 'csv: got "--json"; allowed: a file path (not starting with -)', ''],
  ];
  test.each(refused)('%j is refused: %s', (args, start, also) => {
    const error = refusal(args);
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.message).toContain(also);
  });
});

describe('splitArgs', () => {
  test('--name value, --name=value, switches; a value is the next word whatever it looks like', () => {
    const found = splitArgs(['--a', '-1', '--b=x=y', '--s', '--a2'], { switches: ['s'], valued: ['a', 'b', 'a2'] });
    expect([...found]).toEqual([
      ['a', '-1'],
      ['b', 'x=y'],
      ['s', true],
      ['a2', undefined],
    ]);
  });
});
