/**
 * `<sparsewatch-histogram>`: the live histogram of log2|w| split by sign, with zeros,
 * subnormals and non-finite values as bars of their own. It takes a snapshot through a
 * property (the mediator sets it at most once per animation frame), reshapes its series in
 * place and asks its ChartController for a redraw. Colours come from the theme's custom
 * properties and are re-read when the system colour scheme changes.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Snapshot } from '../engine/types.ts';
import { histogramConfig, type HistogramColours } from './charts/histogram-chart.ts';
import { ChartController } from './controllers/chart-controller.ts';
import { emptySeries, shapeHistogram } from './histogram-data.ts';
import { formatFraction, summarise } from './snapshot-summary.ts';
import { panelStyles } from './theme.ts';

const DARK = '(prefers-color-scheme: dark)';

@customElement('sparsewatch-histogram')
export class SparsewatchHistogram extends LitElement {
  static override styles = [
    panelStyles,
    css`
      .plot {
        position: relative;
        height: 22rem;
      }
      figure {
        margin: 0;
      }
      figcaption {
        color: var(--sw-muted);
        font-size: 0.9em;
        margin-top: 0.4rem;
      }
    `,
  ];

  @property({ attribute: false }) snapshot: Snapshot | null = null;

  private readonly _series = emptySeries();
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () => histogramConfig(this._series, this._colours()),
  );
  private readonly _scheme = globalThis.matchMedia?.(DARK);
  private readonly _onSchemeChange = () => this._chart.rebuild();

  override connectedCallback(): void {
    super.connectedCallback();
    this._scheme?.addEventListener('change', this._onSchemeChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._scheme?.removeEventListener('change', this._onSchemeChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('snapshot') && this.snapshot) shapeHistogram(this.snapshot, this._series);
  }

  protected override updated(): void {
    this._chart.requestDraw();
  }

  override render() {
    const zero = this.snapshot ? formatFraction(summarise(this.snapshot).zeroFraction) : 'unknown';
    const step = this.snapshot?.step ?? 0;
    return html`<section>
      <h2>Weights by magnitude</h2>
      <figure>
        <div class="plot">
          <canvas role="img" aria-label="Histogram of log2 |w| at step ${step}: ${zero} of weights exactly zero"></canvas>
        </div>
        <figcaption>
          Each bar counts weights with 2<sup>k</sup> ≤ |w| &lt; 2<sup>k+1</sup>; negative weights on the left, mirrored. Exact
          zeros, subnormals, ±∞ and NaN have bars of their own. Heights are fractions of all weights.
        </figcaption>
      </figure>
    </section>`;
  }

  private _colours(): HistogramColours {
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      negative: read('--sw-negative', '#cf5c36'),
      positive: read('--sw-positive', '#2f6fbd'),
      special: read('--sw-special', '#7a4fb3'),
      text: read('--sw-fg', '#1b1f24'),
      grid: read('--sw-grid', 'rgba(0, 0, 0, 0.1)'),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-histogram': SparsewatchHistogram;
  }
}
