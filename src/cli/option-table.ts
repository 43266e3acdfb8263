/**
 * Every option of `sparsewatch train`: a valibot schema over the raw word the user typed and
 * the words for what it allows, and which problem owns it (an option of another problem is
 * refused by name). `readOption` checks one word and throws a `ConfigError` naming the option,
 * the value and what is allowed. Only single words: rules between options, defaults and the
 * problems' own checks are options.ts's.
 *
 * Adding a problem's options: add their rows to VALUED and the problem's list to
 * PROBLEM_OPTIONS (digits' rows are listed there already, for when it arrives).
 */
import * as v from 'valibot';
import { ConfigError } from '../engine/config-error.ts';
import { MAX_PARAM_COUNT } from '../engine/checks.ts';
import { CPU_MAX_PARAM_COUNT } from '../engine/cpu/cpu-engine.ts';
import { EPSILON_RULE, numberFromWord, rangeRule, RULE_RULE, SEED_RULE, STRENGTH_RULE, wholeRule, type FieldRule } from '../engine/field-rules.ts';
import { RULE_NAMES } from '../engine/types.ts';
import { FEATURE_KINDS, MAX_NOISE, MAX_NONZEROS, MAX_SAMPLES, MAX_STEPS as MAX_REGRESSION_STEPS } from '../problems/regression/index.ts';
import { DIGITS_LOSSES, MAX_HIDDEN_LAYERS, MAX_WIDTH } from '../problems/digits/index.ts';
import { MAX_ABS_WEIGHT, MAX_GIVEN_WEIGHTS, MAX_STEPS } from '../problems/walkthrough.ts';

export const PROBLEMS = ['walkthrough', 'regression', 'digits'] as const;
export type ProblemName = (typeof PROBLEMS)[number];
export const ENGINES = ['auto', 'cpu', 'gpu'] as const;
export type EngineName = (typeof ENGINES)[number];
const ELASTIC_RUNS = ['l1+l2', 'l1-clip+l2', 'l1-prox+l2'] as const;
export const RUN_NAMES = [...RULE_NAMES, ...ELASTIC_RUNS] as const;
export type RunName = (typeof RUN_NAMES)[number];

/** A decimal number as typed (no hex, no Infinity, no blanks), finite. */
const decimal = v.pipe(v.string(), v.transform((word: string) => numberFromWord(word, false)), v.finite());
const between = (min: number, max: number) => v.pipe(decimal, v.minValue(min), v.maxValue(max));
const whole = (min: number, max: number) => v.pipe(v.string(), v.transform((word: string) => numberFromWord(word, true)), v.safeInteger(), v.minValue(min), v.maxValue(max));
/** A field the app's form and URL share, read from the word typed as they read it. */
const shared = (rule: FieldRule) => ({
  schema: v.pipe(v.string(), v.transform((word: string) => numberFromWord(word, rule.whole)), rule.schema),
  allowed: rule.allowed,
});
const filePath = v.pipe(v.string(), v.minLength(1), v.check((path) => !path.startsWith('-')));
const commaList = <T extends v.GenericSchema<string, unknown>>(item: T, max: number) =>
  v.pipe(v.string(), v.transform((text) => text.split(',')), v.array(item), v.minLength(1), v.maxLength(max));

const FILE = 'a file path (not starting with -)';
const count = (n: number) => n.toLocaleString('en-US');
const countRange = (min: number, max: number) => `a whole number from ${count(min)} to ${count(max)}`;
/** Steps of either problem: the walkthrough's and regression's limits are the same number. */
const STEPS_MAX = Math.min(MAX_STEPS, MAX_REGRESSION_STEPS);

