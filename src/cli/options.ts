/**
 * The options of `sparsewatch train`, checked word by word (option-table.ts), then the rules
 * between options, then, where everything is known, the problems' own checks (the ones the
 * app goes through: `checkWalkthrough` → `toUpdateParams`, `checkRegressionSettings`). The
 * first problem found is a `ConfigError` naming the option, the value given and what is
 * allowed; the command line prints it and exits 2. Parsing only: what depends on the data
 * (regression's default η and λ, epochs in steps, a checkpoint to resume) is resolved by
 * regression-setup.ts and digits-resume.ts, and train.ts runs the result.
 *
 * Which λ a run reads: `--rule R` reads every λ given (an l1 rule with `--l2` is elastic net,
 * and `--rule none --l1 0.1` is refused, as in the app). In `--runs` the λ are shared, so
 * each run reads only what its name says: `l1-prox` reads λ1, `l2` reads λ2, `none` neither,
 * and elastic net is written `l1-prox+l2`. A λ a rule reads but nobody gave takes the
 * problem's default (the walkthrough's 0.1; regression's λ_max/8).
 */
import { toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import { RULE_NAMES, type Regulariser, type RuleName } from '../engine/types.ts';
import { checkDigitsSettings, DEFAULT_DIGITS, MAX_BATCH, type DigitsSettings } from '../problems/digits/index.ts';
import { checkRegressionSettings, DEFAULT_REGRESSION, type DatasetSplit, type RegressionSettings } from '../problems/regression/index.ts';
import { checkWalkthrough, type WalkthroughSettings, type WeightSource } from '../problems/walkthrough.ts';
import { splitArgs } from './args.ts';
import { asOptionError, checkOwnership, readOption, SWITCHES, VALUED, type EngineName, type FoundOptions, type RunName } from './option-table.ts';

export { ENGINES, PROBLEMS, RUN_NAMES, type RunName } from './option-table.ts';

export const DEFAULTS = {
  rule: 'l1-prox' as RuleName,
  /** The walkthrough's η and λ: the notebook's example. */
  lr: 1,
  strength: 0.1,
  /** The notebook's example weight. */
  w0: [0.8],
  steps: 20,
  seed: 1,
  epsilon: 1e-6,
  /** Runs of up to this many steps snapshot every step; longer ones take about this many snapshots. */
  snapshots: 100,
};

/** Regression's defaults that do not depend on the data (η and λ do: regression-setup.ts). */
export const REGRESSION_DEFAULTS = {
  steps: 300,
  /** About this many snapshots a run: each costs the residuals of every training and held-out row. */
  snapshots: 20,
  epsilon: 1e-3,
  /** Weights start uniform in ±0.01, so L1's exact zeros are made by the updates, not by the start. */
  initScale: 0.01,
  /** A user's data hold nothing out unless asked. */
  dataTestSamples: 0,
};

interface CommonOptions {
  help: false;
  engine: EngineName;
  /** Metrics per snapshot, as CSV. */
  csv: string | null;
  /** The weights after the last step, as sparsewatch checkpoints (one file per run). */
  save: string | null;
  /** A checkpoint to continue from (one file per run, named as --save names them). */
  resume: string | null;
  json: boolean;
}

export interface WalkthroughOptions extends CommonOptions {
  problem: 'walkthrough';
  /** One per run; several are stepped in lockstep on the same starting weights. */
  runs: WalkthroughSettings[];
}

/** The rule options as given; the defaults for η and the λ are filled in per problem. */
export interface RuleRequest {
  /** `--runs`, or the one `--rule`; null when neither was given (the problem picks: l1-prox, or a checkpoint's rule). */
  names: RunName[] | null;
  /** True for `--runs` (each reads only its λ), false for `--rule` (reads every λ given). */
  lockstep: boolean;
  lr: number | undefined;
  l1: number | undefined;
  l2: number | undefined;
}

/** Generated data: the settings, and which of them the user typed (a resumed checkpoint fills the rest). */
export interface GeneratedSource {
  kind: 'generated';
  settings: RegressionSettings;
  given: ReadonlySet<keyof RegressionSettings>;
}

/** A user's file: `--data FILE --target …`, split and batched; `given` as for generated data. */
export interface FileSource {
  kind: 'file';
  data: string;
  /** The CSV column, the target .npy, or the safetensors tensor (default "target"). */
  target: string | null;
  split: DatasetSplit;
  given: ReadonlySet<keyof DatasetSplit>;
}

export interface RegressionOptions extends CommonOptions {
  problem: 'regression';
  source: GeneratedSource | FileSource;
  rules: RuleRequest;
  /** Run length as given: steps, epochs (over the training samples), or the default. */
  length: { steps: number } | { epochs: number } | null;
  snapshotEvery: number | null;
  epsilon: number;
  initScale: number;
}

/** The digits settings a resumed checkpoint records and the user may leave out to take them. */
export const DIGITS_RESUMED = ['hidden', 'loss', 'batch', 'seed'] as const;
export type DigitsResumed = (typeof DIGITS_RESUMED)[number];

export interface DigitsOptions extends CommonOptions {
  problem: 'digits';
  settings: DigitsSettings;
  /** Which of DIGITS_RESUMED the user typed (with --resume, the checkpoint fills the rest). */
  given: ReadonlySet<DigitsResumed>;
  rules: RuleRequest;
  /** One per run, in lockstep on one engine kind (with --resume, digits-resume.ts makes them again from the checkpoints' defaults). */
  runs: { label: string; regulariser: Regulariser }[];
}

export type TrainOptions = { help: true; json: boolean } | WalkthroughOptions | RegressionOptions | DigitsOptions;

/** Throws `ConfigError` on the first bad, unknown or conflicting option. */
export function parseTrainArgs(args: readonly string[]): TrainOptions {
  const found = splitArgs(args, { switches: SWITCHES, valued: Object.keys(VALUED) });
  const json = found.has('json');
  if (found.has('help')) return { help: true, json };

  const problem = readOption(found, 'problem') ?? 'walkthrough';
  checkOwnership(found, problem);
  if (found.has('steps') && found.has('epochs')) throw new ConfigError('epochs', found.get('epochs'), 'not with --steps (give one run length)');
  const common: CommonOptions = {
    help: false,
    engine: readOption(found, 'engine') ?? 'auto',
    csv: readOption(found, 'csv') ?? null,
    save: readOption(found, 'save') ?? null,
    resume: readOption(found, 'resume') ?? null,
    json,
  };
  try {
    if (problem === 'digits') return digitsOptions(found, common);
    return problem === 'walkthrough' ? walkthroughOptions(found, common) : regressionOptions(found, common);
  } catch (error) {
    throw error instanceof ConfigError ? asOptionError(error) : error;
  }
}

function ruleRequest(found: FoundOptions): RuleRequest {
  const rule = readOption(found, 'rule');
  const runs = readOption(found, 'runs');
  if (rule !== undefined && runs !== undefined) {
    throw new ConfigError('runs', found.get('runs'), `not with --rule (list every run's rule in --runs, e.g. ${rule},l2)`);
  }
  return {
    names: runs ?? (rule === undefined ? null : [rule]),
    lockstep: runs !== undefined,
    lr: readOption(found, 'lr'),
    l1: readOption(found, 'l1'),
    l2: readOption(found, 'l2'),
  };
}

const readsL1 = (rule: RuleName) => rule === 'l1' || rule === 'l1-clip' || rule === 'l1-prox';

/** The default η and λ of a problem (or of a resumed checkpoint). */
export interface RuleDefaults {
  lr: number;
  l1: number;
  l2: number;
}

/**
 * The regulariser of run `name`. With `--rule` every λ given is passed on, so the engine's
 * checks see (and refuse) λ a rule cannot use; a `--runs` entry reads only the λ its name says.
 */
export function regulariserFor(name: RunName, request: RuleRequest, defaults: RuleDefaults): Regulariser {
  const rule = name.replace('+l2', '') as RuleName;
  const lr = request.lr ?? defaults.lr;
  const readsL2 = rule === 'l2' || name.endsWith('+l2');
  if (!request.lockstep) {
    return { rule, lr, l1: request.l1 ?? (readsL1(rule) ? defaults.l1 : 0), l2: request.l2 ?? (readsL2 ? defaults.l2 : 0) };
  }
  return { rule, lr, l1: readsL1(rule) ? (request.l1 ?? defaults.l1) : 0, l2: readsL2 ? (request.l2 ?? defaults.l2) : 0 };
}

function walkthroughOptions(found: FoundOptions, common: CommonOptions): WalkthroughOptions {
  if (common.resume !== null) {
    throw new ConfigError('resume', common.resume, 'only with --problem regression or digits (the walkthrough replays the notebook from w0: give it more --steps instead)');
  }
  const rules = ruleRequest(found);
  const w0 = readOption(found, 'w0');
  const params = readOption(found, 'params');
  if (w0 !== undefined && params !== undefined) throw new ConfigError('params', params, 'not with --w0 (the w0 list sets the number of weights)');
  const seed = readOption(found, 'seed') ?? DEFAULTS.seed;
  const weights: WeightSource = params !== undefined ? { kind: 'drawn', count: params, seed } : { kind: 'given', w0: w0 ?? DEFAULTS.w0 };

  const steps = readOption(found, 'steps') ?? DEFAULTS.steps;
  const snapshotEvery = readOption(found, 'snapshot-every') ?? Math.ceil(steps / DEFAULTS.snapshots);
  const epsilon = readOption(found, 'epsilon') ?? DEFAULTS.epsilon;
  const defaults = { lr: DEFAULTS.lr, l1: DEFAULTS.strength, l2: DEFAULTS.strength };
  const runs = (rules.names ?? [DEFAULTS.rule]).map((name) => ({ regulariser: regulariserFor(name, rules, defaults), weights, steps, snapshotEvery, epsilon }));
  // The engine's checks: λ with a rule that refuses it, ηλ past f32's range.
  for (const run of runs) checkWalkthrough(run);
  return { ...common, problem: 'walkthrough', runs };
}

/** The generated problem's options, in the order RegressionSettings lists them. */
const GENERATED_OPTIONS = {
  features: 'features',
  nonzeros: 'nonzeros',
  samples: 'samples',
  testSamples: 'test-samples',
  noise: 'noise',
  featureKind: 'features-kind',
  batch: 'batch',
  seed: 'seed',
} as const satisfies Record<keyof RegressionSettings, string>;

/** The options that describe generated data, which a user's file replaces. */
const GENERATED_ONLY = ['features', 'nonzeros', 'samples', 'noise', 'features-kind'] as const;

function regressionOptions(found: FoundOptions, common: CommonOptions): RegressionOptions {
  const rules = ruleRequest(found);
  const steps = readOption(found, 'steps');
  const epochs = readOption(found, 'epochs');
  const options = {
    ...common,
    problem: 'regression' as const,
    rules,
    length: steps !== undefined ? { steps } : epochs !== undefined ? { epochs } : null,
    snapshotEvery: readOption(found, 'snapshot-every') ?? null,
    epsilon: readOption(found, 'epsilon') ?? REGRESSION_DEFAULTS.epsilon,
    initScale: readOption(found, 'init-scale') ?? REGRESSION_DEFAULTS.initScale,
  };
  const data = readOption(found, 'data');
  const target = readOption(found, 'target');
  if (data === undefined) {
    if (target !== undefined) throw new ConfigError('target', target, 'only with --data (it names the target of your data)');
    return { ...options, source: generatedSource(found) };
  }
  const generated = GENERATED_ONLY.find((name) => found.has(name));
  if (generated) throw new ConfigError(generated, found.get(generated), 'not with --data (your data set the features and samples)');
  if (common.engine === 'gpu') {
    throw new ConfigError('engine', 'gpu', 'auto or cpu with --data (the GPU kernels generate their features and cannot read your data; its sums run on the CPU)');
  }
  const split: DatasetSplit = { testSamples: REGRESSION_DEFAULTS.dataTestSamples, batch: 'full', seed: DEFAULTS.seed };
  const given = new Set<keyof DatasetSplit>();
  for (const field of ['testSamples', 'batch', 'seed'] as const) {
    const value = readOption(found, GENERATED_OPTIONS[field]);
    if (value === undefined) continue;
    (split as unknown as Record<string, unknown>)[field] = value;
    given.add(field);
  }
  return { ...options, source: { kind: 'file', data, target: target ?? null, split, given } };
}

function generatedSource(found: FoundOptions): GeneratedSource {
  const settings: RegressionSettings = { ...DEFAULT_REGRESSION };
  const given = new Set<keyof RegressionSettings>();
  for (const [field, option] of Object.entries(GENERATED_OPTIONS) as [keyof RegressionSettings, keyof typeof VALUED][]) {
    const value = readOption(found, option);
    if (value === undefined) continue;
    (settings as unknown as Record<string, unknown>)[field] = value;
    given.add(field);
  }
  checkRegressionSettings(settings);
  return { kind: 'generated', settings, given };
}

/** Digits' η and λ when none are given: with them 784-256-10 reaches ~0.95 held-out accuracy in 5 epochs, and l1-prox ~0.93 with two thirds of the first layer exactly 0 (test/problems/digits-must-show.ts). */
export const DIGITS_RULE_DEFAULTS: RuleDefaults = { lr: 0.5, l1: 5e-4, l2: 5e-4 };

function digitsOptions(found: FoundOptions, common: CommonOptions): DigitsOptions {
  if (found.has('steps')) throw new ConfigError('steps', found.get('steps'), 'not with --problem digits (give its length in --epochs)');
  const batch = readOption(found, 'batch');
  if (batch === 'full') throw new ConfigError('batch', batch, `a whole number of digits per step from 1 to ${MAX_BATCH.toLocaleString('en-US')} (digits trains on minibatches)`);
  const hidden = readOption(found, 'hidden');
  const settings = checkDigitsSettings({
    ...DEFAULT_DIGITS,
    hidden: hidden === undefined ? DEFAULT_DIGITS.hidden : hidden === 'none' ? [] : hidden,
    loss: readOption(found, 'loss') ?? DEFAULT_DIGITS.loss,
    batch: batch ?? DEFAULT_DIGITS.batch,
    epochs: readOption(found, 'epochs') ?? DEFAULT_DIGITS.epochs,
    seed: readOption(found, 'seed') ?? DEFAULT_DIGITS.seed,
    snapshotEvery: readOption(found, 'snapshot-every') ?? DEFAULT_DIGITS.snapshotEvery,
    epsilon: readOption(found, 'epsilon') ?? DEFAULT_DIGITS.epsilon,
  });
  const rules = ruleRequest(found);
  const runs = (rules.names ?? [DEFAULTS.rule]).map((name) => ({ label: name, regulariser: regulariserFor(name, rules, DIGITS_RULE_DEFAULTS) }));
  // The engine's checks: λ with a rule that refuses it, ηλ past f32's range.
  for (const run of runs) toUpdateParams(run.regulariser);
  const given = new Set(DIGITS_RESUMED.filter((name) => found.has(name)));
  return { ...common, problem: 'digits', settings, given, rules, runs };
}

/** The rules listed for the usage text. */
export const RULES_TEXT = RULE_NAMES.join('|');
