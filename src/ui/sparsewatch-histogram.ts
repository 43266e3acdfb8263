/**
 * `<sparsewatch-histogram>`: one run's histogram of log2|w| split by sign, with zeros,
 * subnormals and non-finite values as bars of their own. The mediator shows one per run,
 * side by side, each with the window of exponents all of them share, so their axes are the
 * same. It takes a snapshot through a property (set at most once per animation frame, either
 * the latest or, while the user scrubs, an earlier step's), reshapes its series in place and
 * asks its ChartController for a redraw. Colours come from the theme's custom properties
 * (the controller rebuilds the chart when the scheme changes).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Snapshot } from '../engine/types.ts';
import { histogramConfig, type HistogramColours } from './charts/histogram-chart.ts';
import { ChartController } from './controllers/chart-controller.ts';
import { emptySeries, shapeHistogram, type ExponentWindow } from './histogram-data.ts';
import { shallowChanged } from './property-changes.ts';
import { formatCount, formatFraction, summarise } from './snapshot-summary.ts';
import { figureStyles, panelStyles, themeColour } from './theme.ts';

@customElement('sparsewatch-histogram')
export class SparsewatchHistogram extends LitElement {
  static override styles = [
    panelStyles,
    figureStyles,
    css`
      .plot {
        height: 15rem;
      }
      .past {
        color: var(--sw-accent);
      }
    `,
  ];

  @property({ attribute: false }) snapshot: Snapshot | null = null;
  /** "Run 1 (l1-prox)". */
  @property() name = '';
  /** The exponents every run's histogram covers (null: this run's own). */
  @property({ attribute: false, hasChanged: shallowChanged }) window: ExponentWindow | null = null;
  /** True while the snapshot is an earlier step's (the heatmap's scrubber). */
  @property({ type: Boolean }) past = false;

  private readonly _series = emptySeries();
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => histogramConfig(this._series, this._colours()),
  );

  /** The chart's canvas, for saving it as a PNG (after `flush`). */
  get canvas(): HTMLCanvasElement | null {
    return this._chart.canvas;
  }

  /** Draws now what is waiting to be drawn (off screen, or for the next frame). */
  flush(): void {
    this._chart.flush();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('snapshot') || changed.has('window')) && this.snapshot) shapeHistogram(this.snapshot, this._series, this.window);
  }

  protected override updated(): void {
    this._chart.requestDraw();
  }

  override render() {
    const step = this.snapshot?.step ?? 0;
    const zero = this.snapshot ? formatFraction(summarise(this.snapshot).zeroFraction) : 'unknown';
    return html`<section>
      <h2>
        ${this.name}, step ${formatCount(step)}: ${zero} exactly zero
        ${this.past ? html`<span class="past">(looking back)</span>` : nothing}
      </h2>
      <figure>
        <div class="plot">
          <canvas role="img" aria-label="Histogram of log2 |w| of ${this.name} at step ${step}: ${zero} exactly zero"></canvas>
        </div>
      </figure>
    </section>`;
  }

  private _colours(): HistogramColours {
    return {
      negative: themeColour(this, '--sw-negative', '#cf5c36'),
      positive: themeColour(this, '--sw-positive', '#2f6fbd'),
      special: themeColour(this, '--sw-special', '#7a4fb3'),
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
