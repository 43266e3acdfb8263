/**
 * The histogram-over-time ring and grid: the last N snapshots oldest first, a repeated step
 * replaced, a new run starting over, look-up by step for the scrubber, a window that grows
 * to fit, and cells on a log scale laid out as the histogram's categories top to bottom.
 */
import { describe, expect, test } from 'vitest';
import { heatmapGrid, RING_CAPACITY, SnapshotRing } from '../../src/ui/heatmap-data.ts';
import { categoryLabel, DEFAULT_WINDOW } from '../../src/ui/histogram-data.ts';
import { snapshotOf } from './snapshot-of.ts';

describe('ui: snapshot ring', () => {
  test('keeps the last `capacity` snapshots, oldest first', () => {
    const ring = new SnapshotRing(4);
    expect(ring.length).toBe(0);
    expect(ring.at(0)).toBeUndefined();
    for (let step = 0; step < 10; step++) ring.push(snapshotOf([0.5], step));
    expect(ring.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => ring.at(i)!.step)).toEqual([6, 7, 8, 9]);
    expect(ring.latest()!.step).toBe(9);
    expect(ring.at(4)).toBeUndefined();
    expect(ring.at(-1)).toBeUndefined();
    expect(new SnapshotRing().capacity).toBe(RING_CAPACITY);
  });

  test('a snapshot of the step already last replaces it; a lower step starts a new run', () => {
    const ring = new SnapshotRing(4);
    ring.push(snapshotOf([0.5], 1));
    const again = snapshotOf([0.25], 1);
    ring.push(again);
    expect(ring.length).toBe(1);
    expect(ring.latest()).toBe(again);
    ring.push(snapshotOf([2 ** -60], 2));
    expect(ring.window.lo).toBe(-60);
    ring.push(snapshotOf([0.5], 0));
    expect(ring.length).toBe(1);
    expect(ring.window).toEqual(DEFAULT_WINDOW);
  });

  test('replacing the last works once the ring has wrapped', () => {
    const ring = new SnapshotRing(3);
    for (let step = 0; step < 5; step++) ring.push(snapshotOf([0.5], step));
    const again = snapshotOf([0.25], 4);
    ring.push(again);
    expect([0, 1, 2].map((i) => ring.at(i)!.step)).toEqual([2, 3, 4]);
    expect(ring.latest()).toBe(again);
  });

  test('indexAtOrBefore: the scrubber’s step to a slot, across the wrap', () => {
    const ring = new SnapshotRing(5);
    for (const step of [0, 2, 4, 6, 8, 10, 12]) ring.push(snapshotOf([0.5], step));
    // Held: 4, 6, 8, 10, 12.
    expect(ring.indexAtOrBefore(3)).toBe(-1);
    expect(ring.indexAtOrBefore(4)).toBe(0);
    expect(ring.indexAtOrBefore(7)).toBe(1);
    expect(ring.indexAtOrBefore(12)).toBe(4);
    expect(ring.indexAtOrBefore(1000)).toBe(4);
  });
});

describe('ui: heatmap grid', () => {
  test('rows are the categories top to bottom (NaN first, −∞ last); one column per snapshot held', () => {
    const ring = new SnapshotRing(3);
    ring.push(snapshotOf([0, 0.5, 0.5, 0.5], 0));
    ring.push(snapshotOf([0, 0, 0.25, 0.5], 1));
    const grid = heatmapGrid(ring);
    const labels = grid.rows.map(categoryLabel);
    expect(labels[0]).toBe('NaN');
    expect(labels.at(-1)).toBe('−∞');
    expect(labels.indexOf('0')).toBeGreaterThan(labels.indexOf('2⁻¹'));
    expect(labels.indexOf('0')).toBeLessThan(labels.indexOf('−2⁻¹'));
    expect(grid.columns).toBe(2);
    expect(grid.values).toHaveLength(grid.rows.length * 2);

    const cell = (label: string, column: number) => grid.values[labels.indexOf(label) * grid.columns + column]!;
    // log(1 + count) / log(1 + N), N = 4.
    expect(cell('0', 0)).toBeCloseTo(Math.log(2) / Math.log(5), 6);
    expect(cell('0', 1)).toBeCloseTo(Math.log(3) / Math.log(5), 6);
    expect(cell('2⁻¹', 0)).toBeCloseTo(Math.log(4) / Math.log(5), 6);
    expect(cell('2⁻²', 0)).toBe(0);
    expect(heatmapGrid(new SnapshotRing(3)).columns).toBe(1);
  });

  test('a bin holding every weight is 1; a lone weight among a million is still well above 0', () => {
    const ring = new SnapshotRing(1);
    const counts = snapshotOf([0]).counts.map((c) => c * 1_000_000);
    ring.push({ step: 0, paramCount: 1_000_000, counts, l1Norm: 0, l2NormSquared: 0 });
    const full = heatmapGrid(ring);
    expect(Math.max(...full.values)).toBeCloseTo(1, 12);
    const lone = snapshotOf([0.5]).counts;
    ring.push({ step: 1, paramCount: 1_000_000, counts: lone, l1Norm: 0, l2NormSquared: 0 });
    expect(Math.max(...heatmapGrid(ring).values)).toBeGreaterThan(0.04);
  });

  test('a window passed in sets the rows (two runs share one); the value array is reused when it fits', () => {
    const ring = new SnapshotRing(2);
    ring.push(snapshotOf([0.5], 0));
    ring.push(snapshotOf([0.25], 1));
    const wide = { lo: -40, hi: 3 };
    const grid = heatmapGrid(ring, wide);
    expect(grid.rows).toHaveLength(2 * (wide.hi - wide.lo + 1) + 6);
    const values = grid.values;
    ring.push(snapshotOf([0.25], 2));
    expect(heatmapGrid(ring, wide, grid).values).toBe(values);
  });
});
