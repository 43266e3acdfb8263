/**
 * The page's state in its URL, so a run can be shared and a lesson can link to a setup:
 * every setting of the form under a short key (`n`, `seed`, `rule`, `lr`, `l1`, `l2`,
 * `rule_b`, `l1_b`, `l2_b`, `steps`, `eps`, `problem`), plus `autostart=1` (start training
 * once an engine is ready) and `hide=controls,…` (panels a lesson leaves out).
 *
 * Reading never fails: each value is checked against the same field table as the form
 * (settings.ts), and a bad one becomes a message naming the key, the value and what is
 * allowed, and that field falls back to its default; then the settings as a whole are
 * checked (λ·η past f32's range, say) and a field named there falls back too. Unknown and
 * repeated keys are reported and ignored. Writing puts only what differs from the defaults,
 * in a fixed order, so a URL stays short and stable as the user types.
 *
 * Not here: touching `location` or `history` (the app does, with replaceState).
 */
import { ConfigError } from '../engine/config-error.ts';
import { defaultDraft, FIELD_NAMES, FIELDS, checkField, parseSettings, type SettingsDraft, type SettingsField } from './settings.ts';

/** The URL key of each form field. */
export const URL_KEYS: Readonly<Record<SettingsField, string>> = {
  problem: 'problem',
  size: 'n',
  seed: 'seed',
  rule: 'rule',
  lr: 'lr',
  l1: 'l1',
  l2: 'l2',
  ruleB: 'rule_b',
  l1B: 'l1_b',
  l2B: 'l2_b',
  runSteps: 'steps',
  epsilon: 'eps',
};

/** Panels `hide=` can leave out (the element of each carries `data-panel` with the same name). */
export const PANELS = ['controls', 'stats', 'histogram', 'heatmap', 'zeros', 'norms', 'time-to-zero', 'files', 'self-check'] as const;
export type Panel = (typeof PANELS)[number];

export interface UrlState {
  draft: SettingsDraft;
  autostart: boolean;
  hide: Panel[];
}

export interface ParsedUrl extends UrlState {
  /** One sentence per problem found, each naming the key, the value and what is allowed. */
  problems: string[];
}

/** A decimal number as typed (no hex, no Infinity, no blanks): the command line's rule too. */
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;

const FIELD_OF_KEY = new Map(FIELD_NAMES.map((name) => [URL_KEYS[name], name]));
const OTHER_KEYS = ['autostart', 'hide'];

/** What the value is on the form's side: a number for `number` fields (NaN if not decimal), null for an empty `n`. */
function fromText(name: SettingsField, raw: string): unknown {
  if (FIELDS[name].kind === 'choice') return raw;
  if (name === 'size' && raw === '') return null;
  return DECIMAL.test(raw.trim()) ? Number(raw.trim()) : NaN;
}

function describeDefault(value: unknown): string {
  return value === null ? "the engine's default" : String(value);
}

/** Reads a query string (`location.search`, with or without "?"); never throws. */
export function parseUrlState(search: string): ParsedUrl {
  const params = new URLSearchParams(search);
  const defaults = defaultDraft();
  const draft: SettingsDraft = { ...defaults };
  const problems: string[] = [];
  const fallBack = (error: ConfigError, name: SettingsField) => {
    problems.push(`${error.message}. Using the default, ${describeDefault(defaults[name])}.`);
    (draft as unknown as Record<string, unknown>)[name] = defaults[name];
  };

  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) continue;
    seen.add(key);
    const values = params.getAll(key);
    const name = FIELD_OF_KEY.get(key);
    if (!name && !OTHER_KEYS.includes(key)) {
      problems.push(`${new ConfigError(key, values[0], `one of ${[...FIELD_OF_KEY.keys(), ...OTHER_KEYS].join(', ')}`).message}. Ignored.`);
      continue;
    }
    if (values.length > 1) {
      problems.push(`${new ConfigError(key, values, 'one value').message}. Using the default.`);
      continue;
    }
    if (!name) continue;
    const raw = values[0]!;
    try {
      checkField(name, fromText(name, raw), key);
      (draft as unknown as Record<string, unknown>)[name] = fromText(name, raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Report the text as it stood in the URL, not the number it was read as.
      fallBack(new ConfigError(key, raw, error.allowed), name);
    }
  }

  // Fields that pass alone may still clash (η·λ beyond f32); the field named falls back, then
  // the next clash if any; if defaults cannot settle it, everything falls back.
  for (let attempt = 0; ; attempt++) {
    try {
      parseSettings(draft);
      break;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const name = error.field as SettingsField;
      const known = FIELD_NAMES.includes(name) && draft[name] !== defaults[name];
      if (!known || attempt >= FIELD_NAMES.length) {
        problems.push(`${error.message}. Using the default settings.`);
        Object.assign(draft, defaults);
        break;
      }
      fallBack(new ConfigError(URL_KEYS[name], draft[name], error.allowed), name);
    }
  }

  const autostart = readAutostart(params.get('autostart'), problems);
  const hide = readHide(params.get('hide'), problems);
  return { draft, autostart, hide, problems };
}

function readAutostart(raw: string | null, problems: string[]): boolean {
  if (raw === null || raw === '0') return false;
  if (raw === '1') return true;
  problems.push(`${new ConfigError('autostart', raw, '1 (start once an engine is ready) or 0').message}. Not starting.`);
  return false;
}

function readHide(raw: string | null, problems: string[]): Panel[] {
  if (raw === null || raw === '') return [];
  const hide: Panel[] = [];
  for (const entry of raw.split(',')) {
    if ((PANELS as readonly string[]).includes(entry)) {
      if (!hide.includes(entry as Panel)) hide.push(entry as Panel);
    } else {
      problems.push(`${new ConfigError('hide', entry, `comma-separated panels from ${PANELS.join(', ')}`).message}. Shown.`);
    }
  }
  return hide;
}

/**
 * The query string for a state ("" when everything is the default, else "?…"): fields that
 * differ from the defaults, then autostart and hide. Values are numbers, rule names and
 * panel names, which need no escaping beyond what encodeURIComponent does.
 */
export function serialiseUrlState(state: UrlState): string {
  const defaults = defaultDraft();
  const pairs: string[] = [];
  for (const name of FIELD_NAMES) {
    const value = state.draft[name];
    if (value === null || Object.is(value, defaults[name])) continue;
    pairs.push(`${URL_KEYS[name]}=${encodeURIComponent(String(value))}`);
  }
  if (state.autostart) pairs.push('autostart=1');
  if (state.hide.length > 0) pairs.push(`hide=${state.hide.map(encodeURIComponent).join(',')}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
