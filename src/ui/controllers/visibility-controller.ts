/**
 * A Lit reactive controller that holds back its host's drawing while the host is off
 * screen, from an IntersectionObserver on the host, and calls `onDue` once the host comes
 * into view with a draw held back (draw-gate.ts says why and keeps the state). The margin
 * draws a chart a little before it scrolls in, so it never shows stale data on arrival.
 * Without IntersectionObserver (an old browser) everything counts as visible.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DrawGate } from '../draw-gate.ts';

/** How far outside the viewport a chart still counts as visible. */
const MARGIN = '200px';

export class VisibilityController implements ReactiveController {
  private readonly _host: ReactiveControllerHost & Element;
  private readonly _onDue: () => void;
  private readonly _gate = new DrawGate();
  private _observer: IntersectionObserver | null = null;

  constructor(host: ReactiveControllerHost & Element, onDue: () => void) {
    this._host = host;
    this._onDue = onDue;
    host.addController(this);
  }

  /** A draw is wanted: true to draw now, false if it waits until the host is visible. */
  request(): boolean {
    return this._gate.request();
  }

  /** True if a draw was held back, which the caller now makes (saving a PNG, say). */
  take(): boolean {
    return this._gate.take();
  }

  hostConnected(): void {
    if (typeof IntersectionObserver === 'undefined') return;
    this._observer = new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1);
        if (entry && this._gate.show(entry.isIntersecting)) this._onDue();
      },
      { rootMargin: MARGIN },
    );
    this._observer.observe(this._host);
  }

  hostDisconnected(): void {
    this._observer?.disconnect();
    this._observer = null;
    // Seen again on reconnect only once the observer says so; until then, draw.
    this._gate.show(true);
  }
}
