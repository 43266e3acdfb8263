/**
 * `<sparsewatch-time-to-zero>`: a table of the first few weights, each run's measured first
 * step at exactly zero beside the notebook's prediction ⌈|w0|/(ηλ1)⌉. The rows come down
 * ready-made (time-to-zero.ts); this element only lays them out.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatNumber } from './snapshot-summary.ts';
import type { ZeroRow } from './time-to-zero.ts';
import { panelStyles, tableStyles } from './theme.ts';

export interface ZeroTable {
  /** "Run 1 (l1-prox)". */
  name: string;
  rows: ZeroRow[];
}

function reached(row: ZeroRow): string {
  if (!row.reached) return Number.isNaN(row.latest) ? '—' : `not yet (w = ${formatNumber(row.latest)})`;
  const { from, to } = row.reached;
  return from === to ? `step ${formatCount(to)}` : `steps ${formatCount(from)}–${formatCount(to)}`;
}

function verdict(row: ZeroRow): 'match' | 'differs' | 'open' {
  if (!row.reached) return 'open';
  if (row.predicted === null) return 'differs';
  return row.reached.from <= row.predicted && row.predicted <= row.reached.to ? 'match' : 'differs';
}

@customElement('sparsewatch-time-to-zero')
export class SparsewatchTimeToZero extends LitElement {
  static override styles = [
    panelStyles,
    tableStyles,
    css`
      .tables {
        display: flex;
        flex-wrap: wrap;
        gap: 1.5rem;
      }
      th,
      td {
        text-align: right;
      }
      caption {
        text-align: left;
        font-weight: 600;
      }
      [data-verdict='match'] .measured {
        color: var(--sw-pass);
      }
      p {
        color: var(--sw-muted);
        font-size: 0.9em;
        margin: 0 0 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) tables: ZeroTable[] = [];

  override render() {
    return html`<section>
      <h2>Time to zero</h2>
      <p>
        The first weights of each run, read back whenever a snapshot arrives. The notebook predicts that L1 steps of ηλ1 take a
        weight w0 to zero after ⌈|w0|/(ηλ1)⌉ steps; with no L1 step (L2, none) it never gets there. Between two reads the step
        is known to a range.
      </p>
      <div class="tables">
        ${this.tables.map(
          (table) => html`<table>
            <caption>
              ${table.name}
            </caption>
            <thead>
              <tr>
                <th scope="col">i</th>
                <th scope="col">w0</th>
                <th scope="col">predicted</th>
                <th scope="col">reached 0</th>
              </tr>
            </thead>
            <tbody>
              ${table.rows.map(
                (row) => html`<tr data-verdict=${verdict(row)}>
                  <th scope="row">${row.index}</th>
                  <td>${Number.isNaN(row.w0) ? '—' : formatNumber(row.w0)}</td>
                  <td>${row.predicted === null ? 'never' : `step ${formatCount(row.predicted)}`}</td>
                  <td class="measured">${reached(row)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`,
        )}
        ${this.tables.length === 0 ? html`<p>Waiting for the first weights…</p>` : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-time-to-zero': SparsewatchTimeToZero;
  }
}
