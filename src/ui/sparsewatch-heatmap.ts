/**
 * `<sparsewatch-heatmap>`: the histogram over time, one heatmap per run (step left to
 * right, log2|w| bins top to bottom, the same rows for every run), and a scrubber, a range
 * input over the snapshots held, to look back at the histogram of an earlier step. The
 * mediator owns the rings (heatmap-data.ts) and bumps `frame` at most once per animation
 * frame; the scrubber's position goes up as a `scrub` event carrying the step (null for
 * Live), and the mediator shows that step's histogram and passes the step back down. The
 * canvases are drawn on the next animation frame with the page's other charts, and not while
 * the element is off screen (DrawController).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { drawHeatmap, type HeatmapColours } from './charts/heatmap-canvas.ts';
import { ColourSchemeController } from './controllers/colour-scheme-controller.ts';
import { DrawController } from './controllers/draw-controller.ts';
import { emit } from './events.ts';
import { heatmapGrid, RING_CAPACITY, type HeatmapGrid, type SnapshotRing } from './heatmap-data.ts';
import type { ExponentWindow } from './histogram-data.ts';
import { itemsChanged } from './property-changes.ts';
import { formatCount } from './snapshot-summary.ts';
import { panelStyles, themeColour } from './theme.ts';

export interface HeatmapRun {
  /** "Run 1 (l1-prox)". */
  name: string;
  ring: SnapshotRing;
}

@customElement('sparsewatch-heatmap')
export class SparsewatchHeatmap extends LitElement {
  static override styles = [
    panelStyles,
    css`
      figure {
        margin: 0 0 0.6rem;
      }
      figcaption {
        font-weight: 600;
        font-size: 0.9em;
      }
      canvas {
        display: block;
        width: 100%;
        height: 9rem;
      }
      .scrubber {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .scrubber input {
        flex: 1 1 12rem;
      }
      .note {
        color: var(--sw-muted);
        font-size: 0.9em;
        margin: 0.4rem 0 0;
      }
    `,
  ];

  /** Compared run by run (a new array of the same runs is no change). */
  @property({ attribute: false, hasChanged: itemsChanged }) runs: HeatmapRun[] = [];
  /** The step looked back at, or null to follow the latest. */
  @property({ attribute: false }) scrub: number | null = null;
  /** Bumped by the mediator when the rings have new snapshots. */
  @property({ type: Number }) frame = 0;

  private _grids: HeatmapGrid[] = [];
  private _colours: HeatmapColours | null = null;
  private readonly _drawing = new DrawController(this, () => this._draw());

  constructor() {
    super();
    new ColourSchemeController(this, () => {
      this._colours = null;
      this.requestUpdate();
    });
  }

  /** Run 1's heatmap canvas, for saving it as a PNG (after `flush`). */
  get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  /** Draws now what is waiting to be drawn (off screen, or for the next frame). */
  flush(): void {
    this._drawing.flush();
  }

  override render() {
    const first = this.runs[0]?.ring;
    const length = first?.length ?? 0;
    const index = this._scrubIndex();
    const step = first?.at(index)?.step ?? 0;
    const live = this.scrub === null;
    const where = live ? `Live, step ${formatCount(step)}` : `step ${formatCount(step)}`;
    return html`<section>
      <h2>Histogram over time</h2>
      ${this.runs.map(
        (run) => html`<figure>
          <figcaption>${run.name}</figcaption>
          <canvas
            role="img"
            aria-label="Heatmap of ${run.name}: the last ${formatCount(run.ring.length)} snapshots left to right, log2 |w| bins top to bottom, darker where more weights are"
          ></canvas>
        </figure>`,
      )}
      <div class="scrubber">
        <label for="scrub">Look back</label>
        <input
          id="scrub"
          type="range"
          min="0"
          max=${Math.max(0, length - 1)}
          step="1"
          .value=${String(index)}
          ?disabled=${length < 2}
          aria-valuetext=${where}
          @input=${this._onScrub}
        />
        <button type="button" ?disabled=${live} @click=${() => emit(this, 'scrub', null)}>Live</button>
        <output for="scrub">${where}</output>
      </div>
      <p class="note">
        Rows from top: NaN, +∞, positive bins from large |w| to small, +subnormal, 0, −subnormal, negative bins, −∞. The last
        ${RING_CAPACITY} snapshots are kept; a log scale makes a bin of one weight visible beside one of all.
      </p>
    </section>`;
  }

  protected override updated(): void {
    this._drawing.request();
  }

  private _draw(): void {
    const window = this._sharedWindow();
    this._colours ??= {
      background: themeColour(this, '--sw-bg', '#ffffff'),
      full: themeColour(this, '--sw-fg', '#1b1f24'),
      text: themeColour(this, '--sw-fg', '#1b1f24'),
      marker: themeColour(this, '--sw-accent', '#0969da'),
    };
    const canvases = this.renderRoot.querySelectorAll('canvas');
    this.runs.forEach((run, i) => {
      const canvas = canvases[i];
      if (!canvas) return;
      this._grids[i] = heatmapGrid(run.ring, window, this._grids[i]);
      const marker = this.scrub === null ? null : run.ring.indexAtOrBefore(this.scrub);
      drawHeatmap(canvas, this._grids[i]!, this._colours!, marker === -1 ? null : marker);
    });
  }

  /** The slider position: the scrubbed step's snapshot in run A's ring, or the latest. */
  private _scrubIndex(): number {
    const ring = this.runs[0]?.ring;
    if (!ring || ring.length === 0) return 0;
    if (this.scrub === null) return ring.length - 1;
    return Math.max(0, ring.indexAtOrBefore(this.scrub));
  }

  /** One window for every run, so the rows line up. */
  private _sharedWindow(): ExponentWindow {
    const windows = this.runs.map((r) => r.ring.window);
    return { lo: Math.min(...windows.map((w) => w.lo)), hi: Math.max(...windows.map((w) => w.hi)) };
  }

  private _onScrub(event: Event): void {
    const ring = this.runs[0]?.ring;
    const index = Number((event.target as HTMLInputElement).value);
    const snapshot = ring?.at(index);
    if (!ring || !snapshot) return;
    emit(this, 'scrub', index === ring.length - 1 ? null : snapshot.step);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sparsewatch-heatmap': SparsewatchHeatmap;
  }
}
