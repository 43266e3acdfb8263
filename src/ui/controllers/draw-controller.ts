/**
 * A Lit reactive controller that makes its host's drawing happen on the next animation
 * frame, once however often it is asked for in between, and not at all while the host is
 * off screen: the latest is drawn once the host scrolls into view (VisibilityController).
 * Every canvas on the page draws through one of these, so all of them draw in the same
 * frame, the one after the page's text has changed: the browser paints and composites once
 * per redraw, not once for the text and again for the charts.
 *
 * Not here: what is drawn (the host's `draw`), when the data change (the mediator).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { VisibilityController } from './visibility-controller.ts';

export class DrawController implements ReactiveController {
  private readonly _draw: () => void;
  private readonly _visibility: VisibilityController;
  private _frame = 0;

  constructor(host: ReactiveControllerHost & Element, draw: () => void) {
    this._draw = draw;
    host.addController(this);
    this._visibility = new VisibilityController(host, () => this.request());
  }

  /** Draws on the next animation frame (repeated calls coalesce), or once the host comes into view. */
  request(): void {
    if (this._frame !== 0 || !this._visibility.request()) return;
    this._frame = requestAnimationFrame(() => {
      this._frame = 0;
      this._draw();
    });
  }

  /** Makes a draw that is waiting (for the next frame, or held back off screen) now: before the canvas is saved. */
  flush(): void {
    const queued = this._frame !== 0;
    this._cancel();
    if (this._visibility.take() || queued) this._draw();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this._cancel();
  }

  private _cancel(): void {
    cancelAnimationFrame(this._frame);
    this._frame = 0;
  }
}
