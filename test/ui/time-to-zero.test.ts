/**
 * Time to zero: the first step at exactly zero known to one step from consecutive samples
 * and to a range from sparse ones, a zero that leaves again still counted as reached, the
 * notebook's prediction beside it, and reads of the followed weights from a real engine.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { RunRecord } from '../../src/ui/run-record.ts';
import { ZeroTracker } from '../../src/ui/time-to-zero.ts';
import { snapshotOf } from './snapshot-of.ts';

describe('ui: time to zero', () => {
  test('consecutive samples give the step; sparse ones a range; the prediction is ⌈|w0|/(ηλ1)⌉', () => {
    const tracker = new ZeroTracker(3);
    const t = Math.fround(0.1);
    tracker.record(0, [0.8, 0.25, 0]);
    for (let step = 1; step <= 8; step++) tracker.record(step, [step < 8 ? 0.8 - 0.1 * step : 0, step < 3 ? 0.25 - 0.1 * step : 0, 0]);
    const rows = tracker.rows(t);
    expect(rows.map((r) => r.predicted)).toEqual([8, 3, 0]);
    expect(rows[0]!.reached).toEqual({ from: 8, to: 8 });
    expect(rows[1]!.reached).toEqual({ from: 3, to: 3 });
    expect(rows[2]!.reached).toEqual({ from: 0, to: 0 });

    const sparse = new ZeroTracker(1);
    sparse.record(0, [0.8]);
    sparse.record(5, [0.3]);
    sparse.record(12, [0]);
    expect(sparse.rows(t)[0]!.reached).toEqual({ from: 6, to: 12 });
  });

  test('no L1 step: predicted never, and an L2 weight is not yet at zero', () => {
    const tracker = new ZeroTracker(1);
    tracker.record(0, [0.5]);
    tracker.record(200, [0.5 * 0.99 ** 200]);
    const [row] = tracker.rows(0);
    expect(row!.predicted).toBeNull();
    expect(row!.reached).toBeNull();
    expect(row!.latest).toBeCloseTo(0.5 * 0.99 ** 200, 12);
  });

  test('the first zero is kept when the weight leaves zero again (chatter); older samples are ignored', () => {
    const tracker = new ZeroTracker(1);
    tracker.record(0, [0.05]);
    tracker.record(1, [0]);
    tracker.record(2, [0.05]);
    tracker.record(1, [0.7]);
    const [row] = tracker.rows(0.1);
    expect(row!.reached).toEqual({ from: 1, to: 1 });
    expect(row!.latest).toBe(0.05);
    tracker.clear();
    expect(tracker.rows(0.1)[0]!.w0).toBeNaN();
    expect(tracker.lastStep).toBe(-1);
  });
});

describe('ui: run record', () => {
  test('follows the first weights of a CPU engine through the walkthrough and matches the prediction', async () => {
    const engine = createCpuEngine({ paramCount: 1_000, init: { kind: 'positive', scale: 1, seed: 1 } });
    const params = toUpdateParams({ rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 });
    const record = new RunRecord(8);
    engine.onSnapshot((snapshot) => record.add(snapshot, snapshot.step > 0, 'l1-prox', 1e-3));
    engine.requestSnapshot();
    record.follow(engine);
    await engine.settled();
    for (let step = 1; step <= 101; step++) {
      engine.step(params, { snapshot: true });
      await engine.settled();
      record.follow(engine);
      await Promise.resolve();
      await Promise.resolve();
    }
    await engine.settled();
    const rows = record.tracker.rows(params.l1Step);
    for (const row of rows) {
      expect(row.predicted).not.toBeNull();
      expect(row.reached, `weight ${row.index}, w0 = ${row.w0}`).not.toBeNull();
      expect(row.reached!.from).toBeLessThanOrEqual(row.predicted!);
      expect(row.reached!.to).toBeGreaterThanOrEqual(row.predicted!);
    }
    expect(record.history.rows.at(-1)!.exactZeroFraction).toBe(1);
    expect(record.ring.latest()!.step).toBe(101);
    expect(record.stepped!.step).toBe(101);
    engine.destroy();
  });

  test('clear forgets everything, and a read started before it is thrown away', async () => {
    const engine = createCpuEngine({ paramCount: 16, init: { kind: 'positive', scale: 1, seed: 1 } });
    const record = new RunRecord(4);
    record.add(snapshotOf([0.5], 3), true, 'l2', 1);
    record.follow(engine);
    record.clear();
    await engine.settled();
    await Promise.resolve();
    expect(record.tracker.lastStep).toBe(-1);
    expect(record.latest).toBeNull();
    expect(record.history.rows).toEqual([]);
    expect(record.ring.length).toBe(0);
    engine.destroy();
  });
});
