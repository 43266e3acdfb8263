/**
 * `<sparsewatch-digits>`: what the digits problem shows beyond the other problems' charts:
 * the latest scores per run (held-out and training accuracy, held-out loss, the first layer's
 * exact zeros), held-out accuracy and the losses over steps, each layer's exact-zero and
 * near-zero fractions over steps, and the first-layer weights as images
 * (`<sparsewatch-digits-grid>`). The mediator hands down the session's loop; when it is a
 * DigitsLoop this element listens to it (new metrics every few steps, new images at most
 * twice a second) and redraws, and it sets the number of units the loop reads back when the
 * grid asks for another. Loaded by the app in a chunk of its own.
 *
 * Not here: running anything (digits-loop.ts), row shaping (digits-rows.ts), pixels
 * (digits-grid-data.ts).
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DigitsLoop } from './digits-loop.ts';
import { exactKey, nearKey, type DigitsKey } from './digits-rows.ts';
import type { LineInput } from './sparsewatch-series-chart.ts';
import { formatCount, formatFraction, formatNumber } from './snapshot-summary.ts';
import { panelStyles, tableStyles } from './theme.ts';
import type { SessionLoop } from './workloads.ts';
import './sparsewatch-digits-grid.ts';
import './sparsewatch-series-chart.ts';

interface DigitsChart {
  heading: string;
  yTitle: string;
  kind: 'fraction' | 'value';
  caption: string;
  solid: DigitsKey;
  dashed: DigitsKey;
}

@customElement('sparsewatch-digits')
export class SparsewatchDigits extends LitElement {
  static override styles = [
    panelStyles,
    tableStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
        gap: 1rem;
      }
      p {
        margin: 0 0 0.5rem;
      }
      th[scope='row'] {
        font-weight: normal;
      }
    `,
  ];

  /** The session's loop: shown only when it is the digits one. */
  @property({ attribute: false }) loop: SessionLoop | null = null;
  /** The runs' names ("Run 1 (l1-prox)"). */
  @property({ attribute: false }) names: string[] = [];

  /** Bumped when the loop has news. */
  @state() private _version = 0;
  private _unsubscribe: (() => void) | null = null;

  private get _digits(): DigitsLoop | null {
    return this.loop instanceof DigitsLoop ? this.loop : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('digits-units', this._onUnits);
    this._listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('digits-units', this._onUnits);
    this._unsubscribe?.();
    this._unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('loop')) this._listen();
  }

  override render() {
    const loop = this._digits;
    if (!loop) return html`<section><h2>Digits</h2><p>Setting up the network…</p></section>`;
    const network = loop.network;
    const first = loop.firstLayer;
    return html`
      <section>
        <h2>Digits: ${network.name}</h2>
        <p>
          Metrics every ${formatCount(loop.snapshotEvery)} steps: accuracy and loss on the 2,000 held-out digits, and on the training digits
          since the previous snapshot. <strong>Biases are not regularised</strong>: L1 and L2 act on the weights only, and the zero fractions
          count weights only. A change of rule or λ applies from the next step; a new η applies on Reset.
        </p>
        ${this._renderTable(loop)}
      </section>
      <div class="charts">
        ${this._charts(loop).map(
          (chart) => html`<sparsewatch-series-chart
            heading=${chart.heading}
            y-title=${chart.yTitle}
            kind=${chart.kind}
            caption=${chart.caption}
            .lines=${this._lines(loop, chart)}
            .frame=${this._version}
          ></sparsewatch-series-chart>`,
        )}
      </div>
      <sparsewatch-digits-grid
        .names=${this.names}
        .images=${first?.images ?? null}
        .step=${first?.step ?? 0}
        .scale=${network.layers[0]!.initScale}
        .units=${loop.units}
        .layerWidth=${network.layers[0]!.outputs}
      ></sparsewatch-digits-grid>
    `;
  }

  private _renderTable(loop: DigitsLoop) {
    const cell = (x: number | null, format: (x: number) => string) => (x === null ? '–' : format(x));
    return html`<table>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Step</th>
          <th scope="col">Held-out accuracy</th>
          <th scope="col">Training accuracy</th>
          <th scope="col">Held-out loss</th>
          <th scope="col">First layer exactly 0</th>
        </tr>
      </thead>
      <tbody>
        ${loop.latest.map(
          (m, r) => html`<tr data-run=${r + 1} data-held-out-accuracy=${m.heldOutAccuracy ?? ''}>
            <th scope="row">${this.names[r] ?? `Run ${r + 1}`}</th>
            <td>${formatCount(m.step)}</td>
            <td>${cell(m.heldOutAccuracy, formatFraction)}</td>
            <td>${cell(m.trainAccuracy, formatFraction)}</td>
            <td>${cell(m.heldOutLoss, formatNumber)}</td>
            <td>${formatFraction(m.layers[0]!.exactZeroFraction)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private _charts(loop: DigitsLoop): DigitsChart[] {
    const layers = loop.network.layers.map((layer, l) => ({
      heading: `Layer ${l + 1} (${layer.inputs} → ${layer.outputs}): exact and near zeros`,
      yTitle: 'fraction of the layer’s weights',
      kind: 'fraction' as const,
      caption: 'Solid: exactly 0. Dashed: |w| < ε, counted exactly.',
      solid: exactKey(l),
      dashed: nearKey(l),
    }));
    return [
      {
        heading: 'Accuracy',
        yTitle: 'share of digits right',
        kind: 'fraction',
        caption: 'Solid: the held-out digits. Dashed: the training digits since the previous snapshot. Chance is 10%.',
        solid: 'heldOutAccuracy',
        dashed: 'trainAccuracy',
      },
      { heading: 'Loss', yTitle: 'mean loss per digit', kind: 'value', caption: 'Solid: the held-out digits. Dashed: training.', solid: 'heldOutLoss', dashed: 'trainLoss' },
      ...layers,
    ];
  }

  private _lines(loop: DigitsLoop, chart: DigitsChart): LineInput[] {
    return loop.histories.flatMap((history, r) => {
      const name = this.names[r] ?? `Run ${r + 1}`;
      const colour = `--sw-run-${r + 1}`;
      return [
        { label: name, rows: history.rows, key: chart.solid, colour, dashed: false },
        { label: `${name} (dashed)`, rows: history.rows, key: chart.dashed, colour, dashed: true },
      ];
    });
  }

  private _listen(): void {
    this._unsubscribe?.();
    this._unsubscribe = this.isConnected ? (this._digits?.subscribe(() => this._version++) ?? null) : null;
  }

  private _onUnits = (event: CustomEvent<number>): void => {
    event.stopPropagation();
    const loop = this._digits;
    if (loop) loop.units = event.detail;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-digits': SparsewatchDigits;
  }
}