/** Each valued option: its schema over the raw word, and the words for what it allows. */
export const VALUED = {
  problem: { schema: v.picklist(PROBLEMS), allowed: `one of ${PROBLEMS.join(', ')}` },
  engine: { schema: v.picklist(ENGINES), allowed: `one of ${ENGINES.join(', ')}` },
  rule: { schema: v.picklist(RULE_NAMES), allowed: RULE_RULE.allowed },
  runs: {
    schema: v.pipe(
      commaList(v.picklist(RUN_NAMES), RUN_NAMES.length),
      v.check((names) => new Set(names).size === names.length),
    ),
    allowed: `distinct names from ${RUN_NAMES.join(', ')}, comma-separated`,
  },
  lr: shared(STRENGTH_RULE),
  l1: shared(STRENGTH_RULE),
  l2: shared(STRENGTH_RULE),
  steps: { schema: whole(1, STEPS_MAX), allowed: countRange(1, STEPS_MAX) },
  epochs: { schema: whole(1, STEPS_MAX), allowed: countRange(1, STEPS_MAX) },
  'snapshot-every': { schema: whole(1, STEPS_MAX), allowed: countRange(1, STEPS_MAX) },
  seed: shared(SEED_RULE),
  epsilon: shared(EPSILON_RULE),
  csv: { schema: filePath, allowed: FILE },
  save: { schema: filePath, allowed: FILE },
  resume: { schema: filePath, allowed: FILE },
  // The walkthrough.
  w0: {
    schema: commaList(between(-MAX_ABS_WEIGHT, MAX_ABS_WEIGHT), MAX_GIVEN_WEIGHTS),
    allowed: `1 to ${count(MAX_GIVEN_WEIGHTS)} comma-separated finite numbers with |w0| ≤ 3.4e38, e.g. 0.8,0.3`,
  },
  params: {
    schema: whole(1, CPU_MAX_PARAM_COUNT),
    allowed: `${countRange(1, CPU_MAX_PARAM_COUNT)} (the CPU engine's limit: weights and gradient are two Float32Arrays)`,
  },
  // Regression (and, for --batch and --epochs, digits).
  features: shared(wholeRule(1, MAX_PARAM_COUNT)),
  nonzeros: shared(wholeRule(1, MAX_NONZEROS, ', at most --features')),
  samples: shared(wholeRule(1, MAX_SAMPLES)),
  'test-samples': { schema: whole(0, MAX_SAMPLES), allowed: countRange(0, MAX_SAMPLES) },
  noise: shared(rangeRule(0, MAX_NOISE)),
  'features-kind': { schema: v.picklist(FEATURE_KINDS), allowed: `one of ${FEATURE_KINDS.join(', ')}` },
  batch: {
    schema: v.union([v.literal('full'), whole(1, MAX_SAMPLES)]),
    allowed: `full, or a whole number of samples per step from 1 to ${count(MAX_SAMPLES)}`,
  },
  'init-scale': { schema: between(0, 3e38), allowed: 'a finite number from 0 to 3e38 (0 starts every weight at 0)' },
  // Digits.
  hidden: {
    schema: v.union([v.literal('none'), commaList(whole(4, MAX_WIDTH), MAX_HIDDEN_LAYERS)]),
    allowed: `none (a linear classifier), or 1 to ${MAX_HIDDEN_LAYERS} comma-separated layer widths from 4 to ${count(MAX_WIDTH)}, e.g. 1024,1024`,
  },
  loss: { schema: v.picklist(DIGITS_LOSSES), allowed: `one of ${DIGITS_LOSSES.join(', ')} (squared error on one-hot targets, or softmax cross-entropy)` },
  data: { schema: filePath, allowed: `${FILE} ending in .csv, .npy or .safetensors` },
  target: { schema: v.pipe(v.string(), v.minLength(1)), allowed: 'a CSV column name, a .npy file, or a safetensors tensor name' },
} as const;
export type ValuedName = keyof typeof VALUED;
export const SWITCHES = ['json', 'help'] as const;

/** The options only one problem (or a few) reads; every other option is common. */
export const PROBLEM_OPTIONS: Record<ProblemName, readonly ValuedName[]> = {
  walkthrough: ['w0', 'params'],
  regression: ['features', 'nonzeros', 'samples', 'test-samples', 'noise', 'features-kind', 'batch', 'init-scale', 'data', 'target', 'epochs'],
  digits: ['batch', 'epochs', 'hidden', 'loss'],
};

export type FoundOptions = Map<string, string | true | undefined>;

/** Refuses any option that belongs to problems other than `problem`. */
export function checkOwnership(found: FoundOptions, problem: ProblemName): void {
  for (const name of found.keys()) {
    const owners = PROBLEMS.filter((p) => (PROBLEM_OPTIONS[p] as readonly string[]).includes(name));
    if (owners.length > 0 && !owners.includes(problem)) {
      throw new ConfigError(name, found.get(name), `only with --problem ${owners.join(' or ')} (this is --problem ${problem})`);
    }
  }
}

/** The option's checked value, or undefined when it was not given. */
export function readOption<K extends ValuedName>(found: FoundOptions, name: K): v.InferOutput<(typeof VALUED)[K]['schema']> | undefined {
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

/** The option a library field is typed as (`testSamples` → `test-samples`), for errors from the problems' own checks. */
const OPTION_OF_FIELD: Record<string, string> = {
  testSamples: 'test-samples',
  featureKind: 'features-kind',
  snapshotEvery: 'snapshot-every',
  initScale: 'init-scale',
};

/** The same error, named after the option the user typed. */
export function asOptionError(error: ConfigError): ConfigError {
  const option = OPTION_OF_FIELD[error.field];
  return option ? new ConfigError(option, error.value, error.allowed) : error;
}
