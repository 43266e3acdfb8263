/**
 * A Lit reactive controller that tells its host when the system colour scheme changes
 * (prefers-color-scheme), while the host is connected. Chart colours are read from CSS
 * custom properties once per chart, so a chart has to be rebuilt (or a canvas redrawn) to
 * follow a switch to dark mode; CSS itself follows on its own.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const DARK = '(prefers-color-scheme: dark)';

export class ColourSchemeController implements ReactiveController {
  private readonly _query = globalThis.matchMedia?.(DARK);
  private readonly _onChange: () => void;

  constructor(host: ReactiveControllerHost, onChange: () => void) {
    this._onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this._query?.addEventListener('change', this._onChange);
  }

  hostDisconnected(): void {
    this._query?.removeEventListener('change', this._onChange);
  }
}
