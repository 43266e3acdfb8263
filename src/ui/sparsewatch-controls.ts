/**
 * `<sparsewatch-controls>`: the training form. The problem (its size, data and seed, or the
 * digits network's hidden layers and loss); up to
 * five runs, each a rule and its strengths (run 1 always on, the others on unless `off`;
 * one more slot than those in use is shown, to add a run); η, steps per run and ε; and
 * Start / Pause / Step / Reset. Each is a real, labelled form control. It owns what is typed
 * (re-rendering a value the user is halfway through typing would fight them): values come
 * down only when the mediator replaces `values` (from the URL, a problem switch, or a loaded
 * file), and every change goes up unchecked as `settings-input`; the mediator validates and
 * hands back the error to show, if any. Buttons send `train-command`. It never touches an
 * engine.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RULE_NAMES, type RuleName } from '../engine/types.ts';
import { emit, type TrainCommand } from './events.ts';
import { SHORTCUTS } from './keyboard.ts';
import { PROBLEM_IDS, PROBLEMS, type ProblemId } from './problems.ts';
import { DIGITS_LOSSES, type DigitsLoss } from '../problems/digits/settings.ts';
import { defaultDraft, fieldInUse, RULE_LABELS, RUN_OFF, RUN_SLOTS, SLOT_RULES, type RunSlot, type SettingsDraft, type SettingsField, type SlotRule } from './settings.ts';
import { panelStyles } from './theme.ts';

/** The error to show: the field it names (a form field id) and the whole message. */
export interface FieldError {
  field: string;
  message: string;
}

type ChoiceField = 'problem' | 'loss' | `rule${RunSlot}`;
type NumberField = Exclude<SettingsField, ChoiceField | 'hidden'>;

interface NumberSpec {
  id: NumberField;
  label: string;
  hint: string;
  integer?: boolean;
}

const PROBLEM_FIELDS: NumberSpec[] = [
  { id: 'size', label: 'Weights per run', hint: 'Features d for regression. Empty: the default for the engine. Applies on Reset.', integer: true },
  { id: 'samples', label: 'Training samples n', hint: 'As many again are held out. Applies on Reset.', integer: true },
  { id: 'nonzeros', label: 'True nonzeros k', hint: 'Weights of the truth w* that are not 0. Applies on Reset.', integer: true },
  { id: 'noise', label: 'Noise σ', hint: 'Added to each target. Applies on Reset.' },
  { id: 'batch', label: 'Batch size', hint: 'Regression: 0 uses every sample each step. Digits: 1 to 8,192 digits a step. Applies on Reset.', integer: true },
  { id: 'seed', label: 'Seed', hint: 'Data and starting weights; every run starts from the same draw. Applies on Reset.', integer: true },
];
const SHARED_FIELDS: NumberSpec[] = [
  { id: 'lr', label: 'Learning rate η', hint: 'Empty: the suggested step (1 for the walkthrough, 1/L for regression). Shared by every run.' },
  { id: 'runSteps', label: 'Steps per run', hint: '0 runs until paused.', integer: true },
  { id: 'epsilon', label: 'Near-zero ε', hint: 'Counted from the bins as |w| < the power of two at or below ε.' },
];
const runFields = (slot: RunSlot): NumberSpec[] => [
  { id: `l1_${slot}`, label: `Run ${slot} λ1 (L1 strength)`, hint: 'Each L1 step moves a weight by ηλ1.' },
  { id: `l2_${slot}`, label: `Run ${slot} λ2 (L2 strength)`, hint: 'Used by L2; with an L1 rule, λ2 > 0 makes elastic net.' },
];
const NUMBER_FIELDS = [...PROBLEM_FIELDS, ...RUN_SLOTS.flatMap(runFields), ...SHARED_FIELDS];
const CHOICE_FIELDS: ChoiceField[] = ['problem', 'loss', ...RUN_SLOTS.map((slot) => `rule${slot}` as const)];
const LOSS_LABELS: Readonly<Record<DigitsLoss, string>> = { xent: 'softmax cross-entropy', mse: 'squared error (the notebook’s E0)' };

const SLOT_LABELS: Readonly<Record<SlotRule, string>> = { [RUN_OFF]: 'off', ...RULE_LABELS };

