/**
 * The options of `sparsewatch train`, as one valibot schema per option over the raw word
 * the user typed, then the cross-option rules, then the engine's own checks
 * (`checkWalkthrough` → `toUpdateParams`, the checks the app's form goes through). The
 * first problem found is a `ConfigError` naming the option, the value given and what is
 * allowed; the command line prints it and exits 2. Parsing only: src/cli/train.ts runs the
 * result.
 *
 * Which λ a run reads: `--rule R` reads every λ given (an l1 rule with `--l2` is elastic net,
 * and `--rule none --l1 0.1` is refused, as in the app). In `--runs` the λ are shared, so
 * each run reads only what its name says: `l1-prox` reads λ1, `l2` reads λ2, `none` neither,
 * and elastic net is written `l1-prox+l2`. A λ a rule reads but nobody gave is 0.1.
 */
import * as v from 'valibot';
import { ConfigError } from '../engine/config-error.ts';
import { CPU_MAX_PARAM_COUNT } from '../engine/cpu/cpu-engine.ts';
import { RULE_NAMES, type Regulariser, type RuleName } from '../engine/types.ts';
import { checkWalkthrough, MAX_ABS_WEIGHT, MAX_GIVEN_WEIGHTS, MAX_STEPS, type WalkthroughSettings, type WeightSource } from '../problems/walkthrough.ts';
import { splitArgs } from './args.ts';

export const PROBLEMS = ['walkthrough', 'regression', 'digits'] as const;
export const ENGINES = ['auto', 'cpu', 'gpu'] as const;
const ELASTIC_RUNS = ['l1+l2', 'l1-clip+l2', 'l1-prox+l2'] as const;
export const RUN_NAMES = [...RULE_NAMES, ...ELASTIC_RUNS] as const;
export type RunName = (typeof RUN_NAMES)[number];

export const DEFAULTS = {
  rule: 'l1-prox' as RuleName,
  lr: 1,
  /** λ for a rule that reads it when none is given: the notebook's example. */
  strength: 0.1,
  /** The notebook's example weight. */
  w0: [0.8],
  steps: 20,
  seed: 1,
  epsilon: 1e-6,
  /** Runs of up to this many steps snapshot every step; longer ones take about this many snapshots. */
  snapshots: 100,
};

export const ENGINE_GPU_UNAVAILABLE = "the GPU engine on the command line needs Dawn's node bindings (npm package webgpu), which are not wired in yet";

export interface TrainOptions {
  help: boolean;
  problem: 'walkthrough';
  engine: 'auto' | 'cpu';
  /** One per run; several are stepped in lockstep on the same starting weights. */
  runs: WalkthroughSettings[];
  /** Metrics per snapshot, as CSV. */
  csv: string | null;
  /** The weights after the last step, as sparsewatch checkpoints (one file per run). */
  save: string | null;
  json: boolean;
}

const NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

/** A decimal number as typed (no hex, no Infinity, no blanks), finite. */
const decimal = v.pipe(v.string(), v.regex(NUMBER), v.transform(Number), v.finite());
const strength = v.pipe(decimal, v.minValue(0), v.maxValue(3.4e38));
const whole = (min: number, max: number) => v.pipe(v.string(), v.regex(/^[0-9]+$/), v.transform(Number), v.safeInteger(), v.minValue(min), v.maxValue(max));
const filePath = v.pipe(v.string(), v.minLength(1), v.check((path) => !path.startsWith('-')));
const commaList = <T extends v.GenericSchema<string, unknown>>(item: T, max: number) =>
  v.pipe(v.string(), v.transform((text) => text.split(',')), v.array(item), v.minLength(1), v.maxLength(max));

const STRENGTH = 'a finite number from 0 to 3.4e38';
const countRange = (min: number, max: number) => `a whole number from ${min} to ${max.toLocaleString('en-US')}`;

