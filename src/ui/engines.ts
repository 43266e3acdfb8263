/**
 * The engines of a session: one per run, all of one kind and size, started from the same
 * weights. On WebGPU the first comes from the engine factory (with its reason) and the
 * others share its device, so lockstep runs go through one queue and pipelines are compiled
 * once; on the CPU fallback every run gets a CPU engine of the CPU size, each in a worker of
 * its own (cpu-worker/), so training leaves the page's thread to the charts; only where
 * workers cannot be had do the CPU engines run on the page's thread. Unless the settings
 * name a size, the page asks for the problem's default size of that kind of engine
 * (problems.ts), and it refuses on the CPU a size past what stays interactive there.
 *
 * Like the self-check, this module reaches the GPU engine only by dynamic import, and only
 * once a WebGPU engine already runs, so a page on the CPU fallback never loads GPU code.
 *
 * Not here: stepping (training-loop.ts), what the weights are (problems.ts).
 */
import { ConfigError } from '../engine/config-error.ts';
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import { createEngine } from '../engine/create-engine.ts';
import type { Engine, EngineKind, WeightInit } from '../engine/types.ts';
import { startWorkerEngines } from './cpu-worker/cpu-workers.ts';
import { MAX_CPU_PARAM_COUNT } from './settings.ts';

/** Weights per run when the settings name none, per kind of engine. */
export type DefaultSizes = Readonly<Record<EngineKind, number>>;

export interface EngineSet {
  kind: EngineKind;
  engines: Engine[];
  /** The adapter's name, or "CPU". */
  deviceName: string;
  /** Why this kind of engine (the factory's reason). */
  reason: string;
  /** The shared WebGPU device, destroyed by `destroyEngineSet`. */
  device: { destroy(): void } | null;
}

/** The weights per run for an engine kind: the requested size, or the kind's default. */
export function resolveSize(kind: EngineKind, requested: number | null, defaults: DefaultSizes): number {
  if (kind === 'webgpu') return requested ?? defaults.webgpu;
  const size = requested ?? defaults.cpu;
  if (size > MAX_CPU_PARAM_COUNT) {
    throw new ConfigError('size', size, `a whole number from 1 to ${MAX_CPU_PARAM_COUNT.toLocaleString('en-US')} on the CPU engine (WebGPU takes more)`);
  }
  return size;
}

/** The device of a WebGPU engine (GpuEngine exposes it for lockstep runs and GPU-side problems). */
/**
 * The device a WebGPU engine runs on, as more engines on it are made (engine/gpu/device.ts's
 * AcquiredDevice, spelled out: the UI imports nothing from engine/gpu statically); null for a
 * CPU engine.
 */
interface SharedDevice {
  device: GPUDevice;
  adapterName: string;
  software: boolean;
}

function acquiredOf(engine: Engine): SharedDevice | null {
  if (engine.kind !== 'webgpu' || !('device' in engine)) return null;
  const gpu = engine as Engine & { device: GPUDevice; softwareAdapter: boolean };
  return { device: gpu.device, adapterName: gpu.deviceName, software: gpu.softwareAdapter };
}

/**
 * The first session's engines: WebGPU if the factory can have it, else CPU. A size the CPU
 * refuses throws a `ConfigError`; the caller may retry with the default size (null).
 */
export async function startEngineSet(requested: number | null, runs: number, init: WeightInit, defaults: DefaultSizes): Promise<EngineSet> {
  let first: Engine;
  let reason: string;
  try {
    ({ engine: first, reason } = await createEngine({ paramCount: requested ?? defaults.webgpu, init }));
  } catch (error) {
    // The factory falls back by itself only when WebGPU is missing or too small; a device
    // that fails in another way should not leave the page without an engine either.
    reason = `CPU fallback: the WebGPU engine failed to start (${(error as Error).message})`;
    return await cpuSet(requested, runs, init, reason, defaults);
  }
  const acquired = acquiredOf(first);
  if (!acquired) {
    // The fallback was built at the GPU size, which would make each CPU step slow.
    first.destroy();
    return await cpuSet(requested, runs, init, reason, defaults);
  }
  try {
    const rest = await gpuEngines(acquired, first.paramCount, runs - 1, init);
    return { kind: 'webgpu', engines: [first, ...rest], deviceName: first.deviceName, reason, device: acquired.device };
  } catch (error) {
    first.destroy();
    acquired.device.destroy();
    throw error;
  }
}

/** Engines of the same kind (and device) as `like`, for a changed size or number of runs. */
export async function rebuildEngineSet(like: EngineSet, size: number, runs: number, init: WeightInit): Promise<EngineSet> {
  if (like.kind === 'cpu') return cpuSet(size, runs, init, like.reason, { webgpu: size, cpu: size });
  const acquired = like.engines.map(acquiredOf).find((d) => d !== null) ?? null;
  if (!acquired) throw new Error('the WebGPU session has no device left');
  const engines = await gpuEngines(acquired, size, runs, init);
  return { ...like, engines };
}

/** Destroys the engines, and with `withDevice` the shared device too (when the page is done with WebGPU). */
export function destroyEngineSet(set: EngineSet, withDevice: boolean): void {
  for (const engine of set.engines) engine.destroy();
  if (withDevice) set.device?.destroy();
}

async function cpuSet(requested: number | null, runs: number, init: WeightInit, reason: string, defaults: DefaultSizes): Promise<EngineSet> {
  const paramCount = resolveSize('cpu', requested, defaults);
  const engines = (await startWorkerEngines(paramCount, runs, init)) ?? Array.from({ length: runs }, () => createCpuEngine({ paramCount, init }));
  return { kind: 'cpu', engines, deviceName: 'CPU', reason, device: null };
}

async function gpuEngines(device: SharedDevice, paramCount: number, count: number, init: WeightInit): Promise<Engine[]> {
  if (count === 0) return [];
  const { createGpuEngine } = await import('../engine/gpu/gpu-engine.ts');
  const engines: Engine[] = [];
  try {
    for (let i = 0; i < count; i++) engines.push(await createGpuEngine({ paramCount, init, device }));
  } catch (error) {
    for (const engine of engines) engine.destroy();
    throw error;
  }
  return engines;
}
