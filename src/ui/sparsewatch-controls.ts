/**
 * `<sparsewatch-controls>`: the training form. The problem, its size and seed; run A's rule
 * and strengths; run B's (or off); η, steps per run and ε; and Start / Pause / Step / Reset.
 * Each is a real, labelled form control. It owns what is typed (re-rendering a value the
 * user is halfway through typing would fight them): values come down only when the
 * mediator replaces `values` (from the URL, or a loaded checkpoint), and every change goes
 * up unchecked as `settings-input`; the mediator validates and hands back the error to
 * show, if any. Buttons send `train-command`. It never touches an engine.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RULE_NAMES, type RuleName } from '../engine/types.ts';
import { emit, type TrainCommand } from './events.ts';
import { SHORTCUTS } from './keyboard.ts';
import { PROBLEM_IDS, PROBLEMS } from './problems.ts';
import { COMPARE_OFF, COMPARE_RULES, defaultDraft, fieldInUse, RULE_LABELS, type CompareRule, type SettingsDraft, type SettingsField } from './settings.ts';
import { panelStyles } from './theme.ts';

/** The error to show: the field it names (a form field id) and the whole message. */
export interface FieldError {
  field: string;
  message: string;
}

type NumberField = Exclude<SettingsField, 'problem' | 'rule' | 'ruleB'>;

interface NumberSpec {
  id: NumberField;
  label: string;
  hint: string;
  integer?: boolean;
}

const PROBLEM_FIELDS: NumberSpec[] = [
  { id: 'size', label: 'Weights per run', hint: 'Empty: 1,048,576 on WebGPU, 65,536 on the CPU. Applies on Reset.', integer: true },
  { id: 'seed', label: 'Seed', hint: 'Every run starts from the same draw. Applies on Reset.', integer: true },
];
const RUN_A_FIELDS: NumberSpec[] = [
  { id: 'l1', label: 'Run A λ1 (L1 strength)', hint: 'Each L1 step moves a weight by ηλ1.' },
  { id: 'l2', label: 'Run A λ2 (L2 strength)', hint: 'Used by L2; with an L1 rule, λ2 > 0 makes elastic net.' },
];
const RUN_B_FIELDS: NumberSpec[] = [
  { id: 'l1B', label: 'Run B λ1 (L1 strength)', hint: 'Each L1 step moves a weight by ηλ1.' },
  { id: 'l2B', label: 'Run B λ2 (L2 strength)', hint: 'Used by L2; with an L1 rule, λ2 > 0 makes elastic net.' },
];
const SHARED_FIELDS: NumberSpec[] = [
  { id: 'lr', label: 'Learning rate η', hint: 'The notebook takes η = 1. Shared by both runs.' },
  { id: 'runSteps', label: 'Steps per run', hint: '0 runs until paused.', integer: true },
  { id: 'epsilon', label: 'Near-zero ε', hint: 'Counted from the bins as |w| < the power of two at or below ε.' },
];
const NUMBER_FIELDS = [...PROBLEM_FIELDS, ...RUN_A_FIELDS, ...RUN_B_FIELDS, ...SHARED_FIELDS];