/** Slots shown: every one up to the last in use, and one more to add a run. */
export function shownSlots(draft: SettingsDraft): number {
  const last = Math.max(...RUN_SLOTS.filter((slot) => draft[`rule${slot}`] !== RUN_OFF));
  return Math.min(RUN_SLOTS.length, last + 1);
}

@customElement('sparsewatch-controls')
export class SparsewatchControls extends LitElement {
  static override styles = [
    panelStyles,
    css`
      form {
        display: grid;
        gap: 0.6rem;
      }
      fieldset {
        display: grid;
        gap: 0.5rem;
        border: 1px solid var(--sw-border);
        border-radius: 6px;
        margin: 0;
        padding: 0.4rem 0.6rem 0.6rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .field {
        display: grid;
        gap: 0.15rem;
      }
      label {
        font-weight: 600;
      }
      input,
      select {
        padding: 0.25rem 0.4rem;
        max-width: 20rem;
      }
      input:disabled {
        opacity: 0.55;
      }
      [aria-invalid='true'] {
        border-color: var(--sw-fail);
      }
      .hint,
      .keys {
        color: var(--sw-muted);
        font-size: 0.85em;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .error {
        color: var(--sw-fail);
        margin: 0;
      }
      .pending {
        margin: 0;
        color: var(--sw-accent);
      }
      kbd {
        font: inherit;
        border: 1px solid var(--sw-border);
        border-radius: 4px;
        padding: 0 0.25rem;
      }
    `,
  ];

  /** Whether a run is in progress (Start and Step are then disabled, Pause enabled). */
  @property({ type: Boolean }) running = false;
  /** False until there is an engine, and while a reset is in progress. */
  @property({ type: Boolean }) ready = false;
  /** The last input's problem, or null; the run keeps its last good settings meanwhile. */
  @property({ attribute: false }) error: FieldError | null = null;
  /** Values to put into the form; set when they come from elsewhere (URL, checkpoint), never while typing. */
  @property({ attribute: false }) values: SettingsDraft = defaultDraft();
  /** What a Reset would change that the running session does not have yet (size, seed, data, runs), or null. */
  @property({ attribute: false }) pendingReset: string | null = null;
  /** Whether a CSV has been loaded (its problem can then be picked). */
  @property({ type: Boolean }) csv = false;

  /** The form as last read, which decides the fields that are disabled and the slots shown. */
  @state() private _current: SettingsDraft = this.values;

  override render() {
    return html`<section>
      <h2>Training</h2>
      <form @input=${this._onInput} @submit=${(e: Event) => e.preventDefault()} novalidate>
        <fieldset>
          <legend>Problem</legend>
          ${this._select('problem', 'Problem', PROBLEM_IDS, (id: ProblemId) => PROBLEMS[id].label, (id) => id === 'csv' && !this.csv)}
          ${PROBLEM_FIELDS.map((f) => this._numberField(f))} ${this._hiddenField()}
          ${this._select('loss', 'Loss (digits)', DIGITS_LOSSES, (loss: DigitsLoss) => LOSS_LABELS[loss])}
        </fieldset>
        ${RUN_SLOTS.map(
          (slot) => html`<fieldset ?hidden=${slot > shownSlots(this._current)}>
            <legend>Run ${slot}</legend>
            ${this._select(`rule${slot}`, `Run ${slot} rule`, slot === 1 ? SLOT_RULES.slice(1) : SLOT_RULES, (r: SlotRule) => SLOT_LABELS[r])}
            ${runFields(slot).map((f) => this._numberField(f))}
          </fieldset>`,
        )}
        <p class="hint">Every run starts from the same weights and steps in lockstep; a rule or λ changes mid-run, turning a run on or off applies on Reset.</p>
        <fieldset>
          <legend>Every run</legend>
          ${SHARED_FIELDS.map((f) => this._numberField(f))}
        </fieldset>
        <p id="settings-error" class="error" role="alert">${this.error ? this.error.message : nothing}</p>
        ${this.pendingReset ? html`<p class="pending" role="status">${this.pendingReset}</p>` : nothing}
        <div class="buttons">
          ${this._button('start', 'Start', !this.ready || this.running)} ${this._button('pause', 'Pause', !this.running)}
          ${this._button('step', 'Step', !this.ready || this.running)} ${this._button('reset', 'Reset weights', !this.ready)}
        </div>
        <p class="keys">Keys: <kbd>Space</kbd> start or pause, <kbd>S</kbd> step, <kbd>R</kbd> reset.</p>
      </form>
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('values')) this._current = this.values;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('values')) this._writeValues();
  }

  private _button(command: TrainCommand, text: string, disabled: boolean) {
    return html`<button type="button" ?disabled=${disabled} aria-keyshortcuts=${SHORTCUTS[command]} @click=${() => emit(this, 'train-command', command)}>
      ${text}
    </button>`;
  }

  private _select<T extends string>(id: ChoiceField, label: string, options: readonly T[], text: (option: T) => string, disabled: (option: T) => boolean = () => false) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        name=${id}
        ?disabled=${!fieldInUse(this._current, id)}
        aria-invalid=${this.error?.field === id ? 'true' : 'false'}
        aria-describedby="settings-error"
      >
        ${options.map((option) => html`<option value=${option} ?disabled=${disabled(option)}>${text(option)}</option>`)}
      </select>
    </div>`;
  }

