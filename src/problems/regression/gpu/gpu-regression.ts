/**
 * The regression sums on the GPU, for the WebGPU engine: the rows (row keys and targets, 16
 * bytes a sample) are uploaded once, the design matrix is generated inside the kernels, and
 * each step records predict → residual → gradient into one compute pass, writing the
 * engine's gradient buffers shard by shard, then submits; the engine's `step`, submitted
 * after, applies the update in queue order. Nothing is read back in the step loop; the
 * residuals (for the losses) and the weights on the truth's support are read back only when
 * the run asks, at snapshots.
 *
 * Sizing. Predictions are split into chunks of features so that rows × chunks gives about
 * `threadsPerShard` invocations per shard (a tunable, like the engine's workgroup count: few
 * for a software adapter, more for a big GPU); every chunk writes one partial sum per row and
 * the residual kernel adds them up. The gradient kernel strides over the shard's vec4s with
 * at most threadsPerShard/256 workgroups.
 *
 * Not here: the arithmetic (shaders/regression-*.wgsl), the CPU's version (cpu-regression.ts).
 * Loaded by dynamic import only when the engine is a WebGPU one.
 */
import { gridFor, groupsFor, MAX_GROUPS_PER_DIMENSION, WORKGROUP_SIZE, type Grid } from '../../../engine/gpu/dispatch.ts';
import { DEFAULT_WORKGROUP_COUNT, type GpuEngine, type ParameterShard } from '../../../engine/gpu/gpu-engine.ts';
import type { RegressionBackend } from '../backend.ts';
import type { RegressionProblem, RowSet } from '../problem.ts';
import type { FeatureKind } from '../settings.ts';
import { GradientKernel } from './gradient-kernel.ts';
import { PREDICT_WORKGROUP_SIZE, PredictKernel } from './predict-kernel.ts';
import { ResidualKernel } from './residual-kernel.ts';
import {
  GRADIENT_UNIFORM_BYTES,
  packGradientUniforms,
  packPredictUniforms,
  packResidualUniforms,
  packRows,
  PREDICT_UNIFORM_BYTES,
  RESIDUAL_UNIFORM_BYTES,
  ROW_BYTES,
} from './uniforms.ts';

/** Invocations aimed at per shard and pass: as many as the engine's update launches. */
export const DEFAULT_THREADS_PER_SHARD = DEFAULT_WORKGROUP_COUNT * WORKGROUP_SIZE;

export interface GpuRegressionOptions {
  threadsPerShard?: number;
}

interface Kernels {
  predict: PredictKernel;
  residual: ResidualKernel;
  gradient: GradientKernel;
}

/** Pipelines per device and feature kind, shared by every run on the device (lockstep runs, tests). */
const kernelCache = new WeakMap<GPUDevice, Map<FeatureKind, Promise<Kernels>>>();

function kernelsFor(device: GPUDevice, kind: FeatureKind): Promise<Kernels> {
  let byKind = kernelCache.get(device);
  if (!byKind) kernelCache.set(device, (byKind = new Map()));
  let kernels = byKind.get(kind);
  if (!kernels) {
    kernels = Promise.all([PredictKernel.create(device, kind), ResidualKernel.create(device, kind), GradientKernel.create(device, kind)]).then(
      ([predict, residual, gradient]) => ({ predict, residual, gradient }),
    );
    kernels.catch(() => byKind.delete(kind));
    byKind.set(kind, kernels);
  }
  return kernels;
}

/** One set of rows on the device, with everything needed to run the passes over it. */
interface RowBuffers {
  label: string;
  count: number;
  rows: GPUBuffer;
  /** Per shard: the predict dispatch and its bind group. */
  predict: { bindGroup: GPUBindGroup; chunks: number }[];
  residual: GPUBindGroup;
  /** Per shard, for the sets a step trains on (train, batch). */
  gradient: GPUBindGroup[];
  rowGroups: number;
}

export class GpuRegression implements RegressionBackend {
  readonly #device: GPUDevice;
  readonly #problem: RegressionProblem;
  readonly #kernels: Kernels;
  readonly #shards: readonly ParameterShard[];
  readonly #threads: number;
  readonly #owned: GPUBuffer[] = [];
  readonly #gradientGrids: Grid[];
  #partials!: GPUBuffer;
  #residuals!: GPUBuffer;
  #train!: RowBuffers;
  #test!: RowBuffers;
  #batch: RowBuffers | null = null;

