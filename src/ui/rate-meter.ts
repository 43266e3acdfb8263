/**
 * Steps per second from (step, time) samples over a sliding window: the rate at which
 * snapshots show the engine advancing, which is what a user sees. It measures wall-clock
 * time between deliveries, not GPU time (Chrome quantises timestamp queries; DESIGN §3).
 */
export class RateMeter {
  readonly #windowMs: number;
  #samples: { step: number; time: number }[] = [];

  constructor(windowMs = 1_000) {
    this.#windowMs = windowMs;
  }

  /** Records that `step` had been reached at `time` (ms). */
  sample(step: number, time: number): void {
    const samples = this.#samples;
    const last = samples.at(-1);
    // A step count that goes back is a new run: older samples would give a negative rate.
    if (last && step < last.step) samples.length = 0;
    samples.push({ step, time });
    // Keep one sample older than the window, so the rate spans the whole window.
    while (samples.length > 2 && time - samples[1]!.time >= this.#windowMs) samples.shift();
  }

  /** Steps per second over the window, or null before there are two samples apart in time. */
  rate(): number | null {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.time <= first.time) return null;
    return ((last.step - first.step) * 1_000) / (last.time - first.time);
  }

  reset(): void {
    this.#samples = [];
  }
}
