/**
 * `<sparsewatch-histogram>`: the histogram of log2|w| split by sign, with zeros, subnormals
 * and non-finite values as bars of their own; with run B, its bars outlined over run A's on
 * the same axes. It takes snapshots through properties (the mediator sets them at most once
 * per animation frame, either the latest or, while the user scrubs, an earlier step's),
 * reshapes its series in place and asks its ChartController for a redraw. Colours come from
 * the theme's custom properties (the controller rebuilds the chart when the scheme changes).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Snapshot } from '../engine/types.ts';
import { histogramConfig, type HistogramColours } from './charts/histogram-chart.ts';
import { ChartController } from './controllers/chart-controller.ts';
import { emptySeries, shapeHistogram } from './histogram-data.ts';
import { formatCount, formatFraction, summarise } from './snapshot-summary.ts';
import { figureStyles, panelStyles, themeColour } from './theme.ts';

/** The rules of the runs shown, for the legend and the heading; b is null without run B. */
export interface RunNames {
  a: string;
  b: string | null;
}

@customElement('sparsewatch-histogram')
export class SparsewatchHistogram extends LitElement {
  static override styles = [
    panelStyles,
    figureStyles,
    css`
      .plot {
        height: 22rem;
      }
      .past {
        color: var(--sw-accent);
      }
    `,
  ];

  @property({ attribute: false }) snapshot: Snapshot | null = null;
  /** Run B's snapshot of the same step, or null. */
  @property({ attribute: false }) compare: Snapshot | null = null;
  @property({ attribute: false }) runs: RunNames = { a: '', b: null };
  /** True while the snapshots are an earlier step's (the heatmap's scrubber). */
  @property({ type: Boolean }) past = false;

  private readonly _series = emptySeries();
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => histogramConfig(this._series, this._colours(), this.runs),
    // The legend names the runs: rebuilt when they change (rare: a rule change or a reset).
    { key: () => `${this.runs.a}|${this.runs.b}` },
  );

  /** The chart's canvas, for saving it as a PNG. */
  get canvas(): HTMLCanvasElement | null {
    return this._chart.canvas;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('snapshot') || changed.has('compare')) && this.snapshot) shapeHistogram(this.snapshot, this._series, this.compare);
  }

  protected override updated(): void {
    this._chart.requestDraw();
  }

  override render() {
    const step = this.snapshot?.step ?? 0;
    const zeroA = this.snapshot ? formatFraction(summarise(this.snapshot).zeroFraction) : 'unknown';
    const zeroB = this.compare ? formatFraction(summarise(this.compare).zeroFraction) : null;
    const label =
      `Histogram of log2 |w| at step ${step}: run A (${this.runs.a}) ${zeroA} exactly zero` +
      (zeroB === null ? '' : `; run B (${this.runs.b}) ${zeroB} exactly zero`);
    return html`<section>
      <h2>
        Weights by magnitude, step ${formatCount(step)}
        ${this.past ? html`<span class="past">(looking back: set the heatmap's scrubber to Live to follow)</span>` : nothing}
      </h2>
      <figure>
        <div class="plot">
          <canvas role="img" aria-label=${label}></canvas>
        </div>
        <figcaption>
          Each bar counts weights with 2<sup>k</sup> ≤ |w| &lt; 2<sup>k+1</sup>; negative weights on the left, mirrored. Exact
          zeros, subnormals, ±∞ and NaN have bars of their own. Heights are fractions of all weights.
          ${this.runs.b === null ? nothing : html`Run B's bars are the outlines, on the same axes.`}
        </figcaption>
      </figure>
    </section>`;
  }

  private _colours(): HistogramColours {
    return {
      negative: themeColour(this, '--sw-negative', '#cf5c36'),
      positive: themeColour(this, '--sw-positive', '#2f6fbd'),
      special: themeColour(this, '--sw-special', '#7a4fb3'),
      compare: themeColour(this, '--sw-fg', '#1b1f24'),
      text: themeColour(this, '--sw-fg', '#1b1f24'),
      grid: themeColour(this, '--sw-grid', 'rgba(0, 0, 0, 0.1)'),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-histogram': SparsewatchHistogram;
  }
}
