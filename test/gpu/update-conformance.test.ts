/**
 * The fused WGSL update, run on the software WebGPU adapter, against the CPU reference
 * engine: every rule, sizes across workgroup and vec4 boundaries, sharded vectors, a grid
 * past 65,535 workgroups, and edge values. Weights compare with abs+rel tolerance; counts
 * compare exactly and their value bins sum to N.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import type { AcquiredDevice } from '../../src/engine/gpu/device.ts';
import type { GpuEngineOptions } from '../../src/engine/gpu/gpu-engine.ts';
import { BIN_ZERO, COUNTER_COUNT, VALUE_BIN_COUNT } from '../../src/engine/stats-layout.ts';
import type { Regulariser, Snapshot, UpdateParams } from '../../src/engine/types.ts';
import { allCloseReport, exactReport } from '../helpers/f32-compare.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';
import { EDGE_VALUES, uniformF32 } from '../helpers/test-data.ts';
import { EnginePair } from './engine-pair.ts';

const RULES: Record<string, Regulariser> = {
  none: { rule: 'none', lr: 0.1, l1: 0, l2: 0 },
  l1: { rule: 'l1', lr: 0.1, l1: 2, l2: 0 },
  'l1-clip': { rule: 'l1-clip', lr: 0.1, l1: 2, l2: 0 },
  'l1-prox': { rule: 'l1-prox', lr: 0.1, l1: 2, l2: 0 },
  l2: { rule: 'l2', lr: 0.1, l2: 0.5, l1: 0 },
  'elastic net (sign)': { rule: 'l1', lr: 0.1, l1: 1, l2: 0.5 },
  'elastic net (clip)': { rule: 'l1-clip', lr: 0.1, l1: 1, l2: 0.5 },
  'elastic net (prox)': { rule: 'l1-prox', lr: 0.1, l1: 1, l2: 0.5 },
};

const NORM_TOLERANCE = { abs: 1e-6, rel: 1e-5 };

let device: AcquiredDevice | null = null;
let pair: EnginePair | null = null;

beforeAll(async () => {
  device = await sharedDevice();
});

afterEach(() => {
  pair?.destroy();
  pair = null;
});

function binName(i: number): string {
  return i === BIN_ZERO ? 'zero bin' : `bin ${i}`;
}

function expectSnapshotsMatch(gpu: Snapshot[], cpu: Snapshot[], paramCount: number): void {
  expect(gpu.map((s) => s.step)).toEqual(cpu.map((s) => s.step));
  gpu.forEach((g, i) => {
    const c = cpu[i]!;
    expect(g.counts.length).toBe(COUNTER_COUNT);
    expect(exactReport(g.counts, c.counts, binName), `snapshot at step ${g.step}`).toBeNull();
    expect(g.counts.subarray(0, VALUE_BIN_COUNT).reduce((a, b) => a + b, 0)).toBe(paramCount);
    // f32 sums in a different order: close, not equal (and both Infinity past f32's range).
    expect(allCloseReport([g.l1Norm, g.l2NormSquared], [c.l1Norm, c.l2NormSquared], NORM_TOLERANCE), 'norms').toBeNull();
  });
}

type Layout = Pick<GpuEngineOptions, 'maxShardParams' | 'workgroupCount' | 'maxWorkgroupsPerDimension'>;

async function runScenario(paramCount: number, params: UpdateParams, extra: Layout = {}) {
  const d = device!;
  return withErrorScopes(d.device, async () => {
    pair = await EnginePair.create({ paramCount, init: { kind: 'symmetric', scale: 1, seed: paramCount }, device: d, ...extra });
    const initial = await pair.results();
    expect(allCloseReport(initial.gpu.weights, initial.cpu.weights, { abs: 0, rel: 0 }), 'initial weights bit for bit').toBeNull();
    pair.each((e) => e.writeGradient(uniformF32(paramCount, 0.5, 7 + paramCount)));
    // A snapshot after initWeights counts every weight; the steps after it, each with a
    // snapshot, count only the weights whose bin changed.
    pair.each((e) => e.requestSnapshot());
    await pair.steps(params, 3);
    // Steps with no snapshot take the update-only pipeline, so the next snapshot counts all
    // again, and the one after it counts changes.
    await pair.steps(params, 2, false);
    await pair.steps(params, 2);
    // Weights written over part of the vector: the counts held no longer describe them.
    pair.each((e) => e.writeWeights(uniformF32(Math.ceil(paramCount / 3), 2, 11 + paramCount), Math.floor(paramCount / 3)));
    await pair.steps(params, 2);
    const { gpu, cpu } = await pair.results();
    expect(gpu.snapshots.length).toBe(8);
    expectSnapshotsMatch(gpu.snapshots, cpu.snapshots, paramCount);
    expect(allCloseReport(gpu.weights, cpu.weights)).toBeNull();
    return { gpu, cpu };
  });
}

describe.runIf(await sharedDevice())('fused update on WebGPU matches the CPU engine', () => {
  const SIZES = [1, 255, 256, 257, 4099, 65_537];

  for (const [name, regulariser] of Object.entries(RULES)) {
    test.each(SIZES)(`${name}, N = %i`, async (n) => {
      await runScenario(n, toUpdateParams(regulariser));
    });
  }

  test.each(Object.keys(RULES))('%s on a sharded vector (N = 10,007 over 11 shards of 1,000)', async (name) => {
    const params = toUpdateParams(RULES[name]!);
    const { gpu } = await runScenario(10_007, params, { maxShardParams: 1_000 });
    // The clip and prox forms make exact zeros (the sign step only chatters).
    if (params.l1Form !== 'sign') expect(gpu.snapshots.at(-1)!.counts[BIN_ZERO]).toBeGreaterThan(1_000);
  });

  test('a grid that spills into y (as past 65,535 workgroups) covers every weight once', async () => {
    // 300 workgroups of 256 threads, at most 7 per row: 43 rows, the last one partly idle.
    await runScenario(65_537, toUpdateParams(RULES['elastic net (clip)']!), { workgroupCount: 300, maxWorkgroupsPerDimension: 7 });
  });

  test.each(Object.keys(RULES))('%s on edge values (±0, subnormals, NaN, ±Inf, 3e38)', async (name) => {
    const d = device!;
    const params = toUpdateParams({ ...RULES[name]!, lr: 1 });
    const weights = Float32Array.from(EDGE_VALUES.flatMap((w) => EDGE_VALUES.map(() => w)));
    const gradient = Float32Array.from(EDGE_VALUES.flatMap(() => EDGE_VALUES));
    await withErrorScopes(d.device, async () => {
      pair = await EnginePair.create({ paramCount: weights.length, init: { kind: 'symmetric', scale: 1, seed: 1 }, device: d });
      pair.each((e) => e.writeWeights(weights));
      pair.each((e) => e.writeGradient(gradient));
      // The first step counts every weight, the next two only the ones whose bin changed.
      await pair.steps(params, 3);
      const { gpu, cpu } = await pair.results();
      expectSnapshotsMatch(gpu.snapshots, cpu.snapshots, weights.length);
      expect(allCloseReport(gpu.weights, cpu.weights)).toBeNull();
    });
  });

  test('an update that overflows to Inf − Inf gives NaN on both engines (found by the property test)', async () => {
    const d = device!;
    // d·w = 8·(−2^125) = −Inf and w − lr·g ≈ −Inf: u is NaN, and max(NaN, 0) must not hide it.
    const params = toUpdateParams({ rule: 'l1-prox', lr: 2, l1: 1, l2: 4 });
    await withErrorScopes(d.device, async () => {
      pair = await EnginePair.create({ paramCount: 3, init: { kind: 'symmetric', scale: 1, seed: 1 }, device: d });
      pair.each((e) => e.writeWeights(Float32Array.of(-(2 ** 125), 1, -(2 ** 125))));
      pair.each((e) => e.writeGradient(Float32Array.of(1.4887353552791058e38, 0, 0)));
      await pair.steps(params, 1);
      const { gpu, cpu } = await pair.results();
      expect(Number.isNaN(cpu.weights[0])).toBe(true);
      expectSnapshotsMatch(gpu.snapshots, cpu.snapshots, 3);
      expect(allCloseReport(gpu.weights, cpu.weights)).toBeNull();
    });
  });
});


describe.runIf(await sharedDevice())('reading part of the weights', () => {
  test('a range across shard boundaries matches the CPU engine, and a bad range is refused', async () => {
    const d = device!;
    await withErrorScopes(d.device, async () => {
      pair = await EnginePair.create({ paramCount: 1_001, init: { kind: 'symmetric', scale: 1, seed: 9 }, device: d, maxShardParams: 100 });
      for (const [start, count] of [[0, 1], [99, 2], [250, 600], [1_000, 1], [37, 0]] as const) {
        const [g, c] = await Promise.all([pair.gpu.readWeights(start, count), pair.cpu.readWeights(start, count)]);
        expect(g.length).toBe(count);
        expect(allCloseReport(g, c, { abs: 0, rel: 0 })).toBeNull();
      }
      await expect(pair.gpu.readWeights(1_000, 2)).rejects.toThrow('readWeights.count: got 2; allowed: a whole number from 0 to 1');
      await expect(pair.cpu.readWeights(-1, 2)).rejects.toThrow('readWeights.start: got -1');
    });
  });
});
