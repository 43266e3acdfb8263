/**
 * The URL as the page reads and writes it: every key read into the same draft the form
 * makes; every bad value a message naming the key, the value and what is allowed, with that
 * field back at its default and the rest kept; unknown and repeated keys reported; and a
 * written URL that reads back to the same state.
 */
import { describe, expect, test } from 'vitest';
import { defaultDraft, FIELD_NAMES, parseSettings, type SettingsDraft } from '../../src/ui/settings.ts';
import { PANELS, parseUrlState, serialiseUrlState, URL_KEYS } from '../../src/ui/url-state.ts';

describe('ui: URL state', () => {
  test('no query: the defaults, nothing reported, nothing written back', () => {
    const parsed = parseUrlState('');
    expect(parsed).toEqual({ draft: defaultDraft(), autostart: false, hide: [], problems: [] });
    expect(serialiseUrlState(parsed)).toBe('');
  });

  test('every key is read', () => {
    const parsed = parseUrlState('?problem=walkthrough&n=4096&seed=7&rule=l1-clip&lr=0.5&l1=0.2&l2=0.1&rule_b=off&l1_b=0.3&l2_b=0.4&steps=0&eps=0.25&autostart=1&hide=controls,heatmap');
    expect(parsed.problems).toEqual([]);
    expect(parsed.draft).toEqual<SettingsDraft>({
      problem: 'walkthrough',
      size: 4096,
      seed: 7,
      rule: 'l1-clip',
      lr: 0.5,
      l1: 0.2,
      l2: 0.1,
      ruleB: 'off',
      l1B: 0.3,
      l2B: 0.4,
      runSteps: 0,
      epsilon: 0.25,
    });
    expect(parsed.autostart).toBe(true);
    expect(parsed.hide).toEqual(['controls', 'heatmap']);
  });

  test('written and read back: the same state, only non-defaults in a fixed order', () => {
    const state = { draft: { ...defaultDraft(), size: 4096, rule: 'l1' as const, l1: 1e-7, ruleB: 'none' as const }, autostart: true, hide: [...PANELS] };
    const search = serialiseUrlState(state);
    expect(search).toBe(`?n=4096&rule=l1&l1=1e-7&rule_b=none&autostart=1&hide=${PANELS.join(',')}`);
    const back = parseUrlState(search);
    expect(back.problems).toEqual([]);
    expect({ draft: back.draft, autostart: back.autostart, hide: back.hide }).toEqual(state);
  });

  /** Each bad value, and the words its message must contain. */
  const BAD: [string, string, string][] = [
    ['n', '0', 'n: got "0"; allowed: a whole number from 1 to 16,777,216'],
    ['n', '1.5', 'n: got "1.5"'],
    ['n', '99999999', 'n: got "99999999"'],
    ['seed', '-1', 'seed: got "-1"; allowed: a whole number from 0 to 4,294,967,295'],
    ['seed', '0x10', 'seed: got "0x10"'],
    ['rule', 'l3', 'rule: got "l3"; allowed: one of none, l1, l1-clip, l1-prox, l2'],
    ['lr', 'abc', 'lr: got "abc"; allowed: a finite number from 0 to 3.4e38'],
    ['lr', 'Infinity', 'lr: got "Infinity"'],
    ['l1', '-0.1', 'l1: got "-0.1"; allowed: a finite number from 0 to 3.4e38'],
    ['l2', '1e39', 'l2: got "1e39"'],
    ['l2', '', 'l2: got ""'],
    ['rule_b', 'L2', 'rule_b: got "L2"; allowed: one of off, none, l1, l1-clip, l1-prox, l2'],
    ['l1_b', 'NaN', 'l1_b: got "NaN"'],
    ['l2_b', '-1', 'l2_b: got "-1"'],
    ['steps', '2.5', 'steps: got "2.5"; allowed: a whole number from 0 (run until paused) to 1,000,000,000'],
    ['eps', '0', 'eps: got "0"; allowed: a finite number > 0 and ≤ 3.4e38'],
    ['problem', 'mnist', 'problem: got "mnist"; allowed: one of walkthrough'],
  ];

  test.each(BAD)('%s=%s: a message naming key, value and range; that field falls back, the others stay', (key, value, words) => {
    const bad = `${key}=${encodeURIComponent(value)}`;
    const parsed = parseUrlState(key === 'seed' ? `?${bad}` : `?${bad}&seed=42`);
    const problem = parsed.problems.find((p) => p.startsWith(`${key}:`));
    expect(problem, parsed.problems.join('\n')).toBeDefined();
    expect(problem).toContain(words);
    expect(problem).toMatch(/Using the default, .+\.$/);
    const field = FIELD_NAMES.find((name) => URL_KEYS[name] === key)!;
    expect(parsed.draft[field]).toEqual(defaultDraft()[field]);
    if (key !== 'seed') expect(parsed.draft.seed).toBe(42);
    expect(() => parseSettings(parsed.draft)).not.toThrow();
  });

  test('every key has a bad case above', () => {
    expect(new Set(BAD.map(([key]) => key))).toEqual(new Set(Object.values(URL_KEYS)));
  });

  test('values that pass alone but clash (η·λ1 past f32) fall back on the field named', () => {
    const parsed = parseUrlState('?lr=1e30&l1=1e30');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^l1: got 1e\+30; allowed: .*f32.*Using the default, 0\.01\.$/);
    expect(parsed.draft.lr).toBe(1e30);
    expect(parsed.draft.l1).toBe(0.01);
  });

  test('unknown and repeated keys are reported and ignored', () => {
    const parsed = parseUrlState('?lamda1=0.1&seed=3&seed=4&rule=l2');
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toMatch(/^lamda1: got "0\.1"; allowed: one of problem, n, seed, .*autostart, hide\. Ignored\.$/);
    expect(parsed.problems[1]).toBe('seed: got ["3","4"]; allowed: one value. Using the default.');
    expect(parsed.draft.seed).toBe(1);
    expect(parsed.draft.rule).toBe('l2');
  });

  test('autostart takes 1 or 0; hide takes known panels and reports the rest', () => {
    expect(parseUrlState('?autostart=0').autostart).toBe(false);
    const bad = parseUrlState('?autostart=yes&hide=controls,sidebar,controls');
    expect(bad.autostart).toBe(false);
    expect(bad.hide).toEqual(['controls']);
    expect(bad.problems).toEqual([
      'autostart: got "yes"; allowed: 1 (start once an engine is ready) or 0. Not starting.',
      `hide: got "sidebar"; allowed: comma-separated panels from ${PANELS.join(', ')}. Shown.`,
    ]);
  });

  test('an empty n means the engine’s default; a URL with only bad values still gives runnable settings', () => {
    expect(parseUrlState('?n=').draft.size).toBeNull();
    const parsed = parseUrlState(`?${Object.values(URL_KEYS).map((k) => `${k}=%20bad`).join('&')}`);
    expect(parsed.problems).toHaveLength(Object.keys(URL_KEYS).length);
    expect(parsed.draft).toEqual(defaultDraft());
  });
});
