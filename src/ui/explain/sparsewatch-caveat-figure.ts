/**
 * `<sparsewatch-caveat-figure>`: one of the walkthrough's figures (caveat-figures.ts) with its
 * own labelled controls, a paragraph, a chart and what the run found. Every input is checked
 * (figure-fields.ts) and the engine run again on the new numbers; a bad value is reported
 * beside the form, naming field, value and range, while the chart keeps the last good run.
 * Self-contained: it talks to no engine of the app's and sends no events.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ConfigError } from '../../engine/config-error.ts';
import { figureConfig } from '../charts/figure-chart.ts';
import { ChartController } from '../controllers/chart-controller.ts';
import { figureStyles, themeColour } from '../theme.ts';
import type { CaveatFigure, FigureData, FigurePoint } from './caveat-figures.ts';
import { explainStyles } from './explain-styles.ts';
import { checkFigureValues } from './figure-fields.ts';
import { numberFields, readNumberFields } from './number-fields.ts';

@customElement('sparsewatch-caveat-figure')
export class SparsewatchCaveatFigure extends LitElement {
  static override styles = [
    explainStyles,
    figureStyles,
    css`
      section {
        background: var(--sw-bg);
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.4rem;
      }
      label {
        font-size: 0.9em;
      }
      .plot {
        height: 15rem;
      }
      figcaption ul {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  @property({ attribute: false }) figure: CaveatFigure | null = null;

  @state() private _data: FigureData | null = null;
  @state() private _error: ConfigError | null = null;

  /** The arrays Chart.js holds, rewritten in place from each run. */
  private _points: FigurePoint[][] = [];
  private readonly _chart = new ChartController(
    this,
    () => this.renderRoot.querySelector('canvas'),
    () =>
      figureConfig(
        (this._data?.lines ?? []).map((line, i) => ({
          label: line.label,
          points: (this._points[i] ??= []),
          colour: themeColour(this, line.colour, '#0969da'),
          dashed: line.dashed ?? false,
        })),
        { x: this._data?.x ?? '', y: this._data?.y ?? '', text: themeColour(this, '--sw-fg', '#1b1f24'), grid: themeColour(this, '--sw-grid', 'rgba(0, 0, 0, 0.1)') },
      ),
    // New lines, labels or axis titles (another η in a label) rebuild the chart.
    { key: () => JSON.stringify([this._data?.x, this._data?.y, this._data?.lines.map((l) => [l.label, l.colour, l.dashed])]) },
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('figure') && this.figure) this._run(this.figure.defaults);
  }

  protected override updated(): void {
    this._chart.requestDraw();
  }

  override render() {
    const figure = this.figure;
    if (!figure) return html``;
    const id = figure.id;
    const data = this._data;
    const findings = data?.findings ?? [];
    return html`<section data-figure=${id} aria-labelledby="${id}-heading">
      <h3 id="${id}-heading">${figure.heading}</h3>
      <p>${figure.explanation}</p>
      <form @input=${this._onInput} @submit=${(e: Event) => e.preventDefault()} novalidate aria-label="${figure.heading}: settings">
        ${numberFields(id, figure.fields, figure.defaults, this._error?.field ?? null, `${id}-error`)}
      </form>
      <p class="error" id="${id}-error" role="alert">${this._error?.message ?? ''}</p>
      <figure>
        <div class="plot"><canvas role="img" aria-label="${figure.heading}. ${findings.join(' ')}"></canvas></div>
        <figcaption>
          <ul data-findings>
            ${findings.map((f) => html`<li>${f}</li>`)}
          </ul>
        </figcaption>
      </figure>
    </section>`;
  }

  private _onInput(): void {
    if (this.figure) this._run(readNumberFields(this.renderRoot, this.figure.id, this.figure.fields));
  }

  /** Checks the values and runs the engine on them; a bad value keeps the last good run on screen. */
  private _run(values: Record<string, number>): void {
    const figure = this.figure!;
    try {
      const data = figure.compute(checkFigureValues(figure.fields, values));
      this._points.length = data.lines.length;
      data.lines.forEach((line, i) => {
        const target = (this._points[i] ??= []);
        target.length = 0;
        target.push(...line.points);
      });
      this._data = data;
      this._error = null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this._error = error;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-caveat-figure': SparsewatchCaveatFigure;
  }
}
