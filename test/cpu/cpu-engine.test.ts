/**
 * The CPU engine against the `Engine` contract: asynchronous snapshots in step order,
 * settled(), initial snapshots, copies on read, bounds-checked writes and destroy().
 */
import { afterEach, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { ConfigError } from '../../src/engine/config-error.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { initWeights } from '../../src/engine/cpu/init-weights.ts';
import { BIN_POS_NORMAL, BIN_ZERO, COUNT_BECAME_ZERO, COUNTER_COUNT, VALUE_BIN_COUNT } from '../../src/engine/stats-layout.ts';
import type { Engine, Snapshot, WeightInit } from '../../src/engine/types.ts';

const INIT: WeightInit = { kind: 'symmetric', scale: 1, seed: 11 };
const CLIP = toUpdateParams({ rule: 'l1-clip', lr: 1, l1: 0.25, l2: 0 });

let engine: Engine;
afterEach(() => engine?.destroy());

function make(paramCount = 64, init = INIT): Engine {
  engine = createCpuEngine({ paramCount, init });
  return engine;
}

function collect(e: Engine): Snapshot[] {
  const snapshots: Snapshot[] = [];
  e.onSnapshot((s) => snapshots.push(s));
  return snapshots;
}

describe('identity', () => {
  test('kind, device name, sizes and counters', () => {
    const e = make(10);
    expect(e.kind).toBe('cpu');
    expect(e.deviceName).toBe('CPU (TypeScript, f32)');
    expect(e.paramCount).toBe(10);
    expect(e.stepCount).toBe(0);
    expect(e.droppedSnapshots).toBe(0);
  });

  test('GPU-only options are accepted and ignored', async () => {
    const e = createCpuEngine({ paramCount: 9, init: INIT, maxShardParams: 4, workgroupCount: 2 });
    const expected = new Float32Array(9);
    initWeights(expected, INIT);
    expect(await e.readWeights()).toEqual(expected);
    e.destroy();
  });
});

describe('weights', () => {
  test('starts from initWeights of the options', async () => {
    const e = make(100);
    const expected = new Float32Array(100);
    initWeights(expected, INIT);
    expect(await e.readWeights()).toEqual(expected);
  });

  test('readWeights returns a copy', async () => {
    const e = make(4);
    e.writeWeights(Float32Array.of(1, 2, 3, 4));
    const first = await e.readWeights();
    first[0] = 99;
    expect(Array.from(await e.readWeights())).toEqual([1, 2, 3, 4]);
  });

  test('writeWeights and writeGradient at an offset', async () => {
    const e = make(6);
    e.writeWeights(new Float32Array(6).fill(1));
    e.writeWeights(Float32Array.of(5, 6), 4);
    e.writeGradient(Float32Array.of(0.5), 1);
    e.step(toUpdateParams({ rule: 'none', lr: 1, l1: 0, l2: 0 }));
    expect(Array.from(await e.readWeights())).toEqual([1, 0.5, 1, 1, 5, 6]);
    expect(e.stepCount).toBe(1);
  });

  test('writes keep NaN payloads bit for bit', async () => {
    const e = make(2);
    const values = new Float32Array(new Uint32Array([0x7fc00123, 0xff800000]).buffer);
    e.writeWeights(values);
    const back = await e.readWeights();
    expect(Array.from(new Uint32Array(back.buffer))).toEqual([0x7fc00123, 0xff800000]);
  });

  test('out-of-range writes are ConfigErrors naming the field', () => {
    const e = make(8);
    for (const write of [e.writeWeights.bind(e), e.writeGradient.bind(e)]) {
      expect(() => write(new Float32Array(2), 7)).toThrow(/^offset: got 7; allowed: a whole number from 0 to 6/);
      expect(() => write(new Float32Array(2), -1)).toThrow(/^offset: got -1/);
      expect(() => write(new Float32Array(2), 1.5)).toThrow(/^offset: got 1\.5/);
      expect(() => write(new Float32Array(2), Number.NaN)).toThrow(/^offset: got NaN/);
      expect(() => write(new Float32Array(9))).toThrow(/^values\.length: got 9; allowed: at most paramCount \(8\)/);
      expect(() => write(new Float32Array(9))).toThrow(ConfigError);
      expect(() => write(new Float32Array(2), 6)).not.toThrow();
    }
  });

  test('initWeights redraws and resets the step count', async () => {
    const e = make(32);
    e.step(CLIP);
    e.step(CLIP);
    expect(e.stepCount).toBe(2);
    const other: WeightInit = { kind: 'positive', scale: 0.5, seed: 3 };
    e.initWeights(other);
    expect(e.stepCount).toBe(0);
    const expected = new Float32Array(32);
    initWeights(expected, other);
    expect(await e.readWeights()).toEqual(expected);
    expect(() => e.initWeights({ ...other, scale: Number.NaN })).toThrow(ConfigError);
  });
});

describe('snapshots', () => {
  test('arrive asynchronously, in step order, with the step count at the time', async () => {
    const e = make(256);
    const snapshots = collect(e);
    e.requestSnapshot();
    e.step(CLIP, { snapshot: true });
    e.step(CLIP);
    e.step(CLIP, { snapshot: true });
    e.requestSnapshot();
    e.step(CLIP, { snapshot: true });
    expect(snapshots).toHaveLength(0); // nothing is delivered inside the call
    await e.settled();
    expect(snapshots.map((s) => s.step)).toEqual([0, 1, 3, 3, 4]);
    for (const s of snapshots) {
      expect(s.paramCount).toBe(256);
      expect(s.counts).toHaveLength(COUNTER_COUNT);
      expect(s.counts.subarray(0, VALUE_BIN_COUNT).reduce((a, b) => a + b, 0)).toBe(256);
    }
    // the requested snapshot at step 3 saw no step, so nothing became zero in it
    expect(snapshots[2]!.counts[COUNT_BECAME_ZERO]).toBeGreaterThan(0);
    expect(snapshots[3]!.counts[COUNT_BECAME_ZERO]).toBe(0);
    expect(snapshots[3]!.counts[BIN_ZERO]).toBe(snapshots[2]!.counts[BIN_ZERO]);
  });

  test('each snapshot has its own counts, describing the weights of its step', async () => {
    const e = make(3);
    e.writeWeights(Float32Array.of(0.75, 0.5, -0.25));
    const snapshots = collect(e);
    e.requestSnapshot();
    e.step(CLIP, { snapshot: true });
    e.step(CLIP, { snapshot: true });
    await e.settled();
    const [initial, one, two] = snapshots;
    expect(initial!.l1Norm).toBe(1.5);
    expect(initial!.l2NormSquared).toBe(0.875);
    expect(initial!.counts[BIN_ZERO]).toBe(0);
    // step 1: 0.5, 0.25, 0 (−0.25 clipped)
    expect(one!.l1Norm).toBe(0.75);
    expect(one!.counts[BIN_ZERO]).toBe(1);
    expect(one!.counts[COUNT_BECAME_ZERO]).toBe(1);
    expect(one!.counts[BIN_POS_NORMAL + 125]).toBe(1); // 0.5
    // step 2: 0.25, 0, 0
    expect(two!.l1Norm).toBe(0.25);
    expect(two!.counts[BIN_ZERO]).toBe(2);
    expect(two!.counts[COUNT_BECAME_ZERO]).toBe(1);
    expect(one!.counts).not.toBe(two!.counts);
  });

  test('requestSnapshot at step 0 describes the initial weights', async () => {
    const e = make(1000);
    const snapshots = collect(e);
    e.requestSnapshot();
    await e.settled();
    const weights = await e.readWeights();
    let l1 = 0;
    let l2 = 0;
    for (const w of weights) {
      l1 += Math.abs(w);
      l2 += w * w;
    }
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.step).toBe(0);
    // Norms are reported as f32.
    expect(snapshots[0]!.l1Norm).toBe(Math.fround(l1));
    expect(snapshots[0]!.l2NormSquared).toBe(Math.fround(l2));
    expect(snapshots[0]!.l1Norm).toBeGreaterThan(400); // about N/2 for uniform [−1, 1)
  });

  test('settled() resolves at once with nothing queued; listeners can unsubscribe', async () => {
    const e = make(4);
    await e.settled();
    const kept: number[] = [];
    const dropped: number[] = [];
    e.onSnapshot((s) => kept.push(s.step));
    const off = e.onSnapshot((s) => dropped.push(s.step));
    e.step(CLIP, { snapshot: true });
    await e.settled();
    off();
    e.step(CLIP, { snapshot: true });
    await e.settled();
    expect(kept).toEqual([1, 2]);
    expect(dropped).toEqual([1]);
  });
});

describe('destroy', () => {
  test('later calls throw a clear error; snapshots still queued are not delivered', async () => {
    const e = make(4);
    const snapshots = collect(e);
    e.step(CLIP, { snapshot: true });
    e.destroy();
    await e.settled();
    expect(snapshots).toHaveLength(0);
    expect(() => e.step(CLIP)).toThrow('CPU engine: step() called after destroy()');
    expect(() => e.requestSnapshot()).toThrow(/after destroy/);
    expect(() => e.writeWeights(new Float32Array(1))).toThrow(/after destroy/);
    expect(() => e.writeGradient(new Float32Array(1))).toThrow(/after destroy/);
    expect(() => e.initWeights(INIT)).toThrow(/after destroy/);
    expect(() => e.onSnapshot(() => {})).toThrow(/after destroy/);
    await expect(e.readWeights()).rejects.toThrow(/readWeights\(\) called after destroy/);
    expect(() => e.destroy()).not.toThrow();
  });
});
