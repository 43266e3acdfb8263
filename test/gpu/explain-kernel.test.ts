/**
 * The GPU explainer against the real engine on the software adapter: the layout it shows
 * (kernel-mapping.ts with the engine's sizing functions) is the grid the engine dispatches,
 * shard by shard, including a grid that spills into y; and the copy bandwidth it measures at
 * start-up is a finite rate, with no WebGPU error.
 */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import type { AcquiredDevice } from '../../src/engine/gpu/device.ts';
import { engineGrid, WORKGROUP_SIZE } from '../../src/engine/gpu/dispatch.ts';
import { createGpuEngine, type GpuEngine } from '../../src/engine/gpu/gpu-engine.ts';
import { maxShardParamsFor, planShards } from '../../src/engine/gpu/shards.ts';
import { measureCopyBandwidth } from '../../src/ui/explain/copy-bandwidth.ts';
import { kernelLayout, type LayoutLimits } from '../../src/ui/explain/kernel-mapping.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';

let device: AcquiredDevice | null = null;
let engine: GpuEngine | null = null;

beforeAll(async () => {
  device = await sharedDevice();
});

afterEach(() => {
  engine?.destroy();
  engine = null;
});

describe.runIf(await sharedDevice())('the GPU explainer on WebGPU', () => {
  test("the layout it shows is the engine's dispatch: 5 shards, grids spilling into y", async () => {
    const d = device!;
    // Small limits, so 70,001 weights shard and a shard's 16 workgroups spill past 7 per dimension.
    const limits: LayoutLimits = { maxStorageBufferBindingSize: 65_536, maxBufferSize: 2 ** 30, maxComputeWorkgroupsPerDimension: 7 };
    const layout = kernelLayout(70_001, limits, { WORKGROUP_SIZE, engineGrid, maxShardParamsFor, planShards });
    expect(layout.shards).toHaveLength(5);
    expect(layout.shards[0]!.grid).toEqual({ x: 7, y: 3, total: 21 });

    const dispatched: [number, number][] = [];
    const prototype = GPUComputePassEncoder.prototype;
    const original = prototype.dispatchWorkgroups;
    await withErrorScopes(d.device, async () => {
      engine = await createGpuEngine({
        paramCount: 70_001,
        init: { kind: 'symmetric', scale: 1, seed: 1 },
        device: d,
        maxShardParams: maxShardParamsFor(limits),
        maxWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      });
      await engine.settled();
      prototype.dispatchWorkgroups = function (this: GPUComputePassEncoder, x: number, y?: number, z?: number) {
        dispatched.push([x, y ?? 1]);
        return original.call(this, x, y, z);
      };
      try {
        engine.step(toUpdateParams({ rule: 'l1-prox', lr: 1, l1: 0.01, l2: 0 }));
      } finally {
        prototype.dispatchWorkgroups = original;
      }
      await engine.settled();
    });
    expect(dispatched).toEqual(layout.shards.map((s) => [s.grid.x, s.grid.y]));
  });

  test('the copy bandwidth is measured: a finite rate from whole batches of copies', async () => {
    const d = device!;
    const result = await withErrorScopes(d.device, () => measureCopyBandwidth(d.device, { bytes: 2 ** 20, minSeconds: 0.02 }));
    expect(result.bytes).toBe(2 ** 20);
    expect(result.copies).toBeGreaterThanOrEqual(1);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.bytesPerSecond).toBe((2 * result.bytes * result.copies) / result.seconds);
    expect(Number.isFinite(result.bytesPerSecond)).toBe(true);
  });
});
