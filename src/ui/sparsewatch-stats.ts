/**
 * `<sparsewatch-stats>`: the numbers beside the histogram as text (exact zeros, near zeros,
 * what became or left zero in the last reported step, the norms, step and steps/s), one
 * column per run. Values come down as properties and are formatted by snapshot-summary.ts;
 * nothing is computed here but the near-zero count's share.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Snapshot } from '../engine/types.ts';
import { binEdgeBelow } from '../problems/near-zero.ts';
import { nearZeroFraction } from './metrics-history.ts';
import { itemsChanged } from './property-changes.ts';
import { formatCount, formatFraction, formatNumber, formatRate, summarise } from './snapshot-summary.ts';
import { panelStyles, tableStyles } from './theme.ts';

/** One run's column. */
export interface StatsRun {
  /** "Run 1 (l1-prox)". */
  name: string;
  snapshot: Snapshot | null;
  /**
   * The latest snapshot that came with a step. Usually the same as `snapshot`; after a pause
   * `snapshot` may be statistics-only, which has no became/left-zero counts of its own.
   */
  stepped: Snapshot | null;
}

@customElement('sparsewatch-stats')
export class SparsewatchStats extends LitElement {
  static override styles = [
    panelStyles,
    tableStyles,
    css`
      table {
        width: 100%;
      }
      th[scope='row'] {
        color: var(--sw-muted);
        font-weight: normal;
      }
      p {
        margin: 0.3rem 0 0;
      }
    `,
  ];

  /** Compared run by run (a new array of the same snapshots is no change). */
  @property({ attribute: false, hasChanged: itemsChanged }) runs: StatsRun[] = [];
  /** Steps per second, or null when not running. */
  @property({ attribute: false }) stepsPerSecond: number | null = null;
  /** Snapshots the engines skipped because every staging buffer was busy. */
  @property({ type: Number }) droppedSnapshots = 0;
  @property({ type: Number }) epsilon = 1e-3;

  override render() {
    const first = this.runs[0]?.snapshot;
    if (!first) return html`<section><h2>Statistics</h2><p>Waiting for the first snapshot…</p></section>`;
    const step = first.step;
    const row = (label: string, cell: (run: StatsRun, s: Snapshot) => unknown) =>
      html`<tr>
        <th scope="row">${label}</th>
        ${this.runs.map((run) => html`<td>${run.snapshot ? cell(run, run.snapshot) : '—'}</td>`)}
      </tr>`;
    const changed = (run: StatsRun, key: 'becameZero' | 'leftZero') => {
      const t = run.stepped ? summarise(run.stepped) : null;
      return t ? `${formatCount(t[key])} in step ${formatCount(t.step)}` : '—';
    };
    return html`<section>
      <h2>Statistics</h2>
      <p>Step <strong data-step=${step}>${formatCount(step)}</strong>, ${formatRate(this.stepsPerSecond)} steps/s</p>
      <table>
        <thead>
          <tr>
            <td></td>
            ${this.runs.map((run) => html`<th scope="col">${run.name}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${row('Exactly zero', (run, s) => {
            const z = summarise(s);
            return html`<span data-zero=${run === this.runs[0] ? z.zero : nothing}>${formatCount(z.zero)} (${formatFraction(z.zeroFraction)})</span>`;
          })}
          ${row(`|w| < ${formatNumber(binEdgeBelow(this.epsilon))}`, (_run, s) => formatFraction(nearZeroFraction(s, this.epsilon)))}
          ${row('Became zero', (run) => changed(run, 'becameZero'))} ${row('Left zero', (run) => changed(run, 'leftZero'))}
          ${row('Subnormal', (_run, s) => formatCount(summarise(s).subnormal))}
          ${row('NaN / ±∞', (_run, s) => `${formatCount(summarise(s).nan)} / ${formatCount(summarise(s).infinite)}`)}
          ${row('‖w‖₁', (_run, s) => formatNumber(s.l1Norm))} ${row('‖w‖₂²', (_run, s) => formatNumber(s.l2NormSquared))}
        </tbody>
      </table>
      ${this.droppedSnapshots > 0 ? html`<p>Snapshots skipped: ${formatCount(this.droppedSnapshots)}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-stats': SparsewatchStats;
  }
}
