/**
 * The form's values to checked settings: each problem's defaults (sparse recovery: proximal
 * L1, L2 and none; the walkthrough: proximal L1 against L2), runs in five slots, unused
 * strengths sent as 0, η left empty for the suggested step, the regression's data checked,
 * and every bad value rejected with a ConfigError naming the form field.
 */
import { describe, expect, test } from 'vitest';
import { RULE_NAMES } from '../../src/engine/types.ts';
import { PROBLEMS } from '../../src/ui/problems.ts';
import { defaultDraft, fieldInUse, parseSettings, resolveParams, RULE_LABELS, usesStrength, type SettingsDraft } from '../../src/ui/settings.ts';
import { expectConfigError } from '../helpers/config-error.ts';

/** The draft's change is refused with a ConfigError on `field` holding each fragment. */
function rejects(draft: Partial<SettingsDraft>, field: string, ...fragments: string[]) {
  return expectConfigError(() => parseSettings({ ...defaultDraft(), ...draft }), field, ...fragments);
}

describe('ui: settings', () => {
  test('the default demo: sparse recovery, proximal L1, L2 and none in slots 1–3, η suggested, until paused', () => {
    const settings = parseSettings(defaultDraft());
    expect(settings.problem).toBe('recovery');
    expect(settings.runs.map((r) => [r.slot, r.regulariser])).toEqual([
      [1, { rule: 'l1-prox', lr: null, l1: 1, l2: 0 }],
      [2, { rule: 'l2', lr: null, l1: 0, l2: 1 }],
      [3, { rule: 'none', lr: null, l1: 0, l2: 0 }],
    ]);
    expect(settings.runSteps).toBeNull();
    expect(settings.batch).toBeNull();
    expect(resolveParams(settings.runs[0]!, 0.001).params).toEqual({ lr: Math.fround(0.001), l1Step: Math.fround(0.001), l2Decay: 0, l1Form: 'prox' });
    expect(PROBLEMS.recovery.defaultSize).toEqual({ webgpu: 1_000_000, cpu: 20_000 });
  });

  test('the walkthrough: proximal L1 against L2 at λ = 0.01, η = 1, 200 steps', () => {
    const settings = parseSettings(defaultDraft('walkthrough'));
    expect(settings.runs.map((r) => r.regulariser)).toEqual([
      { rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 },
      { rule: 'l2', lr: 1, l1: 0, l2: 0.01 },
    ]);
    expect(resolveParams(settings.runs[0]!, 123).params).toEqual({ lr: 1, l1Step: Math.fround(0.01), l2Decay: 0, l1Form: 'prox' });
    expect(settings.runSteps).toBe(200);
  });

  test('which strengths each rule reads (the l1 rules read λ2 as elastic net)', () => {
    expect(RULE_NAMES.map((r) => [usesStrength(r, 'l1'), usesStrength(r, 'l2')])).toEqual([
      [false, false],
      [true, true],
      [true, true],
      [true, true],
      [false, true],
    ]);
    expect(usesStrength('off', 'l2')).toBe(false);
    expect(Object.keys(RULE_LABELS)).toEqual([...RULE_NAMES]);
  });

  test('slots that are off are not runs and their fields are not read; slot 5 may be on with 4 off', () => {
    const draft = { ...defaultDraft(), rule2: 'off' as const, l2_2: -5, rule5: 'l1-clip' as const, l1_5: 0.3 };
    expect(parseSettings(draft).runs.map((r) => r.slot)).toEqual([1, 3, 5]);
    expect(fieldInUse(draft, 'l2_2')).toBe(false);
    expect(fieldInUse(draft, 'lr')).toBe(true);
    expect(fieldInUse(defaultDraft('walkthrough'), 'samples')).toBe(false);
    rejects({ rule1: 'off' as never }, 'rule1', 'got "off"');
  });

  test('switching rule never turns a kept λ into an error: unused strengths are sent as 0', () => {
    expect(parseSettings({ ...defaultDraft(), rule1: 'l2', l1_1: 0.01, l2_1: 0.01 }).runs[0]!.regulariser).toEqual({ rule: 'l2', lr: null, l1: 0, l2: 0.01 });
    expect(parseSettings({ ...defaultDraft(), rule1: 'l2', l1_1: NaN, l2_1: 0.01 }).runs[0]!.regulariser.l1).toBe(0);
  });

  test('elastic net: an l1 rule with λ2 > 0', () => {
    const run = parseSettings({ ...defaultDraft('walkthrough'), rule1: 'l1-clip', l2_1: 0.5 }).runs[0]!;
    expect(resolveParams(run, 1).params).toEqual({ lr: 1, l1Step: Math.fround(0.01), l2Decay: 0.5, l1Form: 'clip' });
  });

  test('bad numbers name the field, the value and what is allowed', () => {
    expect(rejects({ l1_1: -1 }, 'l1_1').message).toBe('l1_1: got -1; allowed: a finite number from 0 to 3.4e38');
    rejects({ lr: NaN }, 'lr', 'got NaN');
    rejects({ l2_2: Infinity }, 'l2_2', 'got Infinity');
    rejects({ runSteps: 1.5 }, 'runSteps', 'got 1.5; allowed: a whole number from 0 to 1,000,000,000 (0: run until paused)');
    rejects({ seed: 2 ** 32 }, 'seed', 'got 4294967296; allowed: a whole number from 0 to 4,294,967,295');
    rejects({ size: 0 }, 'size', 'got 0', '16,777,216');
    rejects({ epsilon: 0 }, 'epsilon', 'got 0', '> 0');
    rejects({ samples: 0 }, 'samples', 'got 0');
    rejects({ noise: -1 }, 'noise', 'got -1');
    rejects({ rule3: 'l3' as never }, 'rule3', 'got "l3"; allowed: one of off, none, l1, l1-clip, l1-prox, l2');
  });

  test('the data must fit together: k ≤ d, a batch no larger than n', () => {
    rejects({ size: 10, nonzeros: 11 }, 'nonzeros', 'got 11', 'from 1 to 10');
    rejects({ batch: 200 }, 'batch', 'got 200', 'from 1 to 128');
    expect(parseSettings({ ...defaultDraft(), batch: 32 }).batch).toBe(32);
  });

  test('digits: a 784-256-10 network, proximal L1, L2 and none at η = 0.5, batches of 100; the network sets the size', () => {
    const settings = parseSettings(defaultDraft('digits'));
    expect(settings).toMatchObject({ problem: 'digits', hidden: [256], loss: 'xent', batch: 100, size: null, runSteps: null });
    expect(settings.runs.map((r) => r.regulariser)).toEqual([
      { rule: 'l1-prox', lr: 0.5, l1: 6e-4, l2: 0 },
      { rule: 'l2', lr: 0.5, l1: 0, l2: 1e-3 },
      { rule: 'none', lr: 0.5, l1: 0, l2: 0 },
    ]);
    const draft = { ...defaultDraft('digits'), size: -5, samples: -1, hidden: ' 256, 128 ', loss: 'mse' as const };
    expect(parseSettings(draft)).toMatchObject({ hidden: [256, 128], loss: 'mse', size: null });
    expect(parseSettings({ ...draft, hidden: '' }).hidden).toEqual([]);
    expect(['size', 'samples', 'nonzeros', 'noise'].map((f) => fieldInUse(draft, f as never))).toEqual([false, false, false, false]);
    expect(['hidden', 'loss', 'batch'].map((f) => fieldInUse(draft, f as never))).toEqual([true, true, true]);
    expect(fieldInUse(defaultDraft(), 'hidden')).toBe(false);
    expect(fieldInUse(defaultDraft('walkthrough'), 'batch')).toBe(false);
  });

  test('digits: bad widths, loss and batch name the field, the value and what is allowed', () => {
    const digits = (draft: Partial<SettingsDraft>, field: string, ...fragments: string[]) =>
      expectConfigError(() => parseSettings({ ...defaultDraft('digits'), ...draft }), field, ...fragments);
    digits({ hidden: '250' }, 'hidden', 'got "250"', 'each a multiple of 4 from 4 to 16,384', '(hidden[0] is not)');
    digits({ hidden: '256,x' }, 'hidden', 'got "256,x"', '(hidden[1] is not)');
    digits({ hidden: '4,4,4,4,4,4,4,4,4' }, 'hidden', '0 to 8 hidden layer widths');
    digits({ hidden: '16384,4096' }, 'hidden', 'with at most 67,108,864 weights in all (these layers have 79,994,880)');
    expect(parseSettings({ ...defaultDraft('digits'), hidden: '16384' }).hidden).toEqual([16384]); // 13,008,896 weights: within the cap
    digits({ loss: 'hinge' as never }, 'loss', 'got "hinge"; allowed: one of mse, xent');
    digits({ batch: 0 }, 'batch', 'got 0; allowed: a whole number from 1 to 8,192');
    digits({ batch: 9000 }, 'batch', 'got 9000');
    // Recovery does not read them.
    expect(parseSettings({ ...defaultDraft(), hidden: '250', loss: 'hinge' as never }).problem).toBe('recovery');
  });

  test("a run's clashes are reported on that run's fields", () => {
    // Each passes alone; η·λ1 is past f32's range.
    rejects({ lr: 1e30, rule2: 'l1-prox', l1_2: 1e30 }, 'l1_2', 'got 1e+30', 'f32');
  });
});