/** Each valued option: its schema over the raw word, and the words for what it allows. */
const VALUED = {
  problem: { schema: v.picklist(PROBLEMS), allowed: `one of ${PROBLEMS.join(', ')}` },
  rule: { schema: v.picklist(RULE_NAMES), allowed: `one of ${RULE_NAMES.join(', ')}` },
  runs: {
    schema: v.pipe(
      commaList(v.picklist(RUN_NAMES), RUN_NAMES.length),
      v.check((names) => new Set(names).size === names.length),
    ),
    allowed: `distinct names from ${RUN_NAMES.join(', ')}, comma-separated`,
  },
  lr: { schema: strength, allowed: STRENGTH },
  l1: { schema: strength, allowed: STRENGTH },
  l2: { schema: strength, allowed: STRENGTH },
  steps: { schema: whole(1, MAX_STEPS), allowed: countRange(1, MAX_STEPS) },
  'snapshot-every': { schema: whole(1, MAX_STEPS), allowed: countRange(1, MAX_STEPS) },
  seed: { schema: whole(0, 2 ** 32 - 1), allowed: countRange(0, 2 ** 32 - 1) },
  engine: { schema: v.picklist(ENGINES), allowed: `one of ${ENGINES.join(', ')}` },
  w0: {
    schema: commaList(v.pipe(decimal, v.minValue(-MAX_ABS_WEIGHT), v.maxValue(MAX_ABS_WEIGHT)), MAX_GIVEN_WEIGHTS),
    allowed: `1 to ${MAX_GIVEN_WEIGHTS.toLocaleString('en-US')} comma-separated finite numbers with |w0| ≤ 3.4e38, e.g. 0.8,0.3`,
  },
  params: {
    schema: whole(1, CPU_MAX_PARAM_COUNT),
    allowed: `${countRange(1, CPU_MAX_PARAM_COUNT)} (the CPU engine's limit: weights and gradient are two Float32Arrays)`,
  },
  epsilon: { schema: v.pipe(decimal, v.gtValue(0)), allowed: 'a finite number > 0' },
  csv: { schema: filePath, allowed: 'a file path (not starting with -)' },
  save: { schema: filePath, allowed: 'a file path (not starting with -)' },
} as const;
type ValuedName = keyof typeof VALUED;

const SWITCHES = ['json', 'help'] as const;

/** The option's checked value, or undefined when it was not given. */
function read<K extends ValuedName>(found: Map<string, string | true | undefined>, name: K): v.InferOutput<(typeof VALUED)[K]['schema']> | undefined {
  if (!found.has(name)) return undefined;
  const raw = found.get(name);
  const { schema, allowed } = VALUED[name];
  const result = v.safeParse(schema as v.GenericSchema, raw);
  if (!result.success) throw new ConfigError(name, raw, allowed + badEntry(result.issues, raw));
  return result.output as v.InferOutput<(typeof VALUED)[K]['schema']>;
}

/** For a list option, which entry failed: " (entry 2, "x", is not)". */
function badEntry(issues: readonly v.BaseIssue<unknown>[], raw: unknown): string {
  const key = issues[0]?.path?.find((item) => item.type === 'array')?.key;
  if (typeof key !== 'number' || typeof raw !== 'string') return '';
  return ` (entry ${key + 1}, ${JSON.stringify(raw.split(',')[key])}, is not)`;
}

/** Throws `ConfigError` on the first bad, unknown or conflicting option. */
export function parseTrainArgs(args: readonly string[]): TrainOptions {
  const found = splitArgs(args, { switches: SWITCHES, valued: Object.keys(VALUED) });
  const json = found.has('json');
  if (found.has('help')) return { help: true, problem: 'walkthrough', engine: 'auto', runs: [], csv: null, save: null, json };

  const problem = read(found, 'problem') ?? 'walkthrough';
  if (problem !== 'walkthrough') {
    throw new ConfigError('problem', problem, `walkthrough (${PROBLEMS.filter((p) => p !== 'walkthrough').join(' and ')} are not available yet)`);
  }
  const engine = read(found, 'engine') ?? 'auto';
  if (engine === 'gpu') throw new ConfigError('engine', engine, `auto or cpu: ${ENGINE_GPU_UNAVAILABLE}`);

  const rule = read(found, 'rule');
  const runNames = read(found, 'runs');
  if (rule !== undefined && runNames !== undefined) {
    throw new ConfigError('runs', found.get('runs'), `not with --rule (list every run's rule in --runs, e.g. ${rule},l2)`);
  }
  const w0 = read(found, 'w0');
  const params = read(found, 'params');
  if (w0 !== undefined && params !== undefined) throw new ConfigError('params', params, 'not with --w0 (the w0 list sets the number of weights)');
  const seed = read(found, 'seed') ?? DEFAULTS.seed;
  const weights: WeightSource = params !== undefined ? { kind: 'drawn', count: params, seed } : { kind: 'given', w0: w0 ?? DEFAULTS.w0 };

  const steps = read(found, 'steps') ?? DEFAULTS.steps;
  const snapshotEvery = read(found, 'snapshot-every') ?? Math.ceil(steps / DEFAULTS.snapshots);
  const epsilon = read(found, 'epsilon') ?? DEFAULTS.epsilon;
  const lr = read(found, 'lr') ?? DEFAULTS.lr;
  const l1 = read(found, 'l1');
  const l2 = read(found, 'l2');
  const regularisers = runNames ? runNames.map((name) => lockstepRegulariser(name, lr, l1, l2)) : [singleRegulariser(rule ?? DEFAULTS.rule, lr, l1, l2)];
  const runs = regularisers.map((regulariser) => ({ regulariser, weights, steps, snapshotEvery, epsilon }));
  // The engine's checks: λ with a rule that refuses it, ηλ past f32's range.
  for (const run of runs) checkWalkthrough(run);

  return { help: false, problem, engine, runs, csv: read(found, 'csv') ?? null, save: read(found, 'save') ?? null, json };
}

