/**
 * How often the charts redraw: about fifteen times a second where training leaves a core
 * free (a hardware GPU, or more cores than CPU workers), three times a second where it takes
 * every core (a software adapter, CPU workers on every core) or trains on the page's thread.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { GpuEngine } from '../../src/engine/gpu/gpu-engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { FAST_REDRAW_MS, redrawInterval, SHARED_REDRAW_MS } from '../../src/ui/redraw-interval.ts';
import { startWorkerEngine } from '../helpers/worker-channel.ts';

const INIT = { kind: 'positive', scale: 1, seed: 1 } as const;
const started: Engine[] = [];
afterAll(() => started.forEach((e) => e.destroy()));

async function inWorkers(count: number): Promise<Engine[]> {
  const engines = await Promise.all(Array.from({ length: count }, () => startWorkerEngine({ paramCount: 8, init: INIT })));
  started.push(...engines);
  return engines;
}

describe('ui: redraw interval', () => {
  test('the slow pace is still a few redraws a second, the fast one about fifteen', () => {
    expect(1000 / SHARED_REDRAW_MS).toBeGreaterThanOrEqual(3);
    expect(1000 / FAST_REDRAW_MS).toBeCloseTo(15, 0);
  });

  test('a hardware WebGPU adapter, or nothing running yet: fast, whatever the cores', () => {
    const gpu = { kind: 'webgpu', softwareAdapter: false } as GpuEngine;
    expect(redrawInterval([gpu, gpu, gpu], 1)).toBe(FAST_REDRAW_MS);
    expect(redrawInterval([], 0)).toBe(FAST_REDRAW_MS);
  });

  test('a software WebGPU adapter (SwiftShader) computes on the cores: slow, however many', () => {
    const software = { kind: 'webgpu', softwareAdapter: true } as GpuEngine;
    expect(redrawInterval([software, software, software], 64)).toBe(SHARED_REDRAW_MS);
  });

  test('CPU engines in workers: fast only with a core more than there are runs', async () => {
    const three = await inWorkers(3);
    expect(redrawInterval(three, 4)).toBe(FAST_REDRAW_MS);
    expect(redrawInterval(three, 16)).toBe(FAST_REDRAW_MS);
    expect(redrawInterval(three, 3)).toBe(SHARED_REDRAW_MS);
    expect(redrawInterval(three, 2)).toBe(SHARED_REDRAW_MS);
    expect(redrawInterval(three, 0)).toBe(SHARED_REDRAW_MS); // unknown
    expect(redrawInterval(three, NaN)).toBe(SHARED_REDRAW_MS);
  });

  test('CPU engines on the page’s own thread: slow, however many cores', () => {
    const onPage = [createCpuEngine({ paramCount: 8, init: INIT }), createCpuEngine({ paramCount: 8, init: INIT })];
    expect(redrawInterval(onPage, 64)).toBe(SHARED_REDRAW_MS);
  });
});
