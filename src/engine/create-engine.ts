/**
 * Picking an engine: WebGPU when an adapter and a device can be had, else the CPU engine,
 * always with the reason. The WebGPU engine is loaded by dynamic import, so a page on the
 * CPU fallback never downloads GPU code.
 */
import { ConfigError } from './config-error.ts';
import { createCpuEngine } from './cpu/cpu-engine.ts';
import type { Engine, EngineOptions } from './types.ts';

export type EnginePreference = 'auto' | 'webgpu' | 'cpu';

export interface EngineChoice {
  engine: Engine;
  /** Why this engine: the adapter's name, or why WebGPU could not be used. */
  reason: string;
}

export async function createEngine(options: EngineOptions, preference: EnginePreference = 'auto'): Promise<EngineChoice> {
  if (preference === 'cpu') return { engine: createCpuEngine(options), reason: 'the CPU engine was asked for' };
  const { acquireDevice } = await import('./gpu/device.ts');
  const device = await acquireDevice();
  let whyNot: string;
  if (device.ok) {
    const { createGpuEngine } = await import('./gpu/gpu-engine.ts');
    try {
      const engine = await createGpuEngine({ ...options, device: device.value });
      return { engine, reason: `WebGPU adapter: ${device.value.adapterName}` };
    } catch (error) {
      // A size the device cannot hold may still fit in memory on the CPU.
      if (preference === 'webgpu' || !(error instanceof ConfigError)) throw error;
      device.value.device.destroy();
      whyNot = `the WebGPU device cannot take this run (${error.message})`;
    }
  } else {
    whyNot = device.reason;
  }
  if (preference === 'webgpu') throw new Error(`WebGPU was asked for but is not available: ${whyNot}`);
  return { engine: createCpuEngine(options), reason: `CPU fallback: ${whyNot}` };
}
