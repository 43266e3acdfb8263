/**
 * `<sparsewatch-files>`: saving and loading. Buttons ask the mediator for the metrics CSV,
 * a chart as PNG or a run's weights as a safetensors checkpoint (`export-request`); one file
 * picker hands a checkpoint up (`checkpoint-load`), another a CSV table (`csv-pick`), whose
 * columns come back down so the user can pick the target and train on it (`csv-load`). The
 * mediator reads every file in the page: nothing leaves the machine. The outcome of the
 * last action comes back down as `message`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit, type ExportKind } from './events.ts';
import { itemsChanged } from './property-changes.ts';
import { panelStyles } from './theme.ts';

export interface FilesMessage {
  kind: 'info' | 'error';
  text: string;
}

@customElement('sparsewatch-files')
export class SparsewatchFiles extends LitElement {
  static override styles = [
    panelStyles,
    css`
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        margin-bottom: 0.6rem;
      }
      label {
        font-weight: 600;
        display: block;
      }
      .target {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        margin-top: 0.4rem;
      }
      input[type='file'] {
        border: none;
        background: none;
        max-width: 100%;
      }
      .error {
        color: var(--sw-fail);
      }
      .hint,
      .info {
        color: var(--sw-muted);
        font-size: 0.9em;
      }
      p {
        margin: 0.4rem 0 0;
      }
    `,
  ];

  @property({ type: Boolean }) ready = false;
  /** The runs' names, one checkpoint button each. */
  @property({ attribute: false, hasChanged: itemsChanged }) runs: string[] = [];
  /** The picked CSV's columns (null before a pick), for choosing the target. */
  @property({ attribute: false }) columns: string[] | null = null;
  @property({ attribute: false }) message: FilesMessage | null = null;

  override render() {
    const button = (kind: ExportKind, text: string) =>
      html`<button type="button" ?disabled=${!this.ready} @click=${() => emit(this, 'export-request', kind)}>${text}</button>`;
    return html`<section>
      <h2>Files</h2>
      <div class="buttons">
        ${button('metrics-csv', 'Metrics (CSV)')} ${button('histogram-png', 'Histograms (PNG)')} ${button('heatmap-png', 'Heatmaps (PNG)')}
        ${button('scatter-png', 'Scatter (PNG)')}
        ${this.runs.map((name, i) => button(`checkpoint-${i + 1}`, `${name.split(' (')[0]} weights (safetensors)`))}
      </div>
      <label for="checkpoint">Load a checkpoint</label>
      <input id="checkpoint" type="file" accept=".safetensors" ?disabled=${!this.ready} aria-describedby="checkpoint-hint files-message" @change=${this._onFile} />
      <p class="hint" id="checkpoint-hint">
        A sparsewatch checkpoint (.safetensors): its weights (and a digits network's biases) become every run's starting point
        and its rule run 1's. It is read in this page and never uploaded.
      </p>
      <label for="csv">Train on a CSV table</label>
      <input id="csv" type="file" accept=".csv,text/csv" ?disabled=${!this.ready} aria-describedby="csv-hint files-message" @change=${this._onCsv} />
      ${this.columns
        ? html`<div class="target">
            <label for="csv-target">Target column</label>
            <select id="csv-target">
              ${this.columns.map((c, i) => html`<option value=${c} ?selected=${i === this.columns!.length - 1}>${c}</option>`)}
            </select>
            <button type="button" ?disabled=${!this.ready} @click=${this._onCsvLoad}>Train on this table</button>
          </div>`
        : nothing}
      <p class="hint" id="csv-hint">
        A header row of column names, then numbers only. Every column but the target is a feature. Read in this page, never
        uploaded; there is no known truth, so no support F1.
      </p>
      <p id="files-message" class=${this.message?.kind ?? 'info'} role=${this.message?.kind === 'error' ? 'alert' : 'status'}>
        ${this.message?.text ?? nothing}
      </p>
    </section>`;
  }

  private _onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared, so picking the same file again (after fixing it) fires change again.
    input.value = '';
    if (file) emit(this, 'checkpoint-load', file);
  }

  private _onCsv(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) emit(this, 'csv-pick', file);
  }

  private _onCsvLoad(): void {
    const target = this.renderRoot.querySelector<HTMLSelectElement>('#csv-target')?.value;
    if (target !== undefined) emit(this, 'csv-load', target);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-files': SparsewatchFiles;
  }
}
