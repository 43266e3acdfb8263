/**
 * What the page runs and what a user may change: the notebook's walkthrough at scale as
 * defaults, one table of fields (a valibot schema and the words for what it allows, per
 * field) that both the form and the URL (url-state.ts) are checked against, and turning a
 * draft into checked settings. The per-step amounts come from the engine's own
 * `toUpdateParams`, which throws a `ConfigError` naming field, value and allowed range.
 * No DOM: the controls element reads its inputs and hands the raw numbers here.
 *
 * A session has run A and, unless turned off, run B: a second engine on the same seed and
 * initial weights, stepped in lockstep with its own rule and strengths. η, the run length,
 * the seed, the size and ε are shared.
 */
import * as v from 'valibot';
import { toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import { RULE_NAMES, type Regulariser, type RuleName, type UpdateParams } from '../engine/types.ts';
import { PROBLEM_IDS, PROBLEMS, type ProblemId } from './problems.ts';

/** 2^20 weights per run where WebGPU runs the update; the CPU fallback gets 2^16 to stay interactive. */
export const GPU_PARAM_COUNT = 1_048_576;
export const CPU_PARAM_COUNT = 65_536;
/** The most weights per run a URL or the form may ask for (run B doubles it). */
export const MAX_PARAM_COUNT = 16_777_216;
/** The most the CPU fallback takes per run: past it a step takes long enough to make the page sluggish. */
export const MAX_CPU_PARAM_COUNT = 1_048_576;

/** The notebook takes η = 1; proximal L1 reaches exact zeros (the plain sign step chatters). */
export const WALKTHROUGH_REGULARISER: Regulariser = { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 };

/**
 * Steps per press of Start. With η = 1 and λ1 = 0.01 proximal L1 zeroes every weight in
 * (0, 1) within 100 steps, while L2 with λ2 = 0.01 still leaves 0.99^200 ≈ 13% of each
 * weight after 200: that is the whole contrast, so the run stops there instead of keeping
 * a forgotten tab's GPU busy. 0 runs until paused (to watch L2 stall at subnormals).
 */
export const WALKTHROUGH_STEPS = 200;
export const MAX_RUN_STEPS = 1_000_000_000;
export const MAX_SEED = 2 ** 32 - 1;
/** Near zero means |w| < ε; counted from the snapshot's power-of-two bins (metrics-history.ts). */
export const DEFAULT_EPSILON = 1e-3;

/** Run B's rule selector offers these as well as the rules. */
export const COMPARE_OFF = 'off';
export type CompareRule = RuleName | typeof COMPARE_OFF;
export const COMPARE_RULES = [COMPARE_OFF, ...RULE_NAMES] as const;

/** The rules the selector offers, with the words the page uses for them. */
export const RULE_LABELS: Readonly<Record<RuleName, string>> = {
  none: 'none (plain gradient step)',
  l1: 'L1, sign step (notebook eq. 3)',
  'l1-clip': 'L1, clipped at zero',
  'l1-prox': 'L1, proximal (soft threshold)',
  l2: 'L2 (notebook eq. 4)',
};

/** The form's values as typed: numbers are NaN when a field is not a number. */
export interface SettingsDraft {
  problem: ProblemId;
  /** Weights per run; null takes the engine's default (GPU_PARAM_COUNT or CPU_PARAM_COUNT). */
  size: number | null;
  seed: number;
  rule: RuleName;
  lr: number;
  l1: number;
  l2: number;
  ruleB: CompareRule;
  l1B: number;
  l2B: number;
  runSteps: number;
  epsilon: number;
}

export type SettingsField = keyof SettingsDraft;

export interface RunSettings {
  regulariser: Regulariser;
  params: UpdateParams;
}

export interface Settings {
  problem: ProblemId;
  size: number | null;
  seed: number;
  /** Run A, then run B unless it is off. */
  runs: RunSettings[];
  /** Steps per Start; null runs until paused. */
  runSteps: number | null;
  epsilon: number;
}

export interface FieldSpec {
  /** `choice` fields arrive as strings, `number` fields as numbers (from a URL, as decimal text). */
  kind: 'choice' | 'number';
  schema: v.GenericSchema;
  allowed: string;
}

const STRENGTH = 'a finite number from 0 to 3.4e38';
const strength = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(3.4e38));
const whole = (min: number, max: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(min), v.maxValue(max));
const wholeRange = (min: number, max: number) => `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
const choice = (options: readonly string[]): FieldSpec => ({ kind: 'choice', schema: v.picklist(options), allowed: `one of ${options.join(', ')}` });
const number = (schema: v.GenericSchema, allowed: string): FieldSpec => ({ kind: 'number', schema, allowed });

/** Every field's check, in the order the form shows them (the first bad one is reported). */
export const FIELDS: Readonly<Record<SettingsField, FieldSpec>> = {
  problem: choice(PROBLEM_IDS),
  size: number(v.nullable(whole(1, MAX_PARAM_COUNT)), `${wholeRange(1, MAX_PARAM_COUNT)} (empty: the engine's default)`),
  seed: number(whole(0, MAX_SEED), wholeRange(0, MAX_SEED)),
  rule: choice(RULE_NAMES),
  lr: number(strength, STRENGTH),
  l1: number(strength, STRENGTH),
  l2: number(strength, STRENGTH),
  ruleB: choice(COMPARE_RULES),
  l1B: number(strength, STRENGTH),
  l2B: number(strength, STRENGTH),
  runSteps: number(whole(0, MAX_RUN_STEPS), `a whole number from 0 (run until paused) to ${MAX_RUN_STEPS.toLocaleString('en-US')}`),
  epsilon: number(v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(3.4e38)), 'a finite number > 0 and ≤ 3.4e38'),
};

