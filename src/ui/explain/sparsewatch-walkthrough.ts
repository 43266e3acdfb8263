/**
 * `<sparsewatch-walkthrough>`: the notebook (seed/l1-vs-l2-notebook.md) step by step, its
 * equations typeset with KaTeX in its order and numbering; then the update rules with η made
 * explicit and the reader's η, λ1, λ2 and w0 put in, the one-step results and a step-by-step
 * table computed by the engine (notebook-equations.ts, notebook-example.ts), and the
 * walkthrough's caveats for those numbers; then one interactive figure per point where the
 * argument needs care (`<sparsewatch-caveat-figure>`, caveat-figures.ts).
 *
 * Self-contained: its own labelled controls, checked like every input of the app; it runs
 * CPU engines of its own (a few weights each) and never touches the app's.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ConfigError } from '../../engine/config-error.ts';
import { formatCount } from '../snapshot-summary.ts';
import { tableStyles } from '../theme.ts';
import { CAVEAT_FIGURES, caveatMessages } from './caveat-figures.ts';
import { explainStyles } from './explain-styles.ts';
import { checkFigureValues, type FigureField, type FigureValues } from './figure-fields.ts';
import { EXAMPLE_RUNS, exampleSteps, notebookExample, type ExampleRun, type NotebookExample } from './notebook-example.ts';
import { NOTEBOOK_TEX, notebookRegularisers, substitute, type NotebookInputs, type SubstitutedStep } from './notebook-equations.ts';
import { numberFields, readNumberFields } from './number-fields.ts';
import { katexStyles, tex } from './tex.ts';
import { f32Text } from './tex-number.ts';
import './sparsewatch-caveat-figure.ts';

const FIELDS: readonly FigureField[] = [
  { id: 'lr', label: 'Learning rate η', min: 0, max: 100, step: 'any', hint: 'The notebook takes η = 1.' },
  { id: 'l1', label: 'λ1 (L1 strength)', min: 0, max: 100, step: 'any' },
  { id: 'l2', label: 'λ2 (L2 strength)', min: 0, max: 100, step: 'any' },
  { id: 'w0', label: 'Starting weight w0', min: -1000, max: 1000, step: 'any', hint: 'The notebook argues for 0 < w0 < 1.' },
];
const DEFAULTS: FigureValues = { lr: 1, l1: 0.1, l2: 0.1, w0: 0.8 };
const PREFIX = 'notebook';

const COLUMN_TITLES: Readonly<Record<ExampleRun, string>> = { l1: 'sign step (eq. 3)', 'l1-prox': 'proximal L1', l2: 'L2 (eq. 4)' };

@customElement('sparsewatch-walkthrough')
export class SparsewatchWalkthrough extends LitElement {
  static override styles = [
    explainStyles,
    tableStyles,
    katexStyles,
    css`
      :host {
        margin-top: 1rem;
      }
      .tex-display {
        overflow-x: auto;
      }
      td,
      th {
        text-align: right;
      }
      td.zero {
        font-weight: 700;
        color: var(--sw-pass);
      }
      .figures {
        display: grid;
        gap: 1rem;
      }
    `,
  ];

  @state() private _step: SubstitutedStep | null = null;
  @state() private _example: NotebookExample | null = null;
  @state() private _caveats: string[] = [];
  /** The last input's problem (the field it names, if any); the page keeps the last good numbers meanwhile. */
  @state() private _error: { field: string | null; message: string } | null = null;
  /** Bumped per input, so a slower earlier example cannot overwrite a later one. */
  private _run = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this._update(DEFAULTS);
  }

  override render() {
    const T = NOTEBOOK_TEX;
    return html`<section aria-labelledby="walkthrough-heading">
      <h2 id="walkthrough-heading">The notebook's argument, step by step</h2>
      <p>
        This follows the notebook sparsewatch started from, equation for equation, then puts your numbers in. Every number on this
        part of the page comes from the engine's own update rule (the CPU engine, in f32), computed as you type.
      </p>

      <h3>1. An error, regularised two ways</h3>
      <p>The squared error of a hypothesis ${tex('h')} over ${tex('n')} samples:</p>
      ${tex(T.e0, true)}
      <p>Regularised once with L1 and once with L2, for ${tex(T.lambdaRange)}:</p>
      ${tex(T.e1, true)} ${tex(T.e2, true)}

      <h3>2. One gradient step on each</h3>
      <p>The superscript names the regulariser that produced the new value:</p>
      ${tex(T.gradientStepL1, true)} ${tex(T.gradientStepL2, true)}
      <p>which, differentiating the penalty, is</p>
      ${tex(T.eq1, true)} ${tex(T.eq2, true)}

      <h3>3. The update rules</h3>
      <p>
        The slope of ${tex('|w|')} is ${tex('+1')} for a positive weight and ${tex('-1')} for a negative one; the slope of
        ${tex('w^2/2')} is ${tex('w')}:
      </p>
      ${tex(T.eq3a, true)} ${tex(T.eq3b, true)} ${tex(T.eq4, true)}
      <p>
        At ${tex('w_i = 0')} the slope of ${tex('|w|')} is not defined; the engine takes ${tex('\\operatorname{sign}(0) = 0')}, no
        step, as WGSL's <code>sign</code> does.
      </p>

      <h3>4. The comparison</h3>
      <p>
        Take ${tex('w_i > 0')}, eqs. (3a) and (4). The data term ${tex('\\partial E_0/\\partial w_i')} is the same in both, so it
        is left out:
      </p>
      ${tex(T.effectiveL1, true)} ${tex(T.effectiveL2, true)}
      <p>L1 reduces the weight by ${tex('\\lambda')}, L2 by ${tex('\\lambda w_i')}, and</p>
      ${tex(T.inequality, true)}
      <p>
        so each update takes more off a positive weight under L1 than under L2: after a fixed number of updates the L1 weights are
        much closer to 0. That is the saying that L1's weights are sparse. L2 shrinks them too, but by an amount tied to the
        current value, so it slows as the weight does and never gets there. The case ${tex('w_i < 0')}, eqs. (3b) and (4), is the
        mirror image.
      </p>

      <h3>5. Your numbers, with the learning rate made explicit</h3>
      <p>The notebook's steps have a learning rate of 1. With a learning rate ${tex('\\eta')} they read</p>
      ${tex(T.etaL1, true)} ${tex(T.etaL2, true)}
      <form @input=${this._onInput} @submit=${(e: Event) => e.preventDefault()} novalidate aria-label="The walkthrough's numbers">
        ${numberFields(PREFIX, FIELDS, DEFAULTS, this._error?.field ?? null, `${PREFIX}-error`)}
      </form>
      <p class="error" id="${PREFIX}-error" role="alert">${this._error?.message ?? ''}</p>
      ${this._renderNumbers()}

      <h2>Where the argument needs care</h2>
      <p>Each figure runs the engine's update on its own numbers; change them and it runs again.</p>
      <div class="figures">${CAVEAT_FIGURES.map((figure) => html`<sparsewatch-caveat-figure .figure=${figure}></sparsewatch-caveat-figure>`)}</div>
    </section>`;
  }

  private _renderNumbers() {
    const step = this._step;
    if (!step) return nothing;
    return html`<p>One step from ${tex(`w_0 = ${f32Text(step.w0)}`)}, leaving out ${tex('\\partial E_0/\\partial w')} as the notebook does, as the engine computes it in f32:</p>
      <div data-substituted>${tex(step.l1, true)} ${tex(step.l2, true)}</div>
      ${this._renderExample()}
      ${this._caveats.length > 0
        ? html`<p>Where these numbers leave the notebook's assumptions:</p>
            <ul data-caveats>
              ${this._caveats.map((c) => html`<li>${c}</li>`)}
            </ul>`
        : html`<p>These numbers keep the notebook's assumptions: its argument holds as it stands.</p>`}`;
  }

  private _renderExample() {
    const example = this._example;
    if (!example) return html`<p role="status">Running the engine…</p>`;
    const { results, weights, steps } = example;
    const prox = results['l1-prox'];
    const sign = results.l1;
    const zeroAt = (step: number | null) => (step === null ? `is not exactly 0 within ${formatCount(steps)} steps` : `is exactly 0 at step ${formatCount(step)}`);
    return html`<p>
        Step by step, each rule a run of the walkthrough driver on its own CPU engine. Proximal L1 ${zeroAt(prox.stepToZero[0] ?? null)}; the notebook's count
        ${tex('\\lceil |w_0|/(\\eta\\lambda_1) \\rceil')} gives ${prox.predictedStepToZero[0] ?? 'never (ηλ1 = 0)'}. The sign step of eq. 3, taken literally,
        ${zeroAt(sign.stepToZero[0] ?? null)} and ends at ${f32Text(sign.finalWeights[0]!)}. L2 ends at ${f32Text(results.l2.finalWeights[0]!)}.
      </p>
      <table data-example>
        <caption>
          w after each step, from w0 = ${f32Text(weights.l1[0]!)}
        </caption>
        <thead>
          <tr>
            <th scope="col">step</th>
            ${EXAMPLE_RUNS.map((run) => html`<th scope="col">${COLUMN_TITLES[run]}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${weights.l1.map(
            (_, k) => html`<tr>
              <th scope="row">${k}</th>
              ${EXAMPLE_RUNS.map((run) => {
                const w = weights[run][k]!;
                return html`<td class=${w === 0 ? 'zero' : ''}>${f32Text(w)}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private _onInput(): void {
    this._update(readNumberFields(this.renderRoot, PREFIX, FIELDS));
  }

  /** Checks the numbers, puts them into the equations and runs the example; a bad value keeps the last good one on screen. */
  private _update(values: Record<string, number>): void {
    let inputs: NotebookInputs;
    try {
      const { lr, l1, l2, w0 } = checkFigureValues(FIELDS, values);
      inputs = { lr: lr!, l1: l1!, l2: l2!, w0: w0! };
      this._step = substitute(inputs);
      const regs = notebookRegularisers(inputs);
      this._caveats = caveatMessages([regs.l1, regs.l2], inputs.w0);
      this._error = null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._error = error;
      return;
    }
    const run = ++this._run;
    notebookExample(inputs, exampleSteps(this._step.stepsToZero)).then(
      (example) => {
        if (run === this._run) this._example = example;
      },
      (error: unknown) => {
        if (run === this._run) this._error = { field: null, message: `The engine could not run these numbers: ${(error as Error).message}` };
      },
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-walkthrough': SparsewatchWalkthrough;
  }
}
