/**
 * A Lit reactive controller owning one Chart.js instance for its host element: created
 * once the canvas exists (after the host's first render), redrawn imperatively, destroyed
 * when the host disconnects (and created again if it reconnects). The host keeps the data
 * arrays the config points at and rewrites them in place; this controller only decides
 * when Chart.js looks at them. It builds the chart again when the system colour scheme
 * changes (colours are read from CSS once per build) and when the host's `key` changes
 * (what the config bakes in, such as the legend's run names).
 *
 * Redraws are coalesced to at most one per animation frame whatever the caller does, and
 * always with `update('none')` (no animation, no transition state); while the host is off
 * screen they are held back, and the latest is made once it scrolls into view, so a chart
 * nobody sees takes no time from training (DrawController). What a chart looks like
 * (registration, options) is the config factory's business, not this controller's.
 */
import { Chart, type ChartConfiguration, type ChartType, type DefaultDataPoint } from 'chart.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ColourSchemeController } from './colour-scheme-controller.ts';
import { DrawController } from './draw-controller.ts';

export interface ChartControllerOptions {
  /** What the config depends on besides the data arrays; a new value rebuilds the chart at the next draw. */
  key?: () => string;
}

export class ChartController<T extends ChartType = ChartType, TData = DefaultDataPoint<T>, TLabel = unknown> implements ReactiveController {
  private readonly _canvas: () => HTMLCanvasElement | null | undefined;
  private readonly _config: () => ChartConfiguration<T, TData, TLabel>;
  private readonly _key: () => string;
  private readonly _drawing: DrawController;
  private _chart: Chart<T, TData, TLabel> | null = null;
  /** The key the live chart was built with. */
  private _builtFor = '';

  constructor(
    host: ReactiveControllerHost & Element,
    canvas: () => HTMLCanvasElement | null | undefined,
    config: () => ChartConfiguration<T, TData, TLabel>,
    options: ChartControllerOptions = {},
  ) {
    this._canvas = canvas;
    this._config = config;
    this._key = options.key ?? (() => '');
    host.addController(this);
    new ColourSchemeController(host, () => this.rebuild());
    this._drawing = new DrawController(host, () => this._chart?.update('none'));
  }

  /** The canvas the chart draws on (for saving it as a PNG), or null before the first render. */
  get canvas(): HTMLCanvasElement | null {
    return this._canvas() ?? null;
  }

  /** The live chart, or null before the first render and after disconnect. */
  get chart(): Chart<T, TData, TLabel> | null {
    return this._chart;
  }

  hostConnected(): void {
    // On a reconnect the canvas is already rendered; on the first connect it is not yet.
    this._create();
  }

  hostUpdated(): void {
    this._create();
  }

  hostDisconnected(): void {
    this._chart?.destroy();
    this._chart = null;
  }

  /**
   * Redraws from the data arrays on the next animation frame (repeated calls in a frame
   * coalesce), or once the host comes into view if it is off screen.
   */
  requestDraw(): void {
    if (this._chart && this._key() !== this._builtFor) this.rebuild();
    if (this._chart) this._drawing.request();
  }

  /** Makes a redraw that is waiting (for the next frame, or held back off screen) now: before the canvas is saved. */
  flush(): void {
    this._drawing.flush();
  }

  /** Builds the chart again from the config factory (for example after the colour scheme changed). */
  rebuild(): void {
    this.hostDisconnected();
    this._create();
  }

  private _create(): void {
    if (this._chart) return;
    const canvas = this._canvas();
    if (!canvas) return;
    this._builtFor = this._key();
    this._chart = new Chart(canvas, this._config());
  }
}
