/**
 * When an off-screen chart draws: not while nobody can see it, and once, with the latest
 * data, as soon as it comes into view. Every chart on the page competes with training for
 * the main thread (all of it on the CPU fallback), and a page of a dozen charts shows only a
 * few at a time, so drawing the rest would be time taken from training for nothing.
 *
 * Plain state, no DOM: VisibilityController feeds it what an IntersectionObserver sees.
 * Until told otherwise a chart counts as visible, so nothing waits on a first observation.
 */
export class DrawGate {
  #visible = true;
  #pending = false;

  get visible(): boolean {
    return this.#visible;
  }

  /** Whether a draw held back waits for the chart to come into view. */
  get pending(): boolean {
    return this.#pending;
  }

  /** A draw is wanted: true to draw now; false if it is held until the chart is visible. */
  request(): boolean {
    this.#pending = !this.#visible;
    return this.#visible;
  }

  /** The chart came into view or left it: true when a draw held back is due now. */
  show(visible: boolean): boolean {
    this.#visible = visible;
    const due = visible && this.#pending;
    if (due) this.#pending = false;
    return due;
  }

  /** A draw held back is being made now (a PNG is saved from this canvas): true if one was. */
  take(): boolean {
    const due = this.#pending;
    this.#pending = false;
    return due;
  }
}
