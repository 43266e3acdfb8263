/**
 * The benchmark's cases, in the order they run and print: what each one times and how to
 * set it up on the shared inputs. Each case gets fresh buffers and destroys them before the
 * next starts (SwiftShader gives one device at most 1 GiB per buffer and shares the host's
 * memory). The timing itself is in measure.ts, the page that runs them in page.ts.
 */
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import type { AcquiredDevice } from '../engine/gpu/device.ts';
import { createGpuEngine } from '../engine/gpu/gpu-engine.ts';
import type { Engine, UpdateParams, WeightInit } from '../engine/types.ts';
import type { BenchInputs } from './inputs.ts';
import type { Subject } from './measure.ts';
import { NaiveElementwiseUpdate } from './naive-update.ts';
import type { BenchResult } from './protocol.ts';
import { createTfjsUpdate } from './tfjs-update.ts';

export interface CaseSubject extends Subject {
  /** The weights after the steps so far; cases that have it are checked after one step. */
  readWeights?(): Promise<Float32Array>;
}

export interface CaseContext {
  /** The page's device; null when the browser has no WebGPU adapter (webgpu cases skipped). */
  gpu: AcquiredDevice | null;
  inputs: BenchInputs;
  params: UpdateParams;
}

export interface BenchCase extends Pick<BenchResult, 'case' | 'impl' | 'backend'> {
  create(context: CaseContext): Promise<CaseSubject>;
}

const gpuEngine =
  (snapshot: boolean) =>
  async ({ gpu, inputs, params }: CaseContext): Promise<CaseSubject> =>
    engineSubject(await createGpuEngine({ paramCount: inputs.weights.length, init: UNUSED_INIT, device: needGpu(gpu) }), inputs, params, snapshot);

const tfjs =
  (backend: 'webgpu' | 'cpu') =>
  ({ inputs, params }: CaseContext): Promise<CaseSubject> =>
    createTfjsUpdate(backend, inputs, params);

export const CASES: readonly BenchCase[] = [
  { case: 'update+stats', impl: 'fused-wgsl', backend: 'webgpu', create: gpuEngine(true) },
  { case: 'update', impl: 'fused-wgsl', backend: 'webgpu', create: gpuEngine(false) },
  {
    case: 'update',
    impl: 'naive-wgsl',
    backend: 'webgpu',
    create: ({ gpu, inputs, params }) => NaiveElementwiseUpdate.create(needGpu(gpu).device, inputs.weights, inputs.gradient, params),
  },
  { case: 'update', impl: 'tfjs', backend: 'webgpu', create: tfjs('webgpu') },
  {
    case: 'update',
    impl: 'cpu-engine',
    backend: 'cpu',
    create: async ({ inputs, params }) => engineSubject(createCpuEngine({ paramCount: inputs.weights.length, init: UNUSED_INIT }), inputs, params, false),
  },
  { case: 'update', impl: 'tfjs', backend: 'cpu', create: tfjs('cpu') },
  { case: 'copy', impl: 'copyBufferToBuffer', backend: 'webgpu', create: async ({ gpu, inputs }) => createCopy(needGpu(gpu).device, inputs.weights) },
];

/** Engines must start from something; the shared inputs overwrite it at once. */
const UNUSED_INIT: WeightInit = { kind: 'symmetric', scale: 1, seed: 0 };

/**
 * Snapshot steps kept in flight. The GPU engine reads statistics back through a ring of
 * three staging buffers and skips (does not compute) a snapshot when all are busy, so a loop
 * that queued every step at once would time steps without statistics. Waiting for the
 * oldest snapshot before queuing a fourth step keeps the queue fed and every step counted.
 */
const SNAPSHOTS_IN_FLIGHT = 3;

/** An engine loaded with the shared inputs; with `snapshot`, statistics on every step. */
function engineSubject(engine: Engine, inputs: BenchInputs, params: UpdateParams, snapshot: boolean): CaseSubject {
  engine.writeWeights(inputs.weights);
  engine.writeGradient(inputs.gradient);
  const base = { settled: () => engine.settled(), readWeights: () => engine.readWeights(), destroy: () => engine.destroy() };
  if (!snapshot) return { ...base, step: () => engine.step(params) };

  let queued = 0;
  let delivered = 0;
  let wake: (() => void) | null = null;
  engine.onSnapshot(() => {
    delivered++;
    wake?.();
  });
  return {
    ...base,
    step: async () => {
      while (queued - delivered >= SNAPSHOTS_IN_FLIGHT) {
        const next = new Promise<void>((resolve) => (wake = resolve));
        // Settling first means a snapshot will never come (a failed readback rejects here).
        const lost = engine.settled().then(() => {
          if (queued - delivered >= SNAPSHOTS_IN_FLIGHT) throw new Error(`the engine settled with ${queued - delivered} snapshots undelivered`);
        });
        await Promise.race([next, lost]);
      }
      queued++;
      engine.step(params, { snapshot: true });
    },
    settled: async () => {
      await engine.settled();
      if (engine.droppedSnapshots > 0) {
        throw new Error(`the engine skipped ${engine.droppedSnapshots} of ${queued} snapshots, so those steps were timed without statistics`);
      }
    },
  };
}

/** The adapter's own copy: the bandwidth ceiling an update in the same run can be held to. */
function createCopy(device: GPUDevice, values: Float32Array<ArrayBuffer>): CaseSubject {
  const size = values.byteLength;
  const source = device.createBuffer({ label: 'bench copy source', size, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const target = device.createBuffer({ label: 'bench copy target', size, usage: GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(source, 0, values);
  return {
    step: () => {
      const encoder = device.createCommandEncoder({ label: 'bench copy' });
      encoder.copyBufferToBuffer(source, 0, target, 0, size);
      device.queue.submit([encoder.finish()]);
    },
    settled: () => device.queue.onSubmittedWorkDone(),
    destroy: () => {
      source.destroy();
      target.destroy();
    },
  };
}

function needGpu(gpu: AcquiredDevice | null): AcquiredDevice {
  if (!gpu) throw new Error('this case needs a WebGPU device');
  return gpu;
}
