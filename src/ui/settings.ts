/**
 * What the page runs and what a user may change: per problem, its defaults; one table of
 * fields (a valibot schema and the words for what it allows, per field) that both the form
 * and the URL (url-state.ts) are checked against; and turning a draft into checked settings.
 * The per-step amounts come from the engine's own `toUpdateParams`, and the regression's
 * data settings from `checkRegressionSettings`, each throwing a `ConfigError` naming field,
 * value and allowed range. No DOM: the controls element reads its inputs and hands the raw
 * numbers here.
 *
 * A session has up to MAX_RUNS runs in slots 1…MAX_RUNS, each with its own rule and
 * strengths (slot 1 always on, the others on unless their rule is `off`), all started from
 * the same seed and initial weights and stepped in lockstep. η, the run length, the seed, the
 * size, the data and ε are shared. η may be left empty: the problem's suggested step size.
 *
 * Digits (src/problems/digits/) has a network instead of a size: `hidden`, the hidden layers'
 * widths as typed ("256", "256,128", "" for none), checked by the digits problem's own
 * `checkHidden` and capped at MAX_PARAM_COUNT weights; its `loss`; and `batch`, digits per step
 * (checked by `checkDigitsSettings`, so never 0 there).
 */
import * as v from 'valibot';
import { toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import { EPSILON_RULE, rangeRule, RULE_RULE, SEED_RULE, STRENGTH_RULE, wholeRule, type FieldRule } from '../engine/field-rules.ts';
import { RULE_NAMES, type Regulariser, type RuleName, type UpdateParams } from '../engine/types.ts';
import { checkDigitsSettings, checkHidden, DEFAULT_DIGITS, DIGITS_LOSSES, MAX_HIDDEN_LAYERS, MAX_WIDTH, type DigitsLoss } from '../problems/digits/settings.ts';
import { CLASSES, IMAGE_PIXELS } from '../problems/digits/asset-format.ts';
import { checkRegressionSettings, MAX_NOISE, MAX_NONZEROS } from '../problems/regression/index.ts';
import { PROBLEM_IDS, type ProblemId } from './problems.ts';

/** The most weights per run a URL or the form may ask for. */
export const MAX_PARAM_COUNT = 16_777_216;
/** The most the CPU fallback takes per run: past it a step takes long enough to make the page sluggish. */
export const MAX_CPU_PARAM_COUNT = 1_048_576;
export const MAX_RUN_STEPS = 1_000_000_000;
/** Training samples: rows are made on the host, k features each, and uploaded once. */
export const MAX_SAMPLES = 1_000_000;
/** Near zero means |w| < ε; counted from the snapshot's power-of-two bins (metrics-history.ts). */
export const DEFAULT_EPSILON = 1e-3;

/** Lockstep runs a session may have; each is one engine. */
export const MAX_RUNS = 5;
export const RUN_SLOTS = [1, 2, 3, 4, 5] as const;
export type RunSlot = (typeof RUN_SLOTS)[number];

/** Slots 2… may be off. */
export const RUN_OFF = 'off';
export type SlotRule = RuleName | typeof RUN_OFF;
export const SLOT_RULES = [RUN_OFF, ...RULE_NAMES] as const;

/** The rules the selector offers, with the words the page uses for them. */
export const RULE_LABELS: Readonly<Record<RuleName, string>> = {
  none: 'none (plain gradient step)',
  l1: 'L1, sign step (notebook eq. 3)',
  'l1-clip': 'L1, clipped at zero',
  'l1-prox': 'L1, proximal (soft threshold)',
  l2: 'L2 (notebook eq. 4)',
};

type RuleField = `rule${RunSlot}`;
type StrengthKey = `l1_${RunSlot}` | `l2_${RunSlot}`;

/** The form's values as typed: numbers are NaN when a field is not a number. */
export type SettingsDraft = {
  problem: ProblemId;
  /** Weights per run (the walkthrough) or features d (sparse recovery); null takes the engine's default. */
  size: number | null;
  /** Sparse recovery: training samples n, true nonzeros k, noise σ, batch (0: all n; digits: digits per step). */
  samples: number;
  nonzeros: number;
  noise: number;
  batch: number;
  /** Digits: the hidden layers' widths as typed, comma-separated ("" for none). */
  hidden: string;
  loss: DigitsLoss;
  seed: number;
  /** η; null takes the problem's suggested step size. */
  lr: number | null;
  runSteps: number;
  epsilon: number;
} & Record<RuleField, SlotRule> & Record<StrengthKey, number>;

export type SettingsField = keyof SettingsDraft;

export interface RunSettings {
  slot: RunSlot;
  /** η is null while it is the problem's suggestion (resolved once the session knows it). */
  regulariser: Omit<Regulariser, 'lr'> & { lr: number | null };
}

export interface Settings {
  problem: ProblemId;
  size: number | null;
  samples: number;
  nonzeros: number;
  noise: number;
  /** null: the full batch. */
  batch: number | null;
  /** Digits: the hidden layers' widths, input side first. */
  hidden: number[];
  loss: DigitsLoss;
  seed: number;
  runs: RunSettings[];
  /** Steps per Start; null runs until paused. */
  runSteps: number | null;
  epsilon: number;
}

export interface FieldSpec {
  /** `choice` and `text` fields arrive as strings, `number` fields as numbers (from a URL, as decimal text). */
  kind: 'choice' | 'number' | 'text';
  schema: v.GenericSchema;
  allowed: string;
  /** A whole-number field: its text must be digits (src/engine/field-rules.ts, `numberFromWord`). */
  whole?: boolean;
}

const choice = (options: readonly string[]): FieldSpec => ({ kind: 'choice', schema: v.picklist(options), allowed: `one of ${options.join(', ')}` });
/** A field the command line has too: the same schema and words (src/engine/field-rules.ts). */
const shared = ({ schema, allowed, whole }: FieldRule<number>): FieldSpec => ({ kind: 'number', schema, allowed, whole });
/** The same, where the page also takes an empty box: `empty` says what that means. */
const sharedOrEmpty = ({ schema, allowed, whole }: FieldRule<number>, empty: string): FieldSpec => ({ kind: 'number', schema: v.nullable(schema), allowed: `${allowed} (empty: ${empty})`, whole });

/**
 * The most weights a digits network may have on WebGPU: tens of millions (784-4096-4096-10
 * has 20 million), four times a recovery run's cap, as a network's weights are one run's
 * whole state. Whether the device holds them is found when the engine allocates them.
 */
export const MAX_DIGITS_WEIGHTS = 4 * MAX_PARAM_COUNT;
const HIDDEN_ALLOWED =
  `0 to ${MAX_HIDDEN_LAYERS} hidden layer widths separated by commas (e.g. 256 or 256,128; empty: no hidden layer), ` +
  `each a multiple of 4 from 4 to ${MAX_WIDTH.toLocaleString('en-US')}, with at most ${MAX_DIGITS_WEIGHTS.toLocaleString('en-US')} weights in all`;

/**
 * The widths `text` lists ("256,128", blanks allowed around commas; "" is none), or a
 * ConfigError naming `hidden`, the text and what is allowed: the digits problem's own
 * checks, then the page's cap on weights.
 */
export function parseHidden(text: string): number[] {
  const words = text.trim() === '' ? [] : text.split(',').map((w) => w.trim());
  const widths = words.map((w) => (/^[0-9]+$/.test(w) ? Number(w) : NaN));
  try {
    checkHidden(widths);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError('hidden', text, `${HIDDEN_ALLOWED} (${error.field} is not)`);
  }
  // Counted here, not by Network.of, whose own cap (2^28) is far past the page's.
  const weights = widths.reduce((sum, w, i) => sum + w * ([IMAGE_PIXELS, ...widths][i] ?? 0), 0) + CLASSES * (widths.at(-1) ?? IMAGE_PIXELS);
  if (weights > MAX_DIGITS_WEIGHTS) throw new ConfigError('hidden', text, `${HIDDEN_ALLOWED} (these layers have ${weights.toLocaleString('en-US')})`);
  return widths;
}

const HIDDEN_FIELD: FieldSpec = {
  kind: 'text',
  schema: v.pipe(
    v.string(),
    v.check((text) => {
      try {
        parseHidden(text);
        return true;
      } catch {
        return false;
      }
    }),
  ),
  allowed: HIDDEN_ALLOWED,
};

function runFields(slot: RunSlot): Record<string, FieldSpec> {
  return {
    [`rule${slot}`]: slot === 1 ? { kind: 'choice', ...RULE_RULE } : choice(SLOT_RULES),
    [`l1_${slot}`]: shared(STRENGTH_RULE),
    [`l2_${slot}`]: shared(STRENGTH_RULE),
  };
}

/** Every field's check, in the order the form shows them (the first bad one is reported). */
export const FIELDS = {
  problem: choice(PROBLEM_IDS),
  size: sharedOrEmpty(wholeRule(1, MAX_PARAM_COUNT), "the engine's default"),
  samples: shared(wholeRule(1, MAX_SAMPLES)),
  nonzeros: shared(wholeRule(1, MAX_NONZEROS, ', at most the number of features')),
  noise: shared(rangeRule(0, MAX_NOISE)),
  batch: { ...shared(wholeRule(0, MAX_SAMPLES)), allowed: 'a whole number from 0 (all samples) to the number of samples' },
  hidden: HIDDEN_FIELD,
  loss: choice(DIGITS_LOSSES),
  seed: shared(SEED_RULE),
  lr: sharedOrEmpty(STRENGTH_RULE, "the problem's suggested step size"),
  ...RUN_SLOTS.reduce<Record<string, FieldSpec>>((all, slot) => ({ ...all, ...runFields(slot) }), {}),
  runSteps: shared(wholeRule(0, MAX_RUN_STEPS, ' (0: run until paused)')),
  epsilon: shared(EPSILON_RULE),
} as Readonly<Record<SettingsField, FieldSpec>>;

export const FIELD_NAMES = Object.keys(FIELDS) as SettingsField[];

/** Throws `ConfigError` naming `name` unless `value` passes the field's schema. */
export function checkField(name: SettingsField, value: unknown, label: string = name): void {
  // The widths' own check says which layer is wrong.
  if (name === 'hidden' && typeof value === 'string') {
    try {
      parseHidden(value);
    } catch (error) {
      throw new ConfigError(label, value, (error as ConfigError).allowed);
    }
  }
  const { schema, allowed } = FIELDS[name];
  if (!v.is(schema, value)) throw new ConfigError(label, value, allowed);
}

export type StrengthField = 'l1' | 'l2';

/**
 * Whether a rule reads λ1 or λ2. The form disables an unused field (keeping its value for
 * when the rule changes back) and sends 0 for it: `checkRegulariser` rejects λ1 > 0 with
 * `l2` and any λ with `none`, and switching the selector must not turn a good setting into
 * an error. The l1 rules read λ2 too: that is elastic net.
 */
export function usesStrength(rule: SlotRule, field: StrengthField): boolean {
  if (rule === 'none' || rule === RUN_OFF) return false;
  return field === 'l2' || rule !== 'l2';
}

/** The slot and strength a run field belongs to, or null for a shared field. */
export function runFieldOf(name: SettingsField): { slot: RunSlot; part: 'rule' | StrengthField } | null {
  const match = /^(rule|l1_|l2_)([1-5])$/.exec(name);
  if (!match) return null;
  const part = match[1] === 'rule' ? 'rule' : (match[1]!.slice(0, 2) as StrengthField);
  return { slot: Number(match[2]) as RunSlot, part };
}

/** The fields of the regression's synthetic data, and the digits network's. */
const DATA_FIELDS: readonly SettingsField[] = ['samples', 'nonzeros', 'noise'];
const DIGITS_FIELDS: readonly SettingsField[] = ['hidden', 'loss'];

/** Whether a field is read by the draft (unused strengths, runs that are off, other problems' data are not). */
export function fieldInUse(draft: SettingsDraft, name: SettingsField): boolean {
  if (DATA_FIELDS.includes(name)) return draft.problem === 'recovery';
  if (DIGITS_FIELDS.includes(name)) return draft.problem === 'digits';
  if (name === 'batch') return draft.problem === 'recovery' || draft.problem === 'digits';
  if (name === 'size') return draft.problem !== 'csv' && draft.problem !== 'digits';
  const run = runFieldOf(name);
  if (!run) return true;
  const rule = draft[`rule${run.slot}`];
  if (run.part === 'rule') return true;
  return usesStrength(rule, run.part);
}

/** The runs a problem starts with: rule, λ1, λ2 per slot. */
type RunDefaults = readonly (readonly [SlotRule, number, number])[];

interface ProblemDefaults {
  runs: RunDefaults;
  lr: number | null;
  runSteps: number;
  /** Digits per step, where it differs from sparse recovery's (all samples). */
  batch?: number;
}

/**
 * Sparse recovery: proximal L1, L2 and no penalty side by side, with λ ≈ a third of λ_max on
 * the default data (see problems.ts), η the suggested step, until paused. The walkthrough:
 * the notebook's η = 1, proximal L1 against L2 at λ = 0.01, 200 steps (by then L1 has zeroed
 * every weight in (0, 1) and L2 still leaves 0.99^200 ≈ 13% of each: the whole contrast).
 * A CSV: the recovery's runs, with λ for standardised features. Digits: η = 0.5 and proximal
 * L1 at λ1 = 6e-4 (about 70 % of the first layer exactly 0 after 5 epochs, held-out accuracy
 * ≈ 0.93: the README's Digits figures), L2 at λ2 = 1e-3 and none, batches of 100.
 */
const PROBLEM_DEFAULTS: Readonly<Record<ProblemId, ProblemDefaults>> = {
  recovery: { runs: [['l1-prox', 1, 0], ['l2', 1, 1], ['none', 1, 1]], lr: null, runSteps: 0 },
  walkthrough: { runs: [['l1-prox', 0.01, 0], ['l2', 0.01, 0.01]], lr: 1, runSteps: 200 },
  csv: { runs: [['l1-prox', 0.1, 0], ['l2', 0.1, 0.1], ['none', 0.1, 0.1]], lr: null, runSteps: 0 },
  digits: { runs: [['l1-prox', 6e-4, 0], ['l2', 1e-3, 1e-3], ['none', 6e-4, 1e-3]], lr: 0.5, runSteps: 0, batch: DEFAULT_DIGITS.batch },
};

/** The digits network of the defaults: one hidden layer of 256. */
const DEFAULT_HIDDEN = DEFAULT_DIGITS.hidden.join(',');

/** The default data of sparse recovery (the size depends on the engine: problems.ts). */
export const RECOVERY_DATA = { samples: 128, nonzeros: 5, noise: 0.1, batch: 0 } as const;

/** The defaults of a problem: its runs, η and run length; seed 1, the engine's size. */
export function defaultDraft(problem: ProblemId = 'recovery'): SettingsDraft {
  const d = PROBLEM_DEFAULTS[problem];
  const draft: Record<string, unknown> = {
    problem,
    size: null,
    ...RECOVERY_DATA,
    batch: d.batch ?? RECOVERY_DATA.batch,
    hidden: DEFAULT_HIDDEN,
    loss: DEFAULT_DIGITS.loss,
    seed: 1,
    lr: d.lr,
    runSteps: d.runSteps,
    epsilon: DEFAULT_EPSILON,
  };
  for (const slot of RUN_SLOTS) {
    const [rule, l1, l2] = d.runs[slot - 1] ?? [RUN_OFF, d.runs[0]![1], d.runs[0]![1]];
    Object.assign(draft, { [`rule${slot}`]: rule, [`l1_${slot}`]: l1, [`l2_${slot}`]: l2 });
  }
  return draft as SettingsDraft;
}

/** A run's check reports its own fields (l1_2), not the engine's names (l1). */
function runSettings(draft: SettingsDraft, slot: RunSlot): RunSettings | null {
  const rule = draft[`rule${slot}`];
  if (rule === RUN_OFF) return null;
  const l1 = usesStrength(rule, 'l1') ? draft[`l1_${slot}`] : 0;
  const l2 = usesStrength(rule, 'l2') ? draft[`l2_${slot}`] : 0;
  try {
    // An empty η is checked as 1: every suggested step size is below 1.
    toUpdateParams({ rule, lr: draft.lr ?? 1, l1, l2 });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const field = error.field === 'l1' || error.field === 'l2' ? `${error.field}_${slot}` : error.field;
    throw new ConfigError(field, error.value, error.allowed);
  }
  return { slot, regulariser: { rule, lr: draft.lr, l1, l2 } };
}

/** The regression's own checks name its fields; the form's are `size` for d. */
const REGRESSION_FIELDS: Readonly<Record<string, SettingsField>> = { features: 'size', nonzeros: 'nonzeros', samples: 'samples', batch: 'batch', noise: 'noise' };

/** Checked settings, or a `ConfigError` naming the first bad field (a field id of the form). */
export function parseSettings(draft: SettingsDraft): Settings {
  for (const name of FIELD_NAMES) if (fieldInUse(draft, name)) checkField(name, draft[name]);
  if (draft.problem === 'recovery') {
    try {
      // Only what can clash (k ≤ d, b ≤ n); d is checked against the engine once it is known.
      checkRegressionSettings({
        features: Math.max(draft.size ?? MAX_PARAM_COUNT, 1),
        nonzeros: draft.nonzeros,
        samples: draft.samples,
        testSamples: 0,
        noise: draft.noise,
        featureKind: 'gaussian',
        batch: draft.batch === 0 ? 'full' : draft.batch,
        seed: draft.seed,
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const field = REGRESSION_FIELDS[error.field] ?? error.field;
      throw new ConfigError(field, draft[field as SettingsField] ?? error.value, error.allowed);
    }
  }
  const digits = draft.problem === 'digits';
  const hidden = digits ? parseHidden(draft.hidden) : [...DEFAULT_DIGITS.hidden];
  // The other digits settings are the app's own (digits-workload.ts); this checks the batch.
  if (digits) checkDigitsSettings({ ...DEFAULT_DIGITS, hidden, loss: draft.loss, batch: draft.batch, seed: draft.seed });
  const runs = RUN_SLOTS.map((slot) => runSettings(draft, slot)).filter((r): r is RunSettings => r !== null);
  return {
    problem: draft.problem,
    // A digits network's size is its weight count (digits-workload.ts), never typed.
    size: digits ? null : draft.size,
    samples: draft.samples,
    nonzeros: draft.nonzeros,
    noise: draft.noise,
    batch: draft.batch === 0 ? null : draft.batch,
    hidden,
    loss: draft.loss,
    seed: draft.seed,
    runs,
    runSteps: draft.runSteps === 0 ? null : draft.runSteps,
    epsilon: draft.epsilon,
  };
}

/** A run's parameters once the session knows η's suggestion. */
export function resolveParams(run: RunSettings, suggestedLr: number): { regulariser: Regulariser; params: UpdateParams } {
  const regulariser: Regulariser = { ...run.regulariser, lr: run.regulariser.lr ?? suggestedLr };
  return { regulariser, params: toUpdateParams(regulariser) };
}
