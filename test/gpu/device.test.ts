/**
 * The device the engine gets says whether its adapter is a software one: the page paces its
 * redraws by it (src/ui/redraw-interval.ts), since a software adapter computes on the same
 * cores the charts draw on. The tests' adapter is SwiftShader, Chromium's software one.
 */
import { expect, test } from 'vitest';
import { createGpuEngine } from '../../src/engine/gpu/gpu-engine.ts';
import { sharedDevice } from '../helpers/gpu-device.ts';

const acquired = await sharedDevice();

test.runIf(acquired)('SwiftShader is a software adapter, and the engine made on it says so', async () => {
  // The tests launch Chromium with --use-webgpu-adapter=swiftshader (src/cli/chromium.ts).
  expect(acquired!.adapterName).toMatch(/swiftshader/i);
  expect(acquired!.software).toBe(true);
  const engine = await createGpuEngine({ paramCount: 8, init: { kind: 'positive', scale: 1, seed: 1 }, device: acquired! });
  try {
    expect(engine.softwareAdapter).toBe(acquired!.software);
  } finally {
    engine.destroy();
  }
});