const readsL1 = (rule: RuleName) => rule === 'l1' || rule === 'l1-clip' || rule === 'l1-prox';

/** `--rule`: every λ given is passed on, so the engine's checks see (and refuse) λ a rule cannot use. */
function singleRegulariser(rule: RuleName, lr: number, l1: number | undefined, l2: number | undefined): Regulariser {
  return { rule, lr, l1: l1 ?? (readsL1(rule) ? DEFAULTS.strength : 0), l2: l2 ?? (rule === 'l2' ? DEFAULTS.strength : 0) };
}

/** A `--runs` entry reads only the λ its name says. */
function lockstepRegulariser(name: RunName, lr: number, l1: number | undefined, l2: number | undefined): Regulariser {
  const rule = name.replace('+l2', '') as RuleName;
  const usesL2 = rule === 'l2' || name.endsWith('+l2');
  return { rule, lr, l1: readsL1(rule) ? (l1 ?? DEFAULTS.strength) : 0, l2: usesL2 ? (l2 ?? DEFAULTS.strength) : 0 };
}

export const TRAIN_USAGE = `Usage: sparsewatch train [options]

Trains on the CPU engine and reports, per snapshot, the exact-zero and near-zero
fractions and the first 16 weights; at the end, for each of those weights, the step it
first reached exactly 0 beside the notebook's prediction ⌈|w0|/(ηλ1)⌉.

Problem:
  --problem walkthrough     the notebook's walkthrough: penalty only (the gradient is 0),
                            the default and, for now, the only one (regression and digits
                            are not available yet)
  --w0 0.8[,0.3,…]          the starting weights (default ${DEFAULTS.w0.join(',')}), at most ${MAX_GIVEN_WEIGHTS.toLocaleString('en-US')}
  --params N                instead: N weights drawn uniformly in (0, 1) from --seed
  --seed S                  seed of the draw, 0 to 4294967295 (default ${DEFAULTS.seed})

Update:
  --rule ${RULE_NAMES.join('|')}
                            the rule (default ${DEFAULTS.rule}); an l1 rule with --l2 is elastic net
  --runs l1-prox,l2,none    several runs in lockstep from the same weights instead of --rule;
                            each reads only the λ its name says (elastic net: l1-prox+l2)
  --lr η                    learning rate (default ${DEFAULTS.lr}: the notebook's)
  --l1 λ1, --l2 λ2          strengths (default ${DEFAULTS.strength} for the λ a rule reads, 0 otherwise)
  --steps K                 steps (default ${DEFAULTS.steps})
  --snapshot-every K        sparsity snapshot every K steps (default: every step up to
                            ${DEFAULTS.snapshots} steps, else about ${DEFAULTS.snapshots} snapshots); the followed weights
                            are read every step, so first-zero steps are exact either way
  --engine auto|cpu|gpu     auto (default) and cpu run the CPU engine; gpu is refused:
                            ${ENGINE_GPU_UNAVAILABLE}

Output:
  --epsilon ε               near-zero threshold, |w| < ε (default ${DEFAULTS.epsilon}); counted exactly when
                            all weights are followed (N ≤ 16) or ε is a power of two, else
                            from the power-of-two histogram bins as |w| < 2^⌊log2 ε⌋
  --csv FILE                metrics per snapshot, one row per run and snapshot
  --save FILE               the weights after the last step as a sparsewatch checkpoint
                            (safetensors, tensor "weights": NumPy, PyTorch, the app);
                            with several runs, one file each: FILE.<run>.<ext>
  --json                    one JSON object per line: snapshots, then a summary
  --help                    this text

Exit status: 0 done, 1 failed while running, 2 bad options.`;