  private constructor(engine: GpuEngine, problem: RegressionProblem, kernels: Kernels, threads: number) {
    this.#device = engine.device;
    this.#problem = problem;
    this.#kernels = kernels;
    this.#shards = engine.shards;
    this.#threads = threads;
    this.#gradientGrids = this.#shards.map((s) => gridFor(groupsFor(Math.ceil(s.count / 4), Math.ceil(threads / WORKGROUP_SIZE))));
  }

  static async create(engine: GpuEngine, problem: RegressionProblem, options: GpuRegressionOptions = {}): Promise<GpuRegression> {
    if (engine.paramCount !== problem.features) throw new RangeError(`the engine holds ${engine.paramCount} weights, the problem has ${problem.features} features`);
    const threads = options.threadsPerShard ?? DEFAULT_THREADS_PER_SHARD;
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`threadsPerShard must be a whole number ≥ 1, got ${threads}`);
    const kernels = await kernelsFor(engine.device, problem.settings.featureKind);
    const backend = new GpuRegression(engine, problem, kernels, threads);
    await backend.#allocate();
    return backend;
  }

  async #allocate(): Promise<void> {
    const device = this.#device;
    const { train, test, settings } = this.#problem;
    const batch = settings.batch === 'full' ? null : settings.batch;
    device.pushErrorScope('out-of-memory');
    const counts = [train.count, test.count, batch ?? 0];
    const partialFloats = Math.max(...counts.map((rows) => rows * this.#chunkPlan(rows).reduce((n, c) => n + c.chunks, 0)));
    this.#partials = this.#buffer('partials', partialFloats * 4, GPUBufferUsage.STORAGE);
    this.#residuals = this.#buffer('residuals', Math.max(...counts) * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    this.#train = this.#rowBuffers('train', train, true);
    this.#test = this.#rowBuffers('test', test, false);
    if (batch !== null) this.#batch = this.#rowBuffers('batch', { count: batch, keys: new Uint32Array(batch), latentKeys: new Uint32Array(batch), targets: new Float32Array(batch) }, true);
    const error = await device.popErrorScope();
    if (error) {
      this.destroy();
      throw new RangeError(`allocating the regression buffers failed: ${error.message}`);
    }
  }

  /** Chunks of each shard's vec4s for `rows` rows: about `threads` invocations per shard. */
  #chunkPlan(rows: number): { vecsPerChunk: number; chunks: number }[] {
    return this.#shards.map((s) => {
      const vecs = Math.ceil(s.count / 4);
      const wanted = Math.min(Math.ceil(this.#threads / Math.max(1, rows)), vecs, MAX_GROUPS_PER_DIMENSION);
      const vecsPerChunk = Math.ceil(vecs / Math.max(1, wanted));
      return { vecsPerChunk, chunks: Math.ceil(vecs / vecsPerChunk) };
    });
  }

  #rowBuffers(label: string, set: RowSet, trains: boolean): RowBuffers {
    const device = this.#device;
    const { predict, residual, gradient } = this.#kernels;
    const rows = this.#buffer(`${label}.rows`, Math.max(1, set.count) * ROW_BYTES, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(rows, 0, packRows(set));
    let chunkBase = 0;
    const plan = this.#chunkPlan(set.count);
    const predictGroups = this.#shards.map((s, i) => {
      const { vecsPerChunk, chunks } = plan[i]!;
      const uniforms = this.#uniforms(`${label}.shard[${i}].predict`, PREDICT_UNIFORM_BYTES, packPredictUniforms({ shardStart: s.start, vecCount: Math.ceil(s.count / 4), rowCount: set.count, chunkBase, vecsPerChunk }));
      chunkBase += chunks;
      return { bindGroup: predict.bindGroup(device, `${label}.shard[${i}]`, [uniforms, s.weights, rows, this.#partials]), chunks };
    });
    const residualUniforms = this.#uniforms(`${label}.residual`, RESIDUAL_UNIFORM_BYTES, packResidualUniforms(set.count, chunkBase));
    const scale = Math.fround(2 / Math.max(1, set.count));
    return {
      label,
      count: set.count,
      rows,
      predict: predictGroups,
      residual: residual.bindGroup(device, label, [residualUniforms, rows, this.#partials, this.#residuals]),
      gradient: trains
        ? this.#shards.map((s, i) => {
            const uniforms = this.#uniforms(`${label}.shard[${i}].gradient`, GRADIENT_UNIFORM_BYTES, packGradientUniforms(s.start, s.count, set.count, scale));
            return gradient.bindGroup(device, `${label}.shard[${i}]`, [uniforms, rows, this.#residuals, s.gradient]);
          })
        : [],
      rowGroups: Math.min(Math.ceil(set.count / PREDICT_WORKGROUP_SIZE), MAX_GROUPS_PER_DIMENSION),
    };
  }

  #buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const buffer = this.#device.createBuffer({ label: `regression.${label}`, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
    this.#owned.push(buffer);
    return buffer;
  }

  #uniforms(label: string, size: number, data: ArrayBuffer): GPUBuffer {
    const buffer = this.#buffer(`${label}.uniforms`, size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.#device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** Records predict and residual passes over `set` into `pass`: residuals[0, count) hold r. */
  #recordResiduals(pass: GPUComputePassEncoder, set: RowBuffers): void {
    if (set.count === 0) return;
    set.predict.forEach(({ bindGroup, chunks }) => this.#kernels.predict.record(pass, bindGroup, set.rowGroups, chunks));
    this.#kernels.residual.record(pass, set.residual, set.rowGroups);
  }

  async writeGradient(rows: RowSet): Promise<void> {
    let set: RowBuffers;
    if (rows === this.#problem.train) {
      set = this.#train;
    } else {
      if (!this.#batch || rows.count !== this.#batch.count) throw new RangeError(`a minibatch must hold ${this.#batch?.count ?? 'no'} rows (the problem's batch), got ${rows.count}`);
      set = this.#batch;
      // Queue order: this write lands after the previous step's passes read the buffer.
      this.#device.queue.writeBuffer(set.rows, 0, packRows(rows));
    }
    const encoder = this.#device.createCommandEncoder({ label: 'regression.gradient.encoder' });
    const pass = encoder.beginComputePass({ label: 'regression.gradient.pass' });
    this.#recordResiduals(pass, set);
    set.gradient.forEach((bindGroup, i) => this.#kernels.gradient.record(pass, bindGroup, this.#gradientGrids[i]!));
    pass.end();
    this.#device.queue.submit([encoder.finish()]);
  }

  async residuals(): Promise<{ train: Float32Array; test: Float32Array }> {
    const device = this.#device;
    const train = this.#train;
    const test = this.#test;
    const staging = device.createBuffer({ label: 'regression.residuals.staging', size: Math.max(4, (train.count + test.count) * 4), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder({ label: 'regression.residuals.encoder' });
    let offset = 0;
    for (const set of [train, test]) {
      if (set.count === 0) continue;
      const pass = encoder.beginComputePass({ label: `regression.residuals.${set.label}.pass` });
      this.#recordResiduals(pass, set);
      pass.end();
      encoder.copyBufferToBuffer(this.#residuals, 0, staging, offset * 4, set.count * 4);
      offset += set.count;
    }
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      const all = new Float32Array(staging.getMappedRange().slice(0));
      return { train: all.slice(0, train.count), test: all.slice(train.count, train.count + test.count) };
    } finally {
      staging.destroy();
    }
  }

  async gather(indices: Uint32Array): Promise<Float32Array> {
    if (indices.length === 0) return new Float32Array(0);
    const device = this.#device;
    const staging = device.createBuffer({ label: 'regression.gather.staging', size: indices.length * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder({ label: 'regression.gather.encoder' });
    indices.forEach((j, s) => {
      const shard = this.#shards.find((sh) => j >= sh.start && j < sh.start + sh.count);
      if (!shard) throw new RangeError(`weight index ${j} is outside [0, ${this.#problem.features})`);
      encoder.copyBufferToBuffer(shard.weights, (j - shard.start) * 4, staging, s * 4, 4);
    });
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return new Float32Array(staging.getMappedRange().slice(0));
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    for (const buffer of this.#owned.splice(0)) buffer.destroy();
  }
}
