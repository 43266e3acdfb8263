/**
 * `<sparsewatch-files>`: saving and loading. Buttons ask the mediator for the metrics CSV,
 * a chart as PNG or a run's weights as a safetensors checkpoint (`export-request`); a file
 * picker hands a checkpoint up (`checkpoint-load`), which the mediator reads in the page:
 * nothing leaves the machine. The outcome of the last action comes back down as `message`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit, type ExportKind } from './events.ts';
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
  /** Whether run B exists (its checkpoint can be saved). */
  @property({ type: Boolean }) compare = false;
  @property({ attribute: false }) message: FilesMessage | null = null;

  override render() {
    const button = (kind: ExportKind, text: string) =>
      html`<button type="button" ?disabled=${!this.ready} @click=${() => emit(this, 'export-request', kind)}>${text}</button>`;
    return html`<section>
      <h2>Files</h2>
      <div class="buttons">
        ${button('metrics-csv', 'Metrics (CSV)')} ${button('histogram-png', 'Histogram (PNG)')} ${button('heatmap-png', 'Heatmap (PNG)')}
        ${button('checkpoint-a', 'Run A weights (safetensors)')} ${this.compare ? button('checkpoint-b', 'Run B weights (safetensors)') : nothing}
      </div>
      <label for="checkpoint">Load a checkpoint</label>
      <input id="checkpoint" type="file" accept=".safetensors" ?disabled=${!this.ready} aria-describedby="checkpoint-hint files-message" @change=${this._onFile} />
      <p class="hint" id="checkpoint-hint">
        A sparsewatch checkpoint (.safetensors): its weights become every run's starting point and its rule run A's. It is read
        in this page and never uploaded.
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
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-files': SparsewatchFiles;
  }
}
