/**
 * `<sparsewatch-stats>`: the numbers beside the histogram as text (exact zeros, what
 * became or left zero in the last reported step, the norms, step and steps/s). Values come
 * down as properties and are formatted by snapshot-summary.ts; nothing is computed here.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Snapshot } from '../engine/types.ts';
import { formatCount, formatFraction, formatNumber, formatRate, summarise } from './snapshot-summary.ts';
import { panelStyles } from './theme.ts';

@customElement('sparsewatch-stats')
export class SparsewatchStats extends LitElement {
  static override styles = [
    panelStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--sw-muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) snapshot: Snapshot | null = null;
  /**
   * The latest snapshot that came with a step. Usually the same as `snapshot`; after a pause
   * `snapshot` may be statistics-only, which has no became/left-zero counts of its own.
   */
  @property({ attribute: false }) stepped: Snapshot | null = null;
  /** Steps per second, or null when not running. */
  @property({ attribute: false }) stepsPerSecond: number | null = null;
  /** Snapshots the engine skipped because every staging buffer was busy. */
  @property({ type: Number }) droppedSnapshots = 0;

  override render() {
    if (!this.snapshot) return html`<section><h2>Statistics</h2><p>Waiting for the first snapshot…</p></section>`;
    const s = summarise(this.snapshot);
    const t = this.stepped ? summarise(this.stepped) : null;
    return html`<section>
      <h2>Statistics</h2>
      <dl>
        <dt>Step</dt>
        <dd data-step=${s.step}>${formatCount(s.step)}</dd>
        <dt>Steps/s</dt>
        <dd>${formatRate(this.stepsPerSecond)}</dd>
        <dt>Exactly zero</dt>
        <dd data-zero=${s.zero}>${formatCount(s.zero)} of ${formatCount(s.paramCount)} (${formatFraction(s.zeroFraction)})</dd>
        <dt>Became zero</dt>
        <dd>${t ? `${formatCount(t.becameZero)} in step ${formatCount(t.step)}` : '—'}</dd>
        <dt>Left zero</dt>
        <dd>${t ? `${formatCount(t.leftZero)} in step ${formatCount(t.step)}` : '—'}</dd>
        <dt>Subnormal</dt>
        <dd>${formatCount(s.subnormal)}</dd>
        <dt>NaN / ±∞</dt>
        <dd>${formatCount(s.nan)} / ${formatCount(s.infinite)}</dd>
        <dt>‖w‖₁</dt>
        <dd>${formatNumber(s.l1Norm)}</dd>
        <dt>‖w‖₂²</dt>
        <dd>${formatNumber(s.l2NormSquared)}</dd>
        ${this.droppedSnapshots > 0
          ? html`<dt>Snapshots skipped</dt>
              <dd>${formatCount(this.droppedSnapshots)}</dd>`
          : nothing}
      </dl>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-stats': SparsewatchStats;
  }
}