const COMPARE_LABELS: Readonly<Record<CompareRule, string>> = { [COMPARE_OFF]: 'off (run A only)', ...RULE_LABELS };

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
  /** What a Reset would change that the running session does not have yet (size, seed, run B on or off), or null. */
  @property({ attribute: false }) pendingReset: string | null = null;

  /** The rules selected, which decide the fields that are disabled. */
  @state() private _rules: Pick<SettingsDraft, 'rule' | 'ruleB'> = { rule: this.values.rule, ruleB: this.values.ruleB };

  override render() {
    return html`<section>
      <h2>Training</h2>
      <form @input=${this._onInput} @submit=${(e: Event) => e.preventDefault()} novalidate>
        <fieldset>
          <legend>Problem</legend>
          ${this._select('problem', 'Problem', PROBLEM_IDS, (id) => PROBLEMS[id].label)} ${PROBLEM_FIELDS.map((f) => this._numberField(f))}
        </fieldset>
        <fieldset>
          <legend>Run A</legend>
          ${this._select('rule', 'Run A rule', RULE_NAMES, (r: RuleName) => RULE_LABELS[r])} ${RUN_A_FIELDS.map((f) => this._numberField(f))}
        </fieldset>
        <fieldset>
          <legend>Run B, side by side</legend>
          ${this._select('ruleB', 'Run B rule', COMPARE_RULES, (r: CompareRule) => COMPARE_LABELS[r])}
          <span class="hint">Same seed and starting weights as run A, stepped in lockstep. Turning it on or off applies on Reset.</span>
          ${RUN_B_FIELDS.map((f) => this._numberField(f))}
        </fieldset>
        <fieldset>
          <legend>Both runs</legend>
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
    if (changed.has('values')) this._rules = { rule: this.values.rule, ruleB: this.values.ruleB };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('values')) this._writeValues();
  }

  private _button(command: TrainCommand, text: string, disabled: boolean) {
    return html`<button type="button" ?disabled=${disabled} aria-keyshortcuts=${SHORTCUTS[command]} @click=${() => emit(this, 'train-command', command)}>
      ${text}
    </button>`;
  }

  private _select<T extends string>(id: 'problem' | 'rule' | 'ruleB', label: string, options: readonly T[], text: (option: T) => string) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select id=${id} name=${id} aria-invalid=${this.error?.field === id ? 'true' : 'false'} aria-describedby="settings-error">
        ${options.map((option) => html`<option value=${option}>${text(option)}</option>`)}
      </select>
    </div>`;
  }

  private _numberField({ id, label, hint, integer }: NumberSpec) {
    const disabled = !fieldInUse(this._rules, id);
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${id}
        type="number"
        inputmode=${integer ? 'numeric' : 'decimal'}
        min=${id === 'size' ? '1' : '0'}
        step=${integer ? '1' : 'any'}
        placeholder=${id === 'size' ? 'default' : nothing}
        ?disabled=${disabled}
        aria-invalid=${this.error?.field === id ? 'true' : 'false'}
        aria-describedby="${id}-hint settings-error"
      />
      <span class="hint" id="${id}-hint">${disabled ? 'Not used by this rule (sent as 0).' : hint}</span>
    </div>`;
  }

  private _writeValues(): void {
    const root = this.renderRoot;
    for (const id of ['problem', 'rule', 'ruleB'] as const) {
      const select = root.querySelector<HTMLSelectElement>(`#${id}`);
      if (select) select.value = this.values[id];
    }
    for (const { id } of NUMBER_FIELDS) {
      const input = root.querySelector<HTMLInputElement>(`#${id}`);
      const value = this.values[id];
      if (input) input.value = value === null || Number.isNaN(value) ? '' : String(value);
    }
  }

  /** The form's current values; an unparsable number field reads as NaN, an empty size as null. */
  readDraft(): SettingsDraft {
    const root = this.renderRoot;
    const input = (id: NumberField) => root.querySelector<HTMLInputElement>(`#${id}`);
    const number = (id: NumberField) => input(id)?.valueAsNumber ?? NaN;
    const select = <T extends string>(id: 'problem' | 'rule' | 'ruleB') => (root.querySelector<HTMLSelectElement>(`#${id}`)?.value ?? this.values[id]) as T;
    // An empty size means the engine's default; text a number input cannot read is also
    // empty to script, but then the browser marks the input as bad.
    const sizeInput = input('size');
    const size = sizeInput && sizeInput.value === '' && !sizeInput.validity.badInput ? null : number('size');
    return {
      problem: select('problem'),
      size,
      seed: number('seed'),
      rule: select('rule'),
      lr: number('lr'),
      l1: number('l1'),
      l2: number('l2'),
      ruleB: select('ruleB'),
      l1B: number('l1B'),
      l2B: number('l2B'),
      runSteps: number('runSteps'),
      epsilon: number('epsilon'),
    };
  }

  private _onInput(): void {
    const draft = this.readDraft();
    this._rules = { rule: draft.rule, ruleB: draft.ruleB };
    emit(this, 'settings-input', draft);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-controls': SparsewatchControls;
  }
}
