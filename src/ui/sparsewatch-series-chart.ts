/**
 * `<sparsewatch-series-chart>`: one metric over steps as a line chart, one line per run
 * and measure (the exact-zero and near-zero fractions, the losses, support F1, ‖w‖₁). The
 * mediator hands down the metric histories (metrics-history.ts) and, at most once per
 * animation frame, the sum of their versions; when that or the lines changed, this element
 * copies the rows into the point arrays its chart holds, in place, and asks its
 * ChartController for a redraw. A chart whose histories did not move (the losses, measured
 * every few snapshots) is not redrawn. The histories are never given to Chart.js itself:
 * Chart.js hooks the arrays it is given, and a history grows between frames (and without
 * any frames at all in a hidden tab).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { seriesConfig, type SeriesLine } from './charts/series-chart.ts';
import { ChartController } from './controllers/chart-controller.ts';
import type { DigitsKey, DigitsRow } from './digits-rows.ts';
import { toPoints, type MeasureKey, type MeasureRow, type MetricKey, type MetricRow, type Point } from './metrics-history.ts';
import { itemsChanged } from './property-changes.ts';
import { formatFraction, formatNumber } from './snapshot-summary.ts';
import { figureStyles, panelStyles, themeColour } from './theme.ts';

export interface LineInput {
  label: string;
  rows: readonly (MetricRow | MeasureRow | DigitsRow)[];
  key: MetricKey | MeasureKey | DigitsKey;
  /** A theme token, such as --sw-run-1. */
  colour: string;
  dashed: boolean;
}

@customElement('sparsewatch-series-chart')
export class SparsewatchSeriesChart extends LitElement {
  static override styles = [
    panelStyles,
    figureStyles,
    css`
      .plot {
        height: 14rem;
      }
    `,
  ];

  @property() heading = '';
  @property({ attribute: 'y-title' }) yTitle = '';
  /** `fraction` draws 0 to 100%; `value` from 0 up to the data. */
  @property() kind: 'fraction' | 'value' = 'value';
  @property() caption = '';
  /** Compared line by line (a new array of the same lines is no change); the rows by identity. */
  @property({ attribute: false, hasChanged: itemsChanged }) lines: LineInput[] = [];
  /** The sum of the lines' histories' versions: changes when any of them has new rows. */
  @property({ type: Number }) version = 0;

  private _points: Point[][] = [];
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () =>
      seriesConfig(this._seriesLines(), {
        y: this.yTitle,
        kind: this.kind,
        text: themeColour(this, '--sw-fg', '#1b1f24'),
        grid: themeColour(this, '--sw-grid', 'rgba(0, 0, 0, 0.1)'),
        format: this.kind === 'fraction' ? (y) => `${Math.round(y * 1000) / 10}%` : (y) => String(Number(y.toPrecision(4))),
      }),
    // A line added, removed or renamed (run B on or off, a rule change) rebuilds the chart.
    { key: () => this.lines.map((l) => `${l.label}/${l.colour}/${l.dashed}`).join('|') },
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('lines') && !changed.has('version')) return;
    this._points.length = this.lines.length;
    this.lines.forEach((line, i) => {
      this._points[i] = toPoints(line.rows, line.key, this._points[i] ?? []);
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('lines') || changed.has('version')) this._chart.requestDraw();
  }

  override render() {
    const format = this.kind === 'fraction' ? formatFraction : formatNumber;
    const latest = this.lines
      .map((line) => {
        const y = this._points[this.lines.indexOf(line)]?.at(-1)?.y;
        return `${line.label}: ${y === undefined ? 'no data yet' : format(y)}`;
      })
      .join('; ');
    return html`<section>
      <h2>${this.heading}</h2>
      <figure>
        <div class="plot"><canvas role="img" aria-label="${this.heading} over steps. Latest: ${latest}"></canvas></div>
        ${this.caption ? html`<figcaption>${this.caption}</figcaption>` : nothing}
      </figure>
    </section>`;
  }

  private _seriesLines(): SeriesLine[] {
    return this.lines.map((line, i) => ({
      label: line.label,
      points: (this._points[i] ??= []),
      colour: themeColour(this, line.colour, '#0969da'),
      dashed: line.dashed,
    }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-series-chart': SparsewatchSeriesChart;
  }
}
