/**
 * How the explainer lays N parameters out: the engine's own sizing functions (passed in, as
 * the explainer passes them) for this device's limits and the spec defaults, covering every
 * vec4 exactly once; and the live-rate arithmetic behind the roofline.
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_WORKGROUP_COUNT, engineGrid, WORKGROUP_SIZE } from '../../../src/engine/gpu/dispatch.ts';
import { maxShardParamsFor, planShards } from '../../../src/engine/gpu/shards.ts';
import {
  BYTES_PER_PARAM_STEP,
  copyBytesPerSecond,
  describeShardGroup,
  formatGBps,
  groupShards,
  kernelLayout,
  rooflineFraction,
  SPEC_DEFAULT_LIMITS,
  throughput,
  type EngineSizing,
  type LayoutLimits,
} from '../../../src/ui/explain/kernel-mapping.ts';

const SIZING: EngineSizing = { WORKGROUP_SIZE, engineGrid, maxShardParamsFor, planShards };
/** The software adapter's limits (1 GiB bindings and buffers). */
const SWIFTSHADER: LayoutLimits = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30, maxComputeWorkgroupsPerDimension: 65_535 };

describe('kernelLayout', () => {
  test("the app's 1,048,576 weights: one shard, 262,144 vec4s, 64 workgroups of 256, 16 vec4s a thread", () => {
    const layout = kernelLayout(1_048_576, SWIFTSHADER, SIZING);
    expect(layout.maxShardParams).toBe(2 ** 28);
    expect(layout.shards).toHaveLength(1);
    const [s] = layout.shards;
    expect(s!.vec4s).toBe(262_144);
    expect(s!.grid).toEqual({ x: DEFAULT_WORKGROUP_COUNT, y: 1, total: DEFAULT_WORKGROUP_COUNT });
    expect(s!.threads).toBe(16_384);
    expect(s!.vec4sPerThread).toEqual({ most: 16, fewest: 16 });
  });

  test('spec defaults: 2^30 weights make 32 shards of 2^25 (a 128 MiB binding each)', () => {
    const layout = kernelLayout(2 ** 30, SPEC_DEFAULT_LIMITS, SIZING);
    expect(layout.maxShardParams).toBe(2 ** 25);
    expect(layout.shards).toHaveLength(32);
    expect(layout.shards.every((s) => s.shard.count === 2 ** 25 && s.shard.bytes === 2 ** 27)).toBe(true);
  });

  test.each([1, 5, 1_023, 65_537, 1_000_003, 300_000_001])('N = %i: shards add up to N and the threads cover every vec4', (n) => {
    const layout = kernelLayout(n, SPEC_DEFAULT_LIMITS, SIZING);
    expect(layout.shards.reduce((sum, s) => sum + s.shard.count, 0)).toBe(n);
    for (const s of layout.shards) {
      expect(s.vec4s).toBe(Math.ceil(s.shard.count / 4));
      expect(s.threads * s.vec4sPerThread.most).toBeGreaterThanOrEqual(s.vec4s);
      expect(s.threads * s.vec4sPerThread.fewest).toBeLessThanOrEqual(s.vec4s);
      expect(s.grid.total).toBeLessThanOrEqual(DEFAULT_WORKGROUP_COUNT);
    }
  });

  test('a tiny vector: one workgroup, most threads idle', () => {
    const [s] = kernelLayout(5, SPEC_DEFAULT_LIMITS, SIZING).shards;
    expect(s!.grid.total).toBe(1);
    expect(s!.vec4sPerThread).toEqual({ most: 1, fewest: 0 });
    expect(describeShardGroup({ first: 0, last: 0, layout: s! }, WORKGROUP_SIZE)).toBe(
      'Shard 0: 5 weights, 32 bytes of weights and as many of gradient, read as 2 vec4s; 1 workgroups (a 1 × 1 grid) × 256 threads = 256 threads, each updating 0 or 1 vec4s (up to 4 weights) in the grid-stride loop.',
    );
  });
});

describe('groupShards', () => {
  test('equal shards in one group, the shorter last one in its own', () => {
    const layout = kernelLayout(3 * 2 ** 25 + 12, SPEC_DEFAULT_LIMITS, SIZING);
    const groups = groupShards(layout.shards);
    expect(groups.map((g) => [g.first, g.last])).toEqual([
      [0, 2],
      [3, 3],
    ]);
    expect(describeShardGroup(groups[0]!, WORKGROUP_SIZE)).toMatch(/^Shards 0–2, each: 33,554,432 weights, 134,217,728 bytes/);
    expect(describeShardGroup(groups[0]!, WORKGROUP_SIZE)).toContain('each updating 512 vec4s (2,048 weights)');
  });
});

describe('rates', () => {
  test('steps/s to parameters/s and bytes/s: 12 bytes per parameter per step, over every run', () => {
    expect(BYTES_PER_PARAM_STEP).toBe(12);
    expect(throughput(10, 2 ** 20, 2)).toEqual({ stepsPerSecond: 10, paramsPerSecond: 20_971_520, bytesPerSecond: 251_658_240 });
  });

  test('a copy reads and writes: 16 copies of 64 MiB in 0.2 s is 10.7 GB/s', () => {
    expect(copyBytesPerSecond(64 * 2 ** 20, 16, 0.2)).toBe((2 * 64 * 2 ** 20 * 16) / 0.2);
    expect(formatGBps(copyBytesPerSecond(64 * 2 ** 20, 16, 0.2))).toBe('10.7 GB/s');
  });

  test('the roofline fraction, capped at 1, 0 without a ceiling', () => {
    expect(rooflineFraction(2.5e9, 10e9)).toBe(0.25);
    expect(rooflineFraction(20e9, 10e9)).toBe(1);
    expect(rooflineFraction(1e9, 0)).toBe(0);
    expect(rooflineFraction(NaN, 1e9)).toBe(0);
  });
});
