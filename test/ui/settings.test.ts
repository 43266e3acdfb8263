/**
 * The form's values to checked settings: the walkthrough defaults, unused strengths sent as
 * 0, and every bad value rejected with a ConfigError naming the form field.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/engine/config-error.ts';
import { RULE_NAMES } from '../../src/engine/types.ts';
import { defaultDraft, parseSettings, RULE_LABELS, usesStrength, WALKTHROUGH_INIT, type SettingsDraft } from '../../src/ui/settings.ts';

function rejects(draft: Partial<SettingsDraft>): ConfigError {
  try {
    parseSettings({ ...defaultDraft(), ...draft });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('ui: settings', () => {
  test('the walkthrough: proximal L1, η = 1, λ1 = 0.01, 200 steps, weights in (0, 1)', () => {
    const settings = parseSettings(defaultDraft());
    expect(settings.regulariser).toEqual({ rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 });
    expect(settings.params).toEqual({ lr: 1, l1Step: Math.fround(0.01), l2Decay: 0, l1Form: 'prox' });
    expect(settings.runSteps).toBe(200);
    expect(WALKTHROUGH_INIT).toEqual({ kind: 'positive', scale: 1, seed: 1 });
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

  test('switching rule never turns a kept λ into an error: unused strengths are sent as 0', () => {
    expect(parseSettings({ ...defaultDraft(), rule: 'l2', l1: 0.01, l2: 0.01 }).regulariser).toEqual({ rule: 'l2', lr: 1, l1: 0, l2: 0.01 });
    expect(parseSettings({ ...defaultDraft(), rule: 'none', l1: 0.01, l2: 0.5 }).params).toEqual({ lr: 1, l1Step: 0, l2Decay: 0, l1Form: 'sign' });
    expect(parseSettings({ ...defaultDraft(), rule: 'l2', l1: NaN, l2: 0.01 }).params.l2Decay).toBe(Math.fround(0.01));
  });

  test('elastic net: an l1 rule with λ2 > 0', () => {
    expect(parseSettings({ ...defaultDraft(), rule: 'l1-clip', l2: 0.5 }).params).toEqual({
      lr: 1,
      l1Step: Math.fround(0.01),
      l2Decay: 0.5,
      l1Form: 'clip',
    });
  });

  test('bad numbers name the field, the value and what is allowed', () => {
    expect(rejects({ l1: -1 }).message).toBe('l1: got -1; allowed: a finite number from 0 to 3.4e38');
    expect(rejects({ lr: NaN }).field).toBe('lr');
    expect(rejects({ l2: Infinity }).field).toBe('l2');
    expect(rejects({ runSteps: 1.5 }).message).toBe('runSteps: got 1.5; allowed: a whole number from 0 (run until paused) to 1,000,000,000');
    expect(rejects({ runSteps: -1 }).field).toBe('runSteps');
    expect(rejects({ runSteps: NaN }).field).toBe('runSteps');
  });

  test('0 steps per run means until paused', () => {
    expect(parseSettings({ ...defaultDraft(), runSteps: 0 }).runSteps).toBeNull();
  });
});
