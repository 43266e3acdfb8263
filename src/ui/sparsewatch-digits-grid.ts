/**
 * `<sparsewatch-digits-grid>`: the digits network's first-layer weights as images, one grid
 * per run side by side: tile u is the 28×28 image of the weights into hidden unit u, coloured
 * by the diverging map of digits-grid-data.ts (exact zeros in the background colour, so L1's
 * zeroed pixels read as blank and L2's small but nonzero ones as a faint wash). The mediator
 * (the digits panel) hands down the images it read, the scale and the units shown; a choice of
 * units goes up as `digits-units`. Drawn with putImageData, once per new set of images; the
 * colours follow the theme, dark mode included. Each canvas is an image labelled with its run,
 * step and share of exact zeros.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { IMAGE_SIDE } from '../problems/digits/asset-format.ts';
import { ColourSchemeController } from './controllers/colour-scheme-controller.ts';
import { gridLayout, paintGrid, parseColour, UNIT_CHOICES, zeroShare, type GridColours, type Rgb } from './digits-grid-data.ts';
import { emit } from './events.ts';
import { formatCount, formatFraction, formatNumber } from './snapshot-summary.ts';
import { panelStyles, themeColour } from './theme.ts';

@customElement('sparsewatch-digits-grid')
export class SparsewatchDigitsGrid extends LitElement {
  static override styles = [
    panelStyles,
    css`
      .runs {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem;
      }
      figure {
        margin: 0;
      }
      figcaption {
        font-weight: 600;
        font-size: 0.9em;
        margin-bottom: 0.25rem;
      }
      canvas {
        display: block;
        width: 100%;
        max-width: 32rem;
        image-rendering: pixelated;
      }
      .units {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 0.5rem;
      }
      .note {
        color: var(--sw-muted);
        font-size: 0.9em;
        margin: 0.5rem 0 0;
      }
    `,
  ];

  /** The runs' names, in the order of `images`. */
  @property({ attribute: false }) names: string[] = [];
  /** Per run, one 784-long image per unit shown; null until the first read. */
  @property({ attribute: false }) images: Float32Array[][] | null = null;
  /** The step the images were read at. */
  @property({ type: Number }) step = 0;
  /** |w| at which a colour is full. */
  @property({ type: Number }) scale = 1;
  /** Units shown, and the first layer's width (the most there are). */
  @property({ type: Number }) units = 0;
  @property({ type: Number, attribute: 'layer-width' }) layerWidth = 0;

  private _colours: GridColours | null = null;
  private _pixels: Uint8ClampedArray[] = [];

  constructor() {
    super();
    new ColourSchemeController(this, () => {
      this._colours = null;
      this.requestUpdate();
    });
  }

  override render() {
    const images = this.images ?? [];
    const choices = [...new Set([...UNIT_CHOICES.filter((n) => n < this.layerWidth), this.layerWidth])].filter((n) => n > 0);
    return html`<section>
      <h2>First-layer weights as images</h2>
      <div class="units">
        <label for="units">Hidden units shown per run</label>
        <select id="units" @change=${this._onUnits}>
          ${choices.map((n) => html`<option value=${n} ?selected=${n === this.units}>${n === this.layerWidth ? `all ${formatCount(n)}` : formatCount(n)}</option>`)}
        </select>
      </div>
      <div class="runs">
        ${this.names.map((name, r) => {
          const run = images[r];
          const label = run
            ? `${name}: the first-layer weights of ${run.length} hidden units as 28 by 28 images, at step ${formatCount(this.step)}; ${formatFraction(zeroShare(run))} of them exactly 0`
            : `${name}: the first-layer weights, not read yet`;
          return html`<figure>
            <figcaption>${name}</figcaption>
            <canvas role="img" aria-label=${label} data-step=${this.step}></canvas>
          </figure>`;
        })}
      </div>
      <p class="note">
        Each tile is one hidden unit: the weights from the ${IMAGE_SIDE}×${IMAGE_SIDE} pixels into it, where the pixels lie. Blue is positive,
        orange negative, full at |w| = ${formatNumber(this.scale)} (the first layer's starting range); the background colour is exactly 0, and
        every nonzero weight, however small, is tinted (purple: NaN). Read back from the engine about twice a second while training.
      </p>
    </section>`;
  }

  protected override updated(): void {
    const images = this.images;
    if (!images || images.length === 0) return;
    this._colours ??= this._themeColours();
    const canvases = this.renderRoot.querySelectorAll('canvas');
    images.forEach((run, r) => {
      const canvas = canvases[r];
      if (!canvas || run.length === 0) return;
      const layout = gridLayout(run.length);
      if (canvas.width !== layout.width) canvas.width = layout.width;
      if (canvas.height !== layout.height) canvas.height = layout.height;
      this._pixels[r] = paintGrid(run, layout, this.scale, this._colours!, this._pixels[r]);
      canvas.getContext('2d')?.putImageData(new ImageData(this._pixels[r]! as Uint8ClampedArray<ArrayBuffer>, layout.width, layout.height), 0, 0);
    });
  }

  private _themeColours(): GridColours {
    const colour = (token: string, fallback: Rgb) => parseColour(themeColour(this, token, ''), fallback);
    return {
      zero: colour('--sw-bg', [255, 255, 255]),
      negative: colour('--sw-negative', [207, 92, 54]),
      positive: colour('--sw-positive', [47, 111, 189]),
      special: colour('--sw-special', [122, 79, 179]),
      gap: colour('--sw-border', [208, 215, 222]),
    };
  }

  private _onUnits(event: Event): void {
    emit(this, 'digits-units', Number((event.target as HTMLSelectElement).value));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-digits-grid': SparsewatchDigitsGrid;
  }
}
