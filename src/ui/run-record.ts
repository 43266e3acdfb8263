/**
 * Everything the page keeps about one run between frames: the latest snapshot (and the
 * latest that came with a step), the metric history for the line charts and the CSV, the
 * measured losses and support F1, the ring of snapshots for the heatmap and the scrubber, and
 * the followed weights for time to zero. Snapshots are added as they arrive, many per frame
 * on a fast engine; the elements read the record once per frame. No DOM.
 *
 * A measurement (workloads.ts) and the snapshot of its step arrive separately, in either
 * order; the row is made when both are here.
 *
 * The followed weights are read with `engine.readWeights(0, count)`, at most
 * MAX_READS_IN_FLIGHT at a time (a slow adapter skips reads rather than queue them); the
 * step a read stands for is the engine's step count when it is asked for (the copy is
 * queued after every step before it). A read from before a reset is thrown away.
 */
import type { Engine, Snapshot } from '../engine/types.ts';
import type { Truth } from '../problems/regression/index.ts';
import { SnapshotRing } from './heatmap-data.ts';
import { measureRow, metricRow, MetricsHistory, type MeasureRow } from './metrics-history.ts';
import { ZeroTracker } from './time-to-zero.ts';
import type { Measurement } from './workloads.ts';

/** Reads of the followed weights requested and not yet back, per run. */
export const MAX_READS_IN_FLIGHT = 8;

export class RunRecord {
  readonly history = new MetricsHistory();
  readonly measures = new MetricsHistory<MeasureRow>();
  readonly ring = new SnapshotRing();
  readonly tracker: ZeroTracker;
  readonly #truth: Truth | null;
  /** Measurements whose snapshot has not come yet, by step. */
  readonly #waiting = new Map<number, Measurement>();
  latest: Snapshot | null = null;
  /** The latest snapshot taken with a step: the one whose became/left-zero counts mean something. */
  stepped: Snapshot | null = null;
  #reading = 0;
  #generation = 0;

  constructor(tracked: number, truth: Truth | null = null) {
    this.tracker = new ZeroTracker(tracked);
    this.#truth = truth;
  }

  /** A snapshot of this run, labelled with the rule in force and counted near zero below ε. */
  add(snapshot: Snapshot, afterStep: boolean, rule: string, epsilon: number): void {
    this.latest = snapshot;
    if (afterStep) this.stepped = snapshot;
    else if (snapshot.step === 0) this.stepped = null; // a new run
    this.history.add(metricRow(snapshot, rule, epsilon));
    this.ring.push(snapshot);
    const measured = this.#waiting.get(snapshot.step);
    if (measured) this.#join(snapshot, measured);
  }

  /** A measurement of this run, joined with its step's snapshot now or when that comes. */
  addMeasurement(measured: Measurement): void {
    const snapshot = this.ring.at(this.ring.indexAtOrBefore(measured.step));
    if (snapshot?.step === measured.step) {
      this.#join(snapshot, measured);
      return;
    }
    this.#waiting.set(measured.step, measured);
    // A snapshot that never comes (dropped) must not keep its measurement forever.
    for (const step of this.#waiting.keys()) if (step < measured.step - 1_000 || this.#waiting.size > 8) this.#waiting.delete(step);
  }

  #join(snapshot: Snapshot, measured: Measurement): void {
    this.#waiting.delete(measured.step);
    this.measures.add(measureRow(snapshot, measured, this.#truth));
  }

  /** Reads the followed weights unless too many reads are under way; failures (a destroyed engine) are dropped. */
  follow(engine: Engine): void {
    if (this.#reading >= MAX_READS_IN_FLIGHT || this.tracker.count === 0) return;
    this.#reading++;
    const generation = this.#generation;
    const step = engine.stepCount;
    engine
      .readWeights(0, Math.min(this.tracker.count, engine.paramCount))
      .then((weights) => {
        if (generation === this.#generation) this.tracker.record(step, weights);
      })
      .catch(() => undefined)
      .finally(() => {
        if (generation === this.#generation) this.#reading--;
      });
  }

  /** Forgets the run (a reset, new engines, a loaded checkpoint). */
  clear(): void {
    this.#generation++;
    this.#reading = 0;
    this.latest = null;
    this.stepped = null;
    this.history.clear();
    this.measures.clear();
    this.#waiting.clear();
    this.ring.clear();
    this.tracker.clear();
  }
}
