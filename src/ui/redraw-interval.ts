/**
 * How often the page redraws its charts: the least milliseconds between two redraws.
 *
 * Drawing takes CPU time from training only where training leaves no core free. A hardware
 * WebGPU adapter steps on the GPU; a software one (SwiftShader, `isFallbackAdapter`) computes
 * on every core the machine has. On the CPU fallback each run trains in a worker of its own
 * (cpu-worker/), so with more cores than runs a core is left for the page, and the charts
 * follow as closely as on a GPU. On a software adapter, with as many runs as cores or more,
 * or with the CPU engines on the page's own thread (no workers to be had), every millisecond
 * spent drawing is one training does not get, and a redraw of the charts on screen costs
 * some 25 ms of CPU time in all (measured in headless Chromium: the page's thread, then
 * raster and compositing): there the charts redraw three times a second, still live.
 * (README, "Throughput", has what charts cost training on the 2-core development machine.)
 *
 * Plain arithmetic, no DOM: the mediator passes the session's engines and
 * `navigator.hardwareConcurrency` (0 when unknown, which counts as no core to spare).
 */
import type { Engine } from '../engine/types.ts';
import { WorkerEngine } from './cpu-worker/worker-engine.ts';

/** About fifteen redraws a second. */
export const FAST_REDRAW_MS = 66;
/** Three redraws a second, where drawing competes with training for every core. */
export const SHARED_REDRAW_MS = 333;

export function redrawInterval(engines: readonly Engine[], cores: number): number {
  if (engines.length === 0) return FAST_REDRAW_MS;
  if (engines[0]!.kind === 'webgpu') return isSoftwareAdapter(engines[0]!) ? SHARED_REDRAW_MS : FAST_REDRAW_MS;
  const inWorkers = engines.every((engine) => engine instanceof WorkerEngine);
  return inWorkers && Number.isFinite(cores) && cores > engines.length ? FAST_REDRAW_MS : SHARED_REDRAW_MS;
}

/** GpuEngine's `softwareAdapter`, read without importing the GPU engine (the CPU fallback never loads it). */
function isSoftwareAdapter(engine: Engine): boolean {
  return 'softwareAdapter' in engine && engine.softwareAdapter === true;
}
