/**
 * `sparsewatch train` option parsing, in process: defaults, which λ each run reads, the
 * cross-option rules, regression's options, and that every refusal is a ConfigError naming
 * the option, the value and what is allowed. The same refusals through the real executable
 * are in train.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { splitArgs } from '../../src/cli/args.ts';
import { DEFAULTS, parseTrainArgs, regulariserFor, type RegressionOptions, type WalkthroughOptions } from '../../src/cli/options.ts';
import { ConfigError } from '../../src/engine/config-error.ts';
import { DEFAULT_REGRESSION } from '../../src/problems/regression/index.ts';

function walkthrough(args: string[]): WalkthroughOptions {
  const options = parseTrainArgs(args);
  if (options.help || options.problem !== 'walkthrough') throw new Error(`not a walkthrough: ${args.join(' ')}`);
  return options;
}

function regression(args: string[]): RegressionOptions {
  const options = parseTrainArgs(['--problem', 'regression', ...args]);
  if (options.help || options.problem !== 'regression') throw new Error(`not a regression: ${args.join(' ')}`);
  return options;
}

const regularisers = (args: string[]) => walkthrough(args).runs.map((run) => run.regulariser);

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
    const options = walkthrough([]);
    expect(options).toMatchObject({ help: false, problem: 'walkthrough', engine: 'auto', csv: null, save: null, resume: null, json: false });
    expect(options.runs).toEqual([
      { regulariser: { rule: 'l1-prox', lr: 1, l1: 0.1, l2: 0 }, weights: { kind: 'given', w0: [0.8] }, steps: 20, snapshotEvery: 1, epsilon: DEFAULTS.epsilon },
    ]);
  });

  test('long runs take about 100 snapshots', () => {
    expect(walkthrough(['--steps', '1000']).runs[0]!.snapshotEvery).toBe(10);
    expect(walkthrough(['--steps', '1000', '--snapshot-every', '3']).runs[0]!.snapshotEvery).toBe(3);
  });

  test('--rule reads every λ given: an l1 rule with --l2 is elastic net; λ a rule reads defaults to 0.1', () => {
    expect(regularisers(['--rule', 'l2'])).toEqual([{ rule: 'l2', lr: 1, l1: 0, l2: 0.1 }]);
    expect(regularisers(['--rule', 'l1-clip', '--l2', '0.05', '--lr=0.5'])).toEqual([{ rule: 'l1-clip', lr: 0.5, l1: 0.1, l2: 0.05 }]);
    expect(regularisers(['--rule', 'none'])).toEqual([{ rule: 'none', lr: 1, l1: 0, l2: 0 }]);
  });

  test('--runs: each reads only the λ its name says; the weights and steps are shared', () => {
    const options = walkthrough(['--runs', 'l1-prox,l2,none,l1-prox+l2', '--l1', '0.01', '--l2', '0.2', '--params', '1000', '--seed', '7']);
    expect(options.runs.map((run) => run.regulariser)).toEqual([
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 },
      { rule: 'l2', lr: 1, l1: 0, l2: 0.2 },
      { rule: 'none', lr: 1, l1: 0, l2: 0 },
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0.2 },
    ]);
    for (const run of options.runs) expect(run.weights).toEqual({ kind: 'drawn', count: 1000, seed: 7 });
  });

  test('switches, files, weights', () => {
    const options = walkthrough(['--json', '--csv', 'out.csv', '--save=w.safetensors', '--w0', '0.8,-0.3,1e-3', '--engine', 'cpu', '--epsilon', '0.5']);
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
    [['--foo'], 'option: got "--foo"; allowed: --problem, --engine, --rule', ''],
    [['--foo=1'], 'option: got "--foo"', ''],
    [['stray'], 'option: got "stray"', ''],
    [['--json=yes'], 'json: got "yes"; allowed: no value (it is a switch)', ''],
    [['--lr', '1', '--lr', '2'], 'lr: got "2"; allowed: one --lr (it was given twice)', ''],
    [['--problem', 'mnist'], 'problem: got "mnist"; allowed: one of walkthrough, regression, digits', ''],
    [['--engine', 'tpu'], 'engine: got "tpu"; allowed: one of auto, cpu, gpu', ''],
    [['--resume', 'w.safetensors'], 'resume: got "w.safetensors"; allowed: only with --problem regression', ''],
    [['--features', '100'], 'features: got "100"; allowed: only with --problem regression (this is --problem walkthrough)', ''],
    [['--problem', 'regression', '--steps', '10', '--epochs', '2'], 'epochs: got "2"; allowed: not with --steps', ''],
    [['--problem', 'regression', '--w0', '0.8'], 'w0: got "0.8"; allowed: only with --problem walkthrough (this is --problem regression)', ''],
    [['--problem', 'regression', '--features', '0'], 'features: got "0"; allowed: a whole number from 1 to 4,294,967,292', ''],
    [['--problem', 'regression', '--features', '10', '--nonzeros', '11'], 'nonzeros: got 11; allowed: a whole number from 1 to 10', ''],
    [['--problem', 'regression', '--samples', '100', '--batch', '101'], 'batch: got 101; allowed: a whole number from 1 to 100', ''],
    [['--problem', 'regression', '--batch', 'half'], 'batch: got "half"; allowed: full, or a whole number of samples per step', ''],
    [['--problem', 'regression', '--noise', '-0.5'], 'noise: got "-0.5"; allowed: a finite number from 0 to 1000000', ''],
    [['--problem', 'regression', '--features-kind', 'uniform'], 'features-kind: got "uniform"; allowed: one of gaussian, rademacher, correlated', ''],
    [['--problem', 'regression', '--test-samples', '-1'], 'test-samples: got "-1"', ''],
    [['--problem', 'regression', '--init-scale', 'x'], 'init-scale: got "x"; allowed: a finite number from 0 to 3e38', ''],
    [['--problem', 'regression', '--target', 'y'], 'target: got "y"; allowed: only with --data', ''],
    [['--problem', 'regression', '--data', 'a.csv', '--features', '10'], 'features: got "10"; allowed: not with --data', ''],
    [['--problem', 'regression', '--data', 'a.csv', '--engine', 'gpu'], 'engine: got "gpu"; allowed: auto or cpu with --data', ''],
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

describe('regression options', () => {
  test('defaults: the library’s default problem, η and λ left to the data, 0.01 starting scale', () => {
    const options = regression([]);
    expect(options.source).toEqual({ kind: 'generated', settings: DEFAULT_REGRESSION, given: new Set() });
    expect(options).toMatchObject({ length: null, snapshotEvery: null, epsilon: 1e-3, initScale: 0.01, engine: 'auto' });
    expect(options.rules).toEqual({ names: null, lockstep: false, lr: undefined, l1: undefined, l2: undefined });
  });

  test('every data option lands in its setting, and is remembered as given', () => {
    const options = regression(['--features', '1000', '--nonzeros', '5', '--samples', '200', '--test-samples', '0', '--noise', '0', '--features-kind', 'correlated', '--batch', '32', '--seed', '9']);
    expect(options.source).toEqual({
      kind: 'generated',
      settings: { features: 1000, nonzeros: 5, samples: 200, testSamples: 0, noise: 0, featureKind: 'correlated', batch: 32, seed: 9 },
      given: new Set(['features', 'nonzeros', 'samples', 'testSamples', 'noise', 'featureKind', 'batch', 'seed']),
    });
  });

  test('--epochs, --data with its split, --batch full', () => {
    expect(regression(['--epochs', '3']).length).toEqual({ epochs: 3 });
    expect(regression(['--steps', '7']).length).toEqual({ steps: 7 });
    expect(regression(['--data', 'x.npy', '--target', 'y.npy', '--test-samples', '10', '--batch', 'full']).source).toEqual({
      kind: 'file',
      data: 'x.npy',
      target: 'y.npy',
      split: { testSamples: 10, batch: 'full', seed: 1 },
      given: new Set(['testSamples', 'batch']),
    });
  });

  test('regulariserFor: a --runs entry reads only its λ; --rule reads every λ given; defaults fill the rest', () => {
    const defaults = { lr: 0.01, l1: 0.5, l2: 0.25 };
    const lockstep = regression(['--runs', 'l1-prox,l2,l1-prox+l2', '--l1', '0.3']).rules;
    expect(lockstep.names!.map((name) => regulariserFor(name, lockstep, defaults))).toEqual([
      { rule: 'l1-prox', lr: 0.01, l1: 0.3, l2: 0 },
      { rule: 'l2', lr: 0.01, l1: 0, l2: 0.25 },
      { rule: 'l1-prox', lr: 0.01, l1: 0.3, l2: 0.25 },
    ]);
    const single = regression(['--rule', 'l2', '--l1', '0.3', '--lr', '0.1']).rules;
    expect(regulariserFor('l2', single, defaults)).toEqual({ rule: 'l2', lr: 0.1, l1: 0.3, l2: 0.25 });
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