  private _numberField({ id, label, hint, integer }: NumberSpec) {
    const disabled = !fieldInUse(this._current, id);
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${id}
        type="number"
        inputmode=${integer ? 'numeric' : 'decimal'}
        min=${id === 'size' ? '1' : '0'}
        step=${integer ? '1' : 'any'}
        placeholder=${id === 'size' || id === 'lr' ? 'default' : nothing}
        ?disabled=${disabled}
        aria-invalid=${this.error?.field === id ? 'true' : 'false'}
        aria-describedby="${id}-hint settings-error"
      />
      <span class="hint" id="${id}-hint">${disabled ? 'Not used here (sent as 0 for a strength).' : hint}</span>
    </div>`;
  }

  /** The digits network's hidden widths: a list, so text. */
  private _hiddenField() {
    const disabled = !fieldInUse(this._current, 'hidden');
    return html`<div class="field">
      <label for="hidden">Hidden layers (digits)</label>
      <input
        id="hidden"
        name="hidden"
        type="text"
        autocomplete="off"
        spellcheck="false"
        ?disabled=${disabled}
        aria-invalid=${this.error?.field === 'hidden' ? 'true' : 'false'}
        aria-describedby="hidden-hint settings-error"
      />
      <span class="hint" id="hidden-hint"
        >${disabled
          ? 'Not used here.'
          : 'Widths separated by commas, e.g. 256 or 256,128 (multiples of 4); empty: none. The network sets the weights per run. Applies on Reset.'}</span
      >
    </div>`;
  }

  private _writeValues(): void {
    const root = this.renderRoot;
    const hidden = root.querySelector<HTMLInputElement>('#hidden');
    if (hidden) hidden.value = this.values.hidden;
    for (const id of CHOICE_FIELDS) {
      const select = root.querySelector<HTMLSelectElement>(`#${id}`);
      if (select) select.value = this.values[id];
    }
    for (const { id } of NUMBER_FIELDS) {
      const input = root.querySelector<HTMLInputElement>(`#${id}`);
      const value = this.values[id];
      if (input) input.value = value === null || Number.isNaN(value) ? '' : String(value);
    }
  }

  /** The form's current values; an unparsable number field reads as NaN, an empty size or η as null. */
  readDraft(): SettingsDraft {
    const root = this.renderRoot;
    const draft: Record<string, unknown> = { ...this.values };
    const hidden = root.querySelector<HTMLInputElement>('#hidden');
    if (hidden) draft['hidden'] = hidden.value;
    for (const id of CHOICE_FIELDS) {
      const select = root.querySelector<HTMLSelectElement>(`#${id}`);
      if (select) draft[id] = select.value;
    }
    for (const { id } of NUMBER_FIELDS) {
      const input = root.querySelector<HTMLInputElement>(`#${id}`);
      if (!input) continue;
      // Empty means the default for size and η; text a number input cannot read is also
      // empty to script, but then the browser marks the input as bad.
      const empty = input.value === '' && !input.validity.badInput;
      draft[id] = empty && (id === 'size' || id === 'lr') ? null : input.valueAsNumber;
    }
    return draft as SettingsDraft;
  }

  private _onInput(): void {
    const draft = this.readDraft();
    this._current = draft;
    emit(this, 'settings-input', draft);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-controls': SparsewatchControls;
  }
}