export const FIELD_NAMES = Object.keys(FIELDS) as SettingsField[];

/** Throws `ConfigError` naming `name` unless `value` passes the field's schema. */
export function checkField(name: SettingsField, value: unknown, label: string = name): void {
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
export function usesStrength(rule: RuleName, field: StrengthField): boolean {
  if (rule === 'none') return false;
  return field === 'l2' || rule !== 'l2';
}

/** Whether a field is read by the draft's runs (unused strengths and run B's fields when it is off are not). */
export function fieldInUse(draft: Pick<SettingsDraft, 'rule' | 'ruleB'>, name: SettingsField): boolean {
  switch (name) {
    case 'l1':
    case 'l2':
      return usesStrength(draft.rule, name);
    case 'l1B':
    case 'l2B':
      return draft.ruleB !== COMPARE_OFF && usesStrength(draft.ruleB, name === 'l1B' ? 'l1' : 'l2');
    default:
      return true;
  }
}

/** The walkthrough: proximal L1 as run A against L2 with λ2 = 0.01 as run B, seed 1, the engine's size. */
export function defaultDraft(): SettingsDraft {
  const { rule, lr, l1, l2 } = WALKTHROUGH_REGULARISER;
  return {
    problem: 'walkthrough',
    size: null,
    seed: 1,
    rule,
    lr,
    l1,
    l2,
    ruleB: 'l2',
    l1B: l1,
    l2B: 0.01,
    runSteps: WALKTHROUGH_STEPS,
    epsilon: DEFAULT_EPSILON,
  };
}

/** The weights every run of these settings starts from. */
export function initFor(settings: Pick<Settings, 'problem' | 'seed'>) {
  return PROBLEMS[settings.problem].init(settings.seed);
}

/** Run B's λ fields are reported as such, not as run A's. */
const B_FIELDS: Readonly<Record<string, SettingsField>> = { l1: 'l1B', l2: 'l2B' };

function runSettings(rule: RuleName, lr: number, l1: number, l2: number, run: 'A' | 'B'): RunSettings {
  const regulariser: Regulariser = { rule, lr, l1: usesStrength(rule, 'l1') ? l1 : 0, l2: usesStrength(rule, 'l2') ? l2 : 0 };
  try {
    return { regulariser, params: toUpdateParams(regulariser) };
  } catch (error) {
    const field = error instanceof ConfigError && run === 'B' ? B_FIELDS[error.field] : undefined;
    throw field ? new ConfigError(field, (error as ConfigError).value, (error as ConfigError).allowed) : error;
  }
}

/** Checked settings, or a `ConfigError` naming the first bad field (a field id of the form). */
export function parseSettings(draft: SettingsDraft): Settings {
  for (const name of FIELD_NAMES) if (fieldInUse(draft, name)) checkField(name, draft[name]);
  const runs = [runSettings(draft.rule, draft.lr, draft.l1, draft.l2, 'A')];
  if (draft.ruleB !== COMPARE_OFF) runs.push(runSettings(draft.ruleB, draft.lr, draft.l1B, draft.l2B, 'B'));
  return {
    problem: draft.problem,
    size: draft.size,
    seed: draft.seed,
    runs,
    runSteps: draft.runSteps === 0 ? null : draft.runSteps,
    epsilon: draft.epsilon,
  };
}
