/**
 * How often the page redraws its charts: the least milliseconds between two redraws.
 *
 * Drawing takes CPU time from training only where training leaves no core free. On WebGPU
 * the steps run on the GPU; on the CPU fallback each run trains in a worker of its own
 * (cpu-worker/), so with more cores than runs a core is left for the page, and the charts
 * follow as closely as on WebGPU. With as many runs as cores or more, or with the CPU
 * engines on the page's own thread (no workers to be had), every millisecond spent drawing
 * is one training does not get, and a redraw of the charts on screen costs some 25 ms of CPU
 * time in all (measured in headless Chromium: the page's thread, then raster and
 * compositing): there the charts redraw three times a second, still live. (Once a second
 * measured no better on the loaded 2-core development machine: what charts cost training
 * there is not mostly the redraws; README, "Throughput".)
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
  if (engines.length === 0 || engines[0]!.kind === 'webgpu') return FAST_REDRAW_MS;
  const inWorkers = engines.every((engine) => engine instanceof WorkerEngine);
  return inWorkers && Number.isFinite(cores) && cores > engines.length ? FAST_REDRAW_MS : SHARED_REDRAW_MS;
}
