/**
 * What the page runs and what a user may change: the notebook's walkthrough at scale as
 * defaults, and turning the form's raw values into checked settings. The checks are the
 * engine's own (`toUpdateParams`, which throws a `ConfigError` naming field, value and
 * allowed range); this module adds only the run length and which fields a rule uses.
 * No DOM: the controls element reads its inputs and hands the raw numbers here.
 */
import { toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import type { Regulariser, RuleName, UpdateParams, WeightInit } from '../engine/types.ts';

/** 2^20 weights where WebGPU runs the update; the CPU fallback gets 2^16 to stay interactive. */
export const GPU_PARAM_COUNT = 1_048_576;
export const CPU_PARAM_COUNT = 65_536;

/** The notebook's premise: weights in (0, 1), penalty only (the gradient stays 0). */
export const WALKTHROUGH_INIT: WeightInit = { kind: 'positive', scale: 1, seed: 1 };

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

/** The rules the selector offers, with the words the page uses for them. */
export const RULE_LABELS: Readonly<Record<RuleName, string>> = {
  none: 'none (plain gradient step)',
  l1: 'L1, sign step (notebook eq. 3)',
  'l1-clip': 'L1, clipped at zero',
  'l1-prox': 'L1, proximal (soft threshold)',
  l2: 'L2 (notebook eq. 4)',
};

/** The form's values as typed: numbers are NaN when a field is empty or not a number. */
export interface SettingsDraft {
  rule: RuleName;
  lr: number;
  l1: number;
  l2: number;
  runSteps: number;
}

export interface Settings {
  regulariser: Regulariser;
  params: UpdateParams;
  /** Steps per Start; null runs until paused. */
  runSteps: number | null;
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

export function defaultDraft(): SettingsDraft {
  const { rule, lr, l1, l2 } = WALKTHROUGH_REGULARISER;
  return { rule, lr, l1, l2, runSteps: WALKTHROUGH_STEPS };
}

/** Checked settings, or a `ConfigError` naming the first bad field (a field id of the form). */
export function parseSettings(draft: SettingsDraft): Settings {
  const regulariser: Regulariser = {
    rule: draft.rule,
    lr: draft.lr,
    l1: usesStrength(draft.rule, 'l1') ? draft.l1 : 0,
    l2: usesStrength(draft.rule, 'l2') ? draft.l2 : 0,
  };
  const params = toUpdateParams(regulariser);
  const steps = draft.runSteps;
  if (!Number.isSafeInteger(steps) || steps < 0 || steps > MAX_RUN_STEPS) {
    throw new ConfigError('runSteps', steps, `a whole number from 0 (run until paused) to ${MAX_RUN_STEPS.toLocaleString('en-US')}`);
  }
  return { regulariser, params, runSteps: steps === 0 ? null : steps };
}
