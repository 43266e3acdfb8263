/**
 * A one-line progress bar on a terminal: steps done, a bar, steps/s. It redraws in place
 * with a carriage return, at most ten times a second (a redraw per step would cost more
 * than a CPU step of a few weights), and only when the stream is a TTY, so redirected
 * output and --json pipelines never see it. No dependency: this is all a bar needs.
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #total: number;
  readonly #label: string;
  readonly #started = performance.now();
  #lastDraw = -Infinity;
  #shown = false;

  constructor(stream: ProgressStream, total: number, label: string) {
    this.#stream = stream;
    this.#total = total;
    this.#label = label;
  }

  get enabled(): boolean {
    return this.#stream.isTTY === true;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.#lastDraw < REDRAW_MS && done < this.#total) return;
    this.#lastDraw = now;
    const seconds = (now - this.#started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds).toLocaleString('en-US') : '—';
    const counts = `${done.toLocaleString('en-US')}/${this.#total.toLocaleString('en-US')} steps, ${rate} steps/s`;
    const width = Math.max(10, Math.min(40, (this.#stream.columns ?? 80) - counts.length - this.#label.length - 6));
    const filled = Math.round((width * done) / this.#total);
    this.#stream.write(`\r${this.#label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}`);
    this.#shown = true;
  }

  /** Clears the line, so what is printed next starts at column 0. */
  clear(): void {
    if (this.#shown) this.#stream.write('\r\x1b[K');
    this.#shown = false;
  }
}
