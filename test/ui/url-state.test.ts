/**
 * The URL as the page reads and writes it: every key read into the same draft the form
 * makes, against the named problem's defaults; every bad value a message naming the key, the
 * value and what is allowed, with that field back at its default and the rest kept; unknown
 * and repeated keys reported; a CSV never taken from an address; and a written URL that
 * reads back to the same state.
 */
import { describe, expect, test } from 'vitest';
import { defaultDraft, FIELD_NAMES, parseSettings, type SettingsDraft } from '../../src/ui/settings.ts';
import { CHART_PANELS, PANELS, parseUrlState, serialiseUrlState, URL_KEYS } from '../../src/ui/url-state.ts';

describe('ui: URL state', () => {
  test('no query: the default demo, started, nothing reported, nothing written back', () => {
    const parsed = parseUrlState('');
    expect(parsed).toEqual({ draft: defaultDraft(), autostart: true, hide: [], problems: [] });
    expect(serialiseUrlState(parsed)).toBe('');
  });

  test('every key is read, against the named problem', () => {
    const parsed = parseUrlState(
      '?problem=walkthrough&n=4096&samples=50&k=3&noise=0.5&batch=10&seed=7&lr=0.5&rule1=l1-clip&l1_1=0.2&l2_1=0.1&rule2=off&rule4=l2&l2_4=0.4&steps=0&eps=0.25&autostart=0&hide=controls,heatmap',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.draft).toEqual<SettingsDraft>({
      ...defaultDraft('walkthrough'),
      size: 4096,
      samples: 50,
      nonzeros: 3,
      noise: 0.5,
      batch: 10,
      seed: 7,
      lr: 0.5,
      rule1: 'l1-clip',
      l1_1: 0.2,
      l2_1: 0.1,
      rule2: 'off',
      rule4: 'l2',
      l2_4: 0.4,
      runSteps: 0,
      epsilon: 0.25,
    });
    expect(parsed.autostart).toBe(false);
    expect(parsed.hide).toEqual(['controls', 'heatmap']);
  });

  test('written and read back: the same state, only non-defaults in a fixed order', () => {
    const state = {
      draft: { ...defaultDraft('walkthrough'), size: 4096, rule1: 'l1' as const, l1_1: 1e-7, rule2: 'none' as const, rule3: 'l2' as const, l2_3: 0.5 },
      autostart: false,
      hide: [...PANELS],
    };
    const search = serialiseUrlState(state);
    expect(search).toBe(`?problem=walkthrough&n=4096&rule1=l1&l1_1=1e-7&rule2=none&rule3=l2&l2_3=0.5&autostart=0&hide=${PANELS.join(',')}`);
    const back = parseUrlState(search);
    expect(back.problems).toEqual([]);
    expect({ draft: back.draft, autostart: back.autostart, hide: back.hide }).toEqual(state);
    // An empty η (the suggestion) is the recovery's default; a typed one is written.
    expect(serialiseUrlState({ draft: { ...defaultDraft(), lr: 0.01 }, autostart: true, hide: [] })).toBe('?lr=0.01');
    expect(parseUrlState('?lr=').draft.lr).toBeNull();
  });

  /** Each bad value, and the words its message must contain. */
  const BAD: [string, string, string][] = [
    ['n', '0', 'n: got "0"; allowed: a whole number from 1 to 16,777,216'],
    ['n', '1.5', 'n: got "1.5"'],
    ['samples', '0', 'samples: got "0"; allowed: a whole number from 1 to 1,000,000'],
    ['k', 'x', 'k: got "x"'],
    ['noise', '-1', 'noise: got "-1"'],
    ['batch', '-2', 'batch: got "-2"'],
    ['hidden', '256,250', 'hidden: got "256,250"; allowed: 0 to 8 hidden layer widths separated by commas (e.g. 256 or 256,128; empty: no hidden layer), each a multiple of 4 from 4 to 16,384, with at most 67,108,864 weights in all (hidden[1] is not)'],
    ['hidden', '16384,4096', 'with at most 67,108,864 weights in all (these layers have 79,994,880)'],
    ['loss', 'hinge', 'loss: got "hinge"; allowed: one of mse, xent'],
    ['seed', '-1', 'seed: got "-1"; allowed: a whole number from 0 to 4,294,967,295'],
    ['seed', '0x10', 'seed: got "0x10"'],
    ['lr', 'abc', 'lr: got "abc"; allowed: a finite number from 0 to 3.4e38'],
    ['lr', 'Infinity', 'lr: got "Infinity"'],
    ['rule1', 'off', 'rule1: got "off"; allowed: one of none, l1, l1-clip, l1-prox, l2'],
    ['l1_1', '-0.1', 'l1_1: got "-0.1"; allowed: a finite number from 0 to 3.4e38'],
    ['l2_1', '1e39', 'l2_1: got "1e39"'],
    ['rule2', 'L2', 'rule2: got "L2"; allowed: one of off, none, l1, l1-clip, l1-prox, l2'],
    ['l1_2', 'NaN', 'l1_2: got "NaN"'],
    ['l2_2', '', 'l2_2: got ""'],
    ['rule3', 'l3', 'rule3: got "l3"'],
    ['l1_3', '-1', 'l1_3: got "-1"'],
    ['l2_3', '-1', 'l2_3: got "-1"'],
    ['rule4', 'x', 'rule4: got "x"'],
    ['l1_4', '-1', 'l1_4: got "-1"'],
    ['l2_4', '-1', 'l2_4: got "-1"'],
    ['rule5', 'x', 'rule5: got "x"'],
    ['l1_5', '-1', 'l1_5: got "-1"'],
    ['l2_5', '-1', 'l2_5: got "-1"'],
    ['steps', '2.5', 'steps: got "2.5"; allowed: a whole number from 0 to 1,000,000,000 (0: run until paused)'],
    ['eps', '0', 'eps: got "0"; allowed: a finite number > 0 and ≤ 3.4e38'],
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

  test('every key but problem has a bad case above; a bad or CSV problem falls back to the default', () => {
    expect(new Set(BAD.map(([key]) => key))).toEqual(new Set(Object.values(URL_KEYS).filter((k) => k !== 'problem')));
    for (const value of ['mnist', 'csv']) {
      const parsed = parseUrlState(`?problem=${value}&seed=3`);
      expect(parsed.problems).toEqual([
        `problem: got "${value}"; allowed: one of recovery, walkthrough, digits (a CSV is picked from a file in the page, never named in an address). Using the default, recovery.`,
      ]);
      expect(parsed.draft).toEqual({ ...defaultDraft(), seed: 3 });
    }
  });

  test('digits: the network, loss and batch in the URL, commas kept as typed', () => {
    const parsed = parseUrlState('?problem=digits&hidden=256,128&loss=mse&batch=50&rule2=off');
    expect(parsed.problems).toEqual([]);
    expect(parsed.draft).toEqual({ ...defaultDraft('digits'), hidden: '256,128', loss: 'mse', batch: 50, rule2: 'off' });
    expect(serialiseUrlState({ draft: parsed.draft, autostart: true, hide: [] })).toBe('?problem=digits&batch=50&hidden=256,128&loss=mse&rule2=off');
    expect(serialiseUrlState({ draft: defaultDraft('digits'), autostart: true, hide: [] })).toBe('?problem=digits');
    // A batch of 0 means every sample in sparse recovery; digits refuse it, and fall back.
    const zero = parseUrlState('?problem=digits&batch=0');
    expect(zero.problems).toEqual(['batch: got 0; allowed: a whole number from 1 to 8,192. Using the default, 100.']);
    expect(zero.draft.batch).toBe(100);
  });

  test('values that pass alone but clash fall back on the field named (η·λ1 past f32; k > d)', () => {
    const parsed = parseUrlState('?lr=1e30&l1_1=1e30');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^l1_1: got 1e\+30; allowed: .*f32.*Using the default, 1\.$/);
    expect(parsed.draft.lr).toBe(1e30);
    expect(parsed.draft.l1_1).toBe(1);
    const clash = parseUrlState('?n=3&k=4');
    expect(clash.problems[0]).toMatch(/^k: got 4; allowed: a whole number from 1 to 3\. Using the default, 5\.$/);
  });

  test('unknown and repeated keys are reported and ignored', () => {
    const parsed = parseUrlState('?lamda1=0.1&seed=3&seed=4&rule1=l2');
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toMatch(/^lamda1: got "0\.1"; allowed: one of problem, n, samples, .*autostart, hide\. Ignored\.$/);
    expect(parsed.problems[1]).toBe('seed: got ["3","4"]; allowed: one value. Using the default.');
    expect(parsed.draft.seed).toBe(1);
    expect(parsed.draft.rule1).toBe('l2');
  });

  test('autostart takes 1 or 0; hide takes known panels or charts, and reports the rest', () => {
    expect(parseUrlState('?autostart=0').autostart).toBe(false);
    expect(parseUrlState('?autostart=1').autostart).toBe(true);
    const bad = parseUrlState('?autostart=yes&hide=controls,sidebar,controls');
    expect(bad.autostart).toBe(true);
    expect(bad.hide).toEqual(['controls']);
    expect(bad.problems).toEqual([
      'autostart: got "yes"; allowed: 1 (start once an engine is ready, the default) or 0 (wait for Start). Starting.',
      `hide: got "sidebar"; allowed: comma-separated panels from ${PANELS.join(', ')}, or charts (every chart). Shown.`,
    ]);
    expect(parseUrlState('?hide=files,charts').hide).toEqual(['files', ...CHART_PANELS]);
  });

  test('an empty n means the engine’s default; a URL with only bad values still gives runnable settings', () => {
    expect(parseUrlState('?n=').draft.size).toBeNull();
    const keys = Object.values(URL_KEYS).filter((k) => k !== 'problem' && k !== 'n' && k !== 'lr');
    const parsed = parseUrlState(`?${keys.map((k) => `${k}=%20bad`).join('&')}`);
    expect(parsed.problems).toHaveLength(keys.length);
    expect(parsed.draft).toEqual(defaultDraft());
  });
});
