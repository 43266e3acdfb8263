/**
 * `<sparsewatch-self-check>`: shows the self-check's state and one row per rule (pass or
 * fail, the largest weight and norm errors, and what went wrong). The mediator runs the
 * check and passes the state down; "Run again" is sent up as `self-check-request`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from './events.ts';
import { SELF_CHECK_CASES, SELF_CHECK_PARAMS, SELF_CHECK_STEPS, type SelfCheckResult } from './self-check.ts';
import { formatCount } from './snapshot-summary.ts';
import { panelStyles, tableStyles } from './theme.ts';

export type SelfCheckState =
  | { status: 'unavailable'; reason: string }
  | { status: 'running'; results: SelfCheckResult[] }
  | { status: 'done'; results: SelfCheckResult[] }
  | { status: 'error'; message: string; results: SelfCheckResult[] };

function formatError(x: number): string {
  if (Number.isNaN(x)) return '—';
  return x === 0 ? '0' : x.toExponential(1);
}

@customElement('sparsewatch-self-check')
export class SparsewatchSelfCheck extends LitElement {
  static override styles = [
    panelStyles,
    tableStyles,
    css`
      [data-result='pass'] .verdict {
        color: var(--sw-pass);
      }
      [data-result='fail'] .verdict,
      .error {
        color: var(--sw-fail);
      }
      .note {
        color: var(--sw-muted);
      }
    `,
  ];

  @property({ attribute: false }) state: SelfCheckState = { status: 'running', results: [] };

  override render() {
    const s = this.state;
    const failed = s.status !== 'unavailable' && s.results.some((r) => !r.pass);
    const summary =
      s.status === 'running'
        ? 'Running…'
        : s.status === 'done'
          ? failed
            ? 'Some rules disagree with the CPU reference.'
            : 'All rules agree with the CPU reference.'
          : s.status === 'error'
            ? s.message
            : s.reason;
    return html`<section data-state=${s.status} data-passed=${s.status === 'done' && !failed ? 'true' : 'false'}>
      <h2>Self-check: WebGPU against the CPU reference</h2>
      <p class="note">
        ${formatCount(SELF_CHECK_PARAMS)} weights (with ±0, NaN and ±∞ among them), ${SELF_CHECK_STEPS} steps per
        rule; counts must match exactly, weights and norms within 10⁻⁶ + 10⁻⁵·|x|.
      </p>
      <p class=${s.status === 'error' || failed ? 'error' : ''} role="status">${summary}</p>
      ${s.status === 'unavailable' ? nothing : this._table(s.results)}
      ${s.status === 'done' || s.status === 'error'
        ? html`<button type="button" @click=${() => emit(this, 'self-check-request', null)}>Run again</button>`
        : nothing}
    </section>`;
  }

  private _table(results: SelfCheckResult[]) {
    const byName = new Map(results.map((r) => [r.name, r]));
    return html`<table>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Result</th>
          <th scope="col">Max weight error</th>
          <th scope="col">Max norm error (rel.)</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        ${SELF_CHECK_CASES.map(({ name }) => {
          const r = byName.get(name);
          return html`<tr data-rule=${name} data-result=${r ? (r.pass ? 'pass' : 'fail') : 'pending'}>
            <th scope="row">${name}</th>
            <td class="verdict">${r ? (r.pass ? 'pass' : 'FAIL') : '…'}</td>
            <td>${r ? formatError(r.maxWeightError) : ''}</td>
            <td>${r ? formatError(r.maxNormError) : ''}</td>
            <td>${r?.problems.join('; ') ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-self-check': SparsewatchSelfCheck;
  }
}
