/**
 * `<sparsewatch-controls>`: the training form. Rule selector, η, λ1, λ2, steps per run, and
 * Start / Pause / Step / Reset, each a real, labelled form control. It owns what is typed
 * (re-rendering a value the user is halfway through typing would fight them) and sends
 * every change up unchecked as `settings-input`; the mediator validates and hands back the
 * error to show, if any. Buttons send `train-command`. It never touches an engine.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { RULE_NAMES, type RuleName } from '../engine/types.ts';
import { emit, type TrainCommand } from './events.ts';
import { defaultDraft, RULE_LABELS, usesStrength, type SettingsDraft } from './settings.ts';
import { panelStyles } from './theme.ts';

/** The error to show: the field it names (a form field id) and the whole message. */
export interface FieldError {
  field: string;
  message: string;
}

const NUMBER_FIELDS = [
  { id: 'lr', label: 'Learning rate η', hint: 'The notebook takes η = 1.' },
  { id: 'l1', label: 'λ1 (L1 strength)', hint: 'Used by the L1 rules; each step moves a weight by ηλ1.' },
  { id: 'l2', label: 'λ2 (L2 strength)', hint: 'Used by L2; with an L1 rule, λ2 > 0 makes elastic net.' },
  { id: 'runSteps', label: 'Steps per run', hint: '0 runs until paused.' },
] as const;

type NumberField = (typeof NUMBER_FIELDS)[number]['id'];

@customElement('sparsewatch-controls')
export class SparsewatchControls extends LitElement {
  static override styles = [
    panelStyles,
    css`
      form {
        display: grid;
        gap: 0.6rem;
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
      .hint {
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
    `,
  ];

  /** Whether a run is in progress (Start and Step are then disabled, Pause enabled). */
  @property({ type: Boolean }) running = false;
  /** False until there is an engine, and while a reset is in progress. */
  @property({ type: Boolean }) ready = false;
  /** The last input's problem, or null; the run keeps its last good settings meanwhile. */
  @property({ attribute: false }) error: FieldError | null = null;

  @state() private _rule: RuleName = defaultDraft().rule;
  /** Initial values only: rendered once as default values, never re-bound while typing. */
  private readonly _initial: SettingsDraft = defaultDraft();

  override render() {
    return html`<section>
      <h2>Training</h2>
      <form @input=${this._onInput} @submit=${(e: Event) => e.preventDefault()} novalidate>
        <div class="field">
          <label for="rule">Rule</label>
          <select id="rule" name="rule" aria-describedby="settings-error">
            ${RULE_NAMES.map((rule) => html`<option value=${rule} ?selected=${rule === this._initial.rule}>${RULE_LABELS[rule]}</option>`)}
          </select>
        </div>
        ${NUMBER_FIELDS.map(({ id, label, hint }) => this._numberField(id, label, hint))}
        <p id="settings-error" class="error" role="alert">${this.error ? this.error.message : nothing}</p>
        <div class="buttons">
          <button type="button" ?disabled=${!this.ready || this.running} @click=${() => this._command('start')}>Start</button>
          <button type="button" ?disabled=${!this.running} @click=${() => this._command('pause')}>Pause</button>
          <button type="button" ?disabled=${!this.ready || this.running} @click=${() => this._command('step')}>Step</button>
          <button type="button" ?disabled=${!this.ready} @click=${() => this._command('reset')}>Reset weights</button>
        </div>
      </form>
    </section>`;
  }

  private _numberField(id: NumberField, label: string, hint: string) {
    const disabled = (id === 'l1' || id === 'l2') && !usesStrength(this._rule, id);
    const isInteger = id === 'runSteps';
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${id}
        type="number"
        inputmode=${isInteger ? 'numeric' : 'decimal'}
        min="0"
        step=${isInteger ? '1' : 'any'}
        value=${String(this._initial[id])}
        ?disabled=${disabled}
        aria-invalid=${this.error?.field === id ? 'true' : 'false'}
        aria-describedby="${id}-hint settings-error"
      />
      <span class="hint" id="${id}-hint">${disabled ? `Not used by this rule (sent as 0).` : hint}</span>
    </div>`;
  }

  /** The form's current values; an empty or unparsable number field reads as NaN. */
  readDraft(): SettingsDraft {
    const root = this.renderRoot;
    const number = (id: NumberField) => root.querySelector<HTMLInputElement>(`#${id}`)?.valueAsNumber ?? NaN;
    const rule = (root.querySelector<HTMLSelectElement>('#rule')?.value ?? this._rule) as RuleName;
    return { rule, lr: number('lr'), l1: number('l1'), l2: number('l2'), runSteps: number('runSteps') };
  }

  private _onInput(): void {
    const draft = this.readDraft();
    this._rule = draft.rule;
    emit(this, 'settings-input', draft);
  }

  private _command(command: TrainCommand): void {
    emit(this, 'train-command', command);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-controls': SparsewatchControls;
  }
}
