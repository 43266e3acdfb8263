/**
 * The histogram over time: a ring of the last snapshots of one run, and the step × bin grid
 * the heatmap draws from it. Plain data, no DOM, so it is tested in Node; drawing is
 * charts/heatmap-canvas.ts, the scrubber is <sparsewatch-heatmap>.
 *
 * The ring holds whole snapshots (their 2 KB of counts), at most `capacity`, oldest first;
 * a snapshot of the step already at the end replaces it (a pause's statistics-only one),
 * and a step lower than the last starts a new run. Its exponent window grows to cover
 * every snapshot held, as the histogram's does, so rows do not move while data scrolls.
 *
 * Grid rows run top to bottom as the histogram's categories run right to left: NaN, +∞,
 * positive bins from large |w| down, +subnormal, zero, −subnormal, negative bins from small
 * |w| up, −∞. A cell's value is log(1 + count) / log(1 + N), in [0, 1]: a log scale, so a
 * bin of one weight among a million is still visible beside a bin holding them all.
 */
import type { Snapshot } from '../engine/types.ts';
import { binOf, categoriesFor, DEFAULT_WINDOW, fitWindow, type Category, type ExponentWindow } from './histogram-data.ts';

export const RING_CAPACITY = 500;

export class SnapshotRing {
  readonly capacity: number;
  readonly #slots: Snapshot[] = [];
  /** Index in #slots of the oldest snapshot once the ring is full. */
  #start = 0;
  #window: ExponentWindow = { ...DEFAULT_WINDOW };

  constructor(capacity = RING_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity}: at least 1`);
    this.capacity = capacity;
  }

  get length(): number {
    return this.#slots.length;
  }

  /** The k range covering every snapshot held (never narrower than the histogram's default). */
  get window(): ExponentWindow {
    return this.#window;
  }

  /** The i-th snapshot, oldest first. */
  at(i: number): Snapshot | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.#slots.length) return undefined;
    return this.#slots[(this.#start + i) % this.#slots.length];
  }

  latest(): Snapshot | undefined {
    return this.at(this.length - 1);
  }

  push(snapshot: Snapshot): void {
    const last = this.latest();
    if (last && snapshot.step < last.step) this.clear();
    this.#window = fitWindow(snapshot.counts, this.#window);
    if (last && snapshot.step === last.step) {
      this.#slots[(this.#start + this.length - 1) % this.length] = snapshot;
    } else if (this.#slots.length < this.capacity) {
      this.#slots.push(snapshot);
    } else {
      this.#slots[this.#start] = snapshot;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  clear(): void {
    this.#slots.length = 0;
    this.#start = 0;
    this.#window = { ...DEFAULT_WINDOW };
  }

  /** The index of the latest snapshot at or before `step`, or -1 if every one held is later. */
  indexAtOrBefore(step: number): number {
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid)!.step <= step) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

export interface HeatmapGrid {
  /** One column per snapshot held: the grid fills its width from the first step and gets finer until the ring is full. */
  columns: number;
  /** Top to bottom: the categories of the window, reversed. */
  rows: Category[];
  /** Row-major, rows × columns. */
  values: Float32Array;
}

/** The grid of `ring` over `range` (by default its own window); `out` is reused when its size fits. */
export function heatmapGrid(ring: SnapshotRing, range: ExponentWindow = ring.window, out?: HeatmapGrid): HeatmapGrid {
  const rows = categoriesFor(range).reverse();
  const columns = Math.max(1, ring.length);
  const size = rows.length * columns;
  const values = out && out.values.length === size ? out.values : new Float32Array(size);
  values.fill(0);
  const bins = rows.map(binOf);
  for (let c = 0; c < ring.length; c++) {
    const snapshot = ring.at(c)!;
    const scale = 1 / Math.log1p(Math.max(1, snapshot.paramCount));
    for (let r = 0; r < bins.length; r++) {
      const count = snapshot.counts[bins[r]!]!;
      if (count > 0) values[r * columns + c] = Math.log1p(count) * scale;
    }
  }
  const grid = out ?? { columns, rows, values };
  grid.columns = columns;
  grid.rows = rows;
  grid.values = values;
  return grid;
}
