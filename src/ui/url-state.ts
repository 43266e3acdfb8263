/**
 * The page's state in its URL, so a run can be shared and a lesson can link to a setup:
 * every setting of the form under a short key (`problem`, `n`, `samples`, `k`, `noise`,
 * `batch`, `hidden` (digits: `hidden=256,128`), `loss`, `seed`, `lr`, `rule1`…`rule5`,
 * `l1_1`…`l1_5`, `l2_1`…`l2_5`, `steps`, `eps`),
 * plus `autostart` (1, the default: start training once an engine is ready; 0: wait for
 * Start) and `hide=controls,…` (panels a lesson leaves out; `charts` stands for every chart).
 *
 * Reading never fails: the problem is read first (its defaults are what other keys fall back
 * to), then each value is checked against the same field table as the form (settings.ts), and
 * a bad one becomes a message naming the key, the value and what is allowed, and that field
 * falls back to its default; then the settings as a whole are checked (λ·η past f32's range,
 * k > d, say) and a field named there falls back too. Unknown and repeated keys are reported
 * and ignored. Writing puts only what differs from the problem's defaults, in a fixed order,
 * so a URL stays short and stable as the user types. A CSV cannot come from a URL: its data
 * never leave the machine.
 *
 * Not here: touching `location` or `history` (the app does, with replaceState).
 */
import { ConfigError } from '../engine/config-error.ts';
import { numberFromWord } from '../engine/field-rules.ts';
import { URL_PROBLEM_IDS, type ProblemId } from './problems.ts';
import { defaultDraft, FIELD_NAMES, FIELDS, checkField, parseSettings, runFieldOf, type SettingsDraft, type SettingsField } from './settings.ts';

/** The URL key of each form field: a few short names, the rest as the field is called. */
const SHORT_KEYS: Partial<Record<SettingsField, string>> = { size: 'n', nonzeros: 'k', runSteps: 'steps', epsilon: 'eps' };
export const URL_KEYS = Object.fromEntries(FIELD_NAMES.map((name) => [name, SHORT_KEYS[name] ?? name])) as Readonly<Record<SettingsField, string>>;

/** Panels `hide=` can leave out (the element of each carries `data-panel` with the same name). */
export const PANELS = ['controls', 'stats', 'histogram', 'heatmap', 'zeros', 'losses', 'support', 'norms', 'scatter', 'time-to-zero', 'digits', 'files', 'self-check', 'walkthrough', 'gpu'] as const;
export type Panel = (typeof PANELS)[number];
/** What `hide=charts` stands for: every panel that draws, so training can be timed without drawing. */
export const CHART_PANELS: readonly Panel[] = ['histogram', 'heatmap', 'zeros', 'losses', 'support', 'norms', 'scatter', 'time-to-zero', 'digits'];

export interface UrlState {
  draft: SettingsDraft;
  autostart: boolean;
  hide: Panel[];
}

export interface ParsedUrl extends UrlState {
  /** One sentence per problem found, each naming the key, the value and what is allowed. */
  problems: string[];
}

const FIELD_OF_KEY = new Map(FIELD_NAMES.map((name) => [URL_KEYS[name], name]));
const OTHER_KEYS = ['autostart', 'hide'];
/** Fields an empty value sets to "the default of the engine or problem". */
const NULLABLE: readonly SettingsField[] = ['size', 'lr'];

/** What the value is on the form's side: a number for `number` fields (NaN if not decimal), null for an empty `n` or `lr`. */
function fromText(name: SettingsField, raw: string): unknown {
  if (FIELDS[name].kind !== 'number') return raw;
  if (NULLABLE.includes(name) && raw === '') return null;
  return numberFromWord(raw.trim(), FIELDS[name].whole ?? false);
}

function describeDefault(name: SettingsField, value: unknown): string {
  if (value !== null) return String(value);
  return name === 'lr' ? 'the suggested step size' : "the engine's default";
}

/** The problem named by the URL, or the default (with a message when the name was bad). */
function readProblem(raw: string[], problems: string[]): ProblemId {
  if (raw.length === 0) return defaultDraft().problem;
  const allowed = `one of ${URL_PROBLEM_IDS.join(', ')} (a CSV is picked from a file in the page, never named in an address)`;
  if (raw.length === 1 && (URL_PROBLEM_IDS as readonly string[]).includes(raw[0]!)) return raw[0] as ProblemId;
  problems.push(`${new ConfigError('problem', raw.length === 1 ? raw[0] : raw, raw.length === 1 ? allowed : 'one value').message}. Using the default, ${defaultDraft().problem}.`);
  return defaultDraft().problem;
}

/** Reads a query string (`location.search`, with or without "?"); never throws. */
export function parseUrlState(search: string): ParsedUrl {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const defaults = defaultDraft(readProblem(params.getAll('problem'), problems));
  const draft: SettingsDraft = { ...defaults };
  const fallBack = (error: ConfigError, name: SettingsField) => {
    problems.push(`${error.message}. Using the default, ${describeDefault(name, defaults[name])}.`);
    (draft as Record<string, unknown>)[name] = defaults[name];
  };

  const seen = new Set<string>(['problem']);
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
      (draft as Record<string, unknown>)[name] = fromText(name, raw);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // Report the text as it stood in the URL, not the number it was read as.
      fallBack(new ConfigError(key, raw, error.allowed), name);
    }
  }

  // Fields that pass alone may still clash (η·λ beyond f32, k > d); the field named falls
  // back, then the next clash if any; if defaults cannot settle it, everything falls back.
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
  if (raw === null || raw === '1') return true;
  if (raw === '0') return false;
  problems.push(`${new ConfigError('autostart', raw, '1 (start once an engine is ready, the default) or 0 (wait for Start)').message}. Starting.`);
  return true;
}

function readHide(raw: string | null, problems: string[]): Panel[] {
  if (raw === null || raw === '') return [];
  const hide: Panel[] = [];
  for (const entry of raw.split(',')) {
    const panels = entry === 'charts' ? CHART_PANELS : (PANELS as readonly string[]).includes(entry) ? [entry as Panel] : null;
    if (panels) {
      for (const panel of panels) if (!hide.includes(panel)) hide.push(panel);
    } else {
      problems.push(`${new ConfigError('hide', entry, `comma-separated panels from ${PANELS.join(', ')}, or charts (every chart)`).message}. Shown.`);
    }
  }
  return hide;
}

/**
 * The query string for a state ("" when everything is the default, else "?…"): fields that
 * differ from the problem's defaults (a run that is off carries no strengths), then
 * autostart and hide. Values are numbers, rule and problem names, panel names and the hidden
 * widths, which need no escaping beyond what encodeURIComponent does (commas, legal in a
 * query, are kept as they are, so `hidden=256,128` reads as typed).
 */
export function serialiseUrlState(state: UrlState): string {
  const defaults = defaultDraft(state.draft.problem);
  const pairs: string[] = [];
  for (const name of FIELD_NAMES) {
    const value = state.draft[name];
    if (name === 'problem' ? value === 'csv' || value === defaultDraft().problem : Object.is(value, defaults[name])) continue;
    const run = runFieldOf(name);
    if (run && run.part !== 'rule' && state.draft[`rule${run.slot}`] === 'off') continue;
    pairs.push(`${URL_KEYS[name]}=${value === null ? '' : encodeURIComponent(String(value)).replaceAll('%2C', ',')}`);
  }
  if (!state.autostart) pairs.push('autostart=0');
  if (state.hide.length > 0) pairs.push(`hide=${state.hide.map(encodeURIComponent).join(',')}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
