/**
 * `<sparsewatch-scatter>`: each sampled weight of one run against the same weight of
 * another, read at the same step, with the true support in its own colour, and two selects
 * for which runs go on x and y (sent up as `scatter-runs`). A weight exactly 0 in a run lies
 * on that run's axis line. The mediator hands down a new sample about once a second while
 * training (scatter-data.ts says what is read); this element shapes it in place and asks its
 * ChartController for a redraw.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fitScatterAxes, scatterConfig } from './charts/scatter-chart.ts';
import { ChartController } from './controllers/chart-controller.ts';
import { emit } from './events.ts';
import type { Point } from './metrics-history.ts';
import { itemsChanged } from './property-changes.ts';
import { emptyScatter, shapeScatter, type ScatterSample } from './scatter-data.ts';
import { formatCount } from './snapshot-summary.ts';
import { figureStyles, panelStyles, themeColour } from './theme.ts';

@customElement('sparsewatch-scatter')
export class SparsewatchScatter extends LitElement {
  static override styles = [
    panelStyles,
    figureStyles,
    css`
      .plot {
        height: 20rem;
        max-width: 28rem;
      }
      .pick {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        margin-bottom: 0.5rem;
      }
      label {
        font-weight: 600;
        margin-right: 0.3rem;
      }
    `,
  ];

  /** The runs' names ("Run 1 (l1-prox)"), by index. */
  @property({ attribute: false, hasChanged: itemsChanged }) runs: string[] = [];
  /** Indices of the runs on x and y. */
  @property({ attribute: false, hasChanged: itemsChanged }) pair: [number, number] = [0, 1];
  @property({ attribute: false }) sample: ScatterSample | null = null;

  private readonly _series = emptyScatter();
  private readonly _diagonal: Point[] = [
    { x: -1, y: -1 },
    { x: 1, y: 1 },
  ];
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () =>
      scatterConfig(
        this._series,
        {
          off: themeColour(this, '--sw-muted', '#57606a'),
          support: themeColour(this, '--sw-special', '#7a4fb3'),
          diagonal: themeColour(this, '--sw-border', '#d0d7de'),
          text: themeColour(this, '--sw-fg', '#1b1f24'),
          grid: themeColour(this, '--sw-grid', 'rgba(0, 0, 0, 0.1)'),
        },
        { x: this.runs[this.pair[0]] ?? '', y: this.runs[this.pair[1]] ?? '' },
        this._diagonal,
      ),
    { key: () => `${this.runs[this.pair[0]]}|${this.runs[this.pair[1]]}` },
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
    if (changed.has('sample') && this.sample) shapeScatter(this.sample, this._series);
  }

  protected override updated(): void {
    const chart = this._chart.chart;
    if (chart) fitScatterAxes(chart, this._series.limit, this._diagonal);
    this._chart.requestDraw();
  }

  override render() {
    const sample = this.sample;
    const zeros = this._series.zeros;
    const x = this.runs[this.pair[0]] ?? '';
    const y = this.runs[this.pair[1]] ?? '';
    const summary = sample
      ? `Step ${formatCount(sample.step)}, ${formatCount(sample.x.length)} weights: ${formatCount(zeros.x)} exactly 0 in ${x}, ${formatCount(zeros.y)} in ${y}, ${formatCount(zeros.both)} in both.`
      : 'Waiting for the first sample…';
    return html`<section>
      <h2>Weight by weight: one run against another</h2>
      <div class="pick">
        ${this._select('scatter-x', 'x', 0)} ${this._select('scatter-y', 'y', 1)}
      </div>
      <figure>
        <div class="plot"><canvas role="img" aria-label="Scatter of the sampled weights of ${x} (x) against ${y} (y). ${summary}"></canvas></div>
        <figcaption>
          ${summary} The first ${formatCount(Math.max(0, (sample?.x.length ?? 0) - (sample?.supportCount ?? 0)))} weights
          ${sample && sample.supportCount > 0 ? html`and the ${sample.supportCount} of the true support (large dots)` : nothing}, read from both runs
          at the same step. A weight L1 has zeroed lies on the line x = 0 or y = 0.
        </figcaption>
      </figure>
    </section>`;
  }

  private _select(id: string, axis: string, which: 0 | 1) {
    return html`<span>
      <label for=${id}>Run on ${axis}</label>
      <select id=${id} @change=${(e: Event) => this._pick(which, Number((e.target as HTMLSelectElement).value))}>
        ${this.runs.map((name, i) => html`<option value=${i} ?selected=${this.pair[which] === i}>${name}</option>`)}
      </select>
    </span>`;
  }

  private _pick(which: 0 | 1, run: number): void {
    const pair: [number, number] = [...this.pair];
    pair[which] = run;
    emit(this, 'scatter-runs', pair);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-scatter': SparsewatchScatter;
  }
}
