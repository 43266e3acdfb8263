/**
 * The form's values to checked settings: the walkthrough defaults (proximal L1 against L2),
 * unused strengths sent as 0, run B on and off, and every bad value rejected with a
 * ConfigError naming the form field.
 */
import { describe, expect, test } from 'vitest';
import { RULE_NAMES } from '../../src/engine/types.ts';
import { PROBLEMS } from '../../src/ui/problems.ts';
import { defaultDraft, fieldInUse, initFor, parseSettings, RULE_LABELS, usesStrength, type SettingsDraft } from '../../src/ui/settings.ts';
import { expectConfigError } from '../helpers/config-error.ts';

/** The draft's change is refused with a ConfigError on `field` holding each fragment. */
function rejects(draft: Partial<SettingsDraft>, field: string, ...fragments: string[]) {
  return expectConfigError(() => parseSettings({ ...defaultDraft(), ...draft }), field, ...fragments);
}

describe('ui: settings', () => {
  test('the walkthrough: proximal L1 as run A, L2 as run B, η = 1, 200 steps, weights in (0, 1)', () => {
    const settings = parseSettings(defaultDraft());
    expect(settings.runs.map((r) => r.regulariser)).toEqual([
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 },
      { rule: 'l2', lr: 1, l1: 0, l2: 0.01 },
    ]);
    expect(settings.runs[0]!.params).toEqual({ lr: 1, l1Step: Math.fround(0.01), l2Decay: 0, l1Form: 'prox' });
    expect(settings.runSteps).toBe(200);
    expect(settings.size).toBeNull();
    expect(initFor(settings)).toEqual({ kind: 'positive', scale: 1, seed: 1 });
    expect(PROBLEMS.walkthrough.init(7)).toEqual({ kind: 'positive', scale: 1, seed: 7 });
  });

  test('which strengths each rule reads (the l1 rules read λ2 as elastic net)', () => {
    expect(RULE_NAMES.map((r) => [usesStrength(r, 'l1'), usesStrength(r, 'l2')])).toEqual([
      [false, false],
      [true, true],
      [true, true],
      [true, true],
      [false, true],
    ]);
    expect(Object.keys(RULE_LABELS)).toEqual([...RULE_NAMES]);
  });

  test('run B off: one run, and its fields are not read', () => {
    const draft = { ...defaultDraft(), ruleB: 'off' as const, l2B: -5 };
    expect(parseSettings(draft).runs).toHaveLength(1);
    expect(fieldInUse(draft, 'l2B')).toBe(false);
    expect(fieldInUse(draft, 'lr')).toBe(true);
  });

  test('switching rule never turns a kept λ into an error: unused strengths are sent as 0', () => {
    expect(parseSettings({ ...defaultDraft(), rule: 'l2', l1: 0.01, l2: 0.01 }).runs[0]!.regulariser).toEqual({ rule: 'l2', lr: 1, l1: 0, l2: 0.01 });
    expect(parseSettings({ ...defaultDraft(), rule: 'none', l1: 0.01, l2: 0.5 }).runs[0]!.params).toEqual({ lr: 1, l1Step: 0, l2Decay: 0, l1Form: 'sign' });
    expect(parseSettings({ ...defaultDraft(), rule: 'l2', l1: NaN, l2: 0.01 }).runs[0]!.params.l2Decay).toBe(Math.fround(0.01));
    expect(parseSettings({ ...defaultDraft(), ruleB: 'l2', l1B: NaN }).runs[1]!.params.l1Step).toBe(0);
  });

  test('elastic net: an l1 rule with λ2 > 0', () => {
    expect(parseSettings({ ...defaultDraft(), rule: 'l1-clip', l2: 0.5 }).runs[0]!.params).toEqual({
      lr: 1,
      l1Step: Math.fround(0.01),
      l2Decay: 0.5,
      l1Form: 'clip',
    });
  });

  test('bad numbers name the field, the value and what is allowed', () => {
    expect(rejects({ l1: -1 }, 'l1').message).toBe('l1: got -1; allowed: a finite number from 0 to 3.4e38');
    rejects({ lr: NaN }, 'lr', 'got NaN');
    rejects({ l2B: Infinity }, 'l2B', 'got Infinity');
    rejects({ runSteps: 1.5 }, 'runSteps', 'got 1.5; allowed: a whole number from 0 (run until paused) to 1,000,000,000');
    rejects({ runSteps: -1 }, 'runSteps', 'got -1');
    rejects({ seed: 2 ** 32 }, 'seed', 'got 4294967296; allowed: a whole number from 0 to 4,294,967,295');
    rejects({ size: 0 }, 'size', 'got 0', '16,777,216');
    rejects({ size: 2 ** 24 + 1 }, 'size', 'got 16777217');
    rejects({ epsilon: 0 }, 'epsilon', 'got 0', '> 0');
    rejects({ rule: 'l3' as never }, 'rule', 'got "l3"; allowed: one of none, l1, l1-clip, l1-prox, l2');
  });

  test("run B's clashes are reported on run B's fields", () => {
    // Each passes alone; η·λ1 is past f32's range.
    rejects({ lr: 1e30, l1: 0, ruleB: 'l1-prox', l1B: 1e30 }, 'l1B', 'got 1e+30', 'f32');
  });

  test('0 steps per run means until paused', () => {
    expect(parseSettings({ ...defaultDraft(), runSteps: 0 }).runSteps).toBeNull();
  });
});
