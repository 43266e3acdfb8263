/**
 * The WebGPU engine: the parameter vector and its gradient live in GPU buffers, sharded when
 * they outgrow one storage binding; every step is one fused pass per shard, recorded into
 * one command encoder and submitted without waiting. Statistics, when due, come out of the
 * same pass and reach listeners through the snapshot ring.
 *
 * Not here: where gradients come from (the problems write them), device selection
 * (create-engine.ts), the arithmetic itself (shaders/).
 */
import { checkParamCount, checkRange, checkWeightInit } from '../checks.ts';
import { ConfigError } from '../config-error.ts';
import { STREAM_WEIGHTS, streamKey } from '../hash.ts';
import { COUNTER_COUNT, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO } from '../stats-layout.ts';
import type { Engine, EngineOptions, Snapshot, SnapshotListener, UpdateParams, WeightInit } from '../types.ts';
import { acquireDevice, type AcquiredDevice } from './device.ts';
import { WORKGROUP_SIZE, engineGrid, type Grid } from './dispatch.ts';
import { InitWeightsKernel } from './init-weights-kernel.ts';
import { ReduceNormsKernel } from './reduce-norms-kernel.ts';
import { maxShardParamsFor, planShards, type Shard } from './shards.ts';
import { SnapshotRing } from './snapshot-ring.ts';
import {
  INIT_UNIFORM_BYTES,
  REDUCE_UNIFORM_BYTES,
  UPDATE_UNIFORM_BYTES,
  packInitUniforms,
  packReduceUniforms,
  packUpdateUniforms,
} from './uniforms.ts';
import { UpdateKernel, type StatsMode } from './update-kernel.ts';

export { DEFAULT_WORKGROUP_COUNT } from './dispatch.ts';

export interface GpuEngineOptions extends EngineOptions {
  /** Use this device (tests, lockstep runs); otherwise one is requested from navigator.gpu. */
  device?: AcquiredDevice;
  /**
   * Workgroups per grid dimension; defaults to the device's limit (65,535). Tests lower it
   * to exercise grids that spill into y without launching 65,536 workgroups on a CPU.
   */
  maxWorkgroupsPerDimension?: number;
}

interface ShardBuffers {
  shard: Shard;
  grid: Grid;
  weights: GPUBuffer;
  gradient: GPUBuffer;
  updateUniforms: GPUBuffer;
  initUniforms: GPUBuffer;
  updateBindGroup: GPUBindGroup;
  initBindGroup: GPUBindGroup;
  partialBase: number;
}

interface DispatchLayout {
  shards: Shard[];
  /** Workgroups per shard when set; else one per 256 items, at most DEFAULT_WORKGROUP_COUNT. */
  workgroupCount: number | null;
  perDimension: number;
}

interface Kernels {
  update: UpdateKernel;
  init: InitWeightsKernel;
  reduce: ReduceNormsKernel;
}

/** A shard's buffers, for problems whose gradient kernels read weights and write gradients on the GPU. */
export interface ParameterShard {
  /** Global index of the shard's first parameter. */
  start: number;
  count: number;
  /** f32 weights, padded to whole vec4s (STORAGE | COPY_SRC | COPY_DST). */
  weights: GPUBuffer;
  /** f32 gradient, same layout (STORAGE | COPY_DST): write it before `step`. */
  gradient: GPUBuffer;
}

/** The WebGPU engine, with access to its device and buffers for GPU-side problems. */
export interface GpuEngine extends Engine {
  readonly kind: 'webgpu';
  readonly device: GPUDevice;
  readonly shards: readonly ParameterShard[];
  /** Whether the adapter is a software one, computing on the CPU's cores (device.ts). */
  readonly softwareAdapter: boolean;
}

export async function createGpuEngine(options: GpuEngineOptions): Promise<GpuEngine> {
  // Every check runs before anything is allocated.
  const paramCount = checkParamCount(options.paramCount);
  const init = checkWeightInit(options.init);
  const workgroupCount = options.workgroupCount ?? null;
  if (workgroupCount !== null && (!Number.isSafeInteger(workgroupCount) || workgroupCount < 1 || workgroupCount > 65_535 ** 2)) {
    throw new ConfigError('workgroupCount', workgroupCount, 'a whole number from 1 to 4,294,836,225');
  }
  let acquired = options.device;
  if (!acquired) {
    const result = await acquireDevice();
    if (!result.ok) throw new Error(`No WebGPU device: ${result.reason}`);
    acquired = result.value;
  }
  const { device } = acquired;
  const bindingParams = maxShardParamsFor(device.limits);
  const maxShardParams = options.maxShardParams ?? bindingParams;
  if (!Number.isSafeInteger(maxShardParams) || maxShardParams < 4 || maxShardParams % 4 !== 0 || maxShardParams > bindingParams) {
    throw new ConfigError('maxShardParams', maxShardParams, `a multiple of 4 from 4 to ${bindingParams} (one storage binding)`);
  }
  const perDimension = options.maxWorkgroupsPerDimension ?? device.limits.maxComputeWorkgroupsPerDimension;
  if (!Number.isSafeInteger(perDimension) || perDimension < 1 || perDimension > device.limits.maxComputeWorkgroupsPerDimension) {
    throw new ConfigError('maxWorkgroupsPerDimension', perDimension, `a whole number from 1 to ${device.limits.maxComputeWorkgroupsPerDimension}`);
  }
  const kernels = await kernelsFor(device);
  const layout = { shards: planShards(paramCount, maxShardParams), workgroupCount, perDimension };
  const engine = new WebGpuEngine(acquired, kernels, paramCount, layout);
  await engine.allocate();
  engine.initWeights(init);
  return engine;
}

/** Pipelines are compiled once per device and shared by every engine on it (lockstep runs, tests). */
const kernelCache = new WeakMap<GPUDevice, Promise<Kernels>>();

function kernelsFor(device: GPUDevice): Promise<Kernels> {
  let kernels = kernelCache.get(device);
  if (!kernels) {
    kernels = Promise.all([UpdateKernel.create(device), InitWeightsKernel.create(device), ReduceNormsKernel.create(device)]).then(
      ([update, init, reduce]) => ({ update, init, reduce }),
    );
    // A failed compilation is reported to this caller and retried by the next.
    kernels.catch(() => kernelCache.delete(device));
    kernelCache.set(device, kernels);
  }
  return kernels;
}

class WebGpuEngine implements GpuEngine {
  readonly kind = 'webgpu';
  readonly deviceName: string;
  readonly softwareAdapter: boolean;
  readonly paramCount: number;
  readonly #device: GPUDevice;
  readonly #kernels: Kernels;
  readonly #layout: DispatchLayout;
  readonly #listeners = new Set<SnapshotListener>();
  readonly #owned: GPUBuffer[] = [];
  #shards: ShardBuffers[] = [];
  #counts!: GPUBuffer;
  #norms!: GPUBuffer;
  #reduceBindGroup!: GPUBindGroup;
  #ring!: SnapshotRing;
  #stepCount = 0;
  #dropped = 0;
  #lastUniforms: { apply: boolean; lr: number; l1Step: number; l2Decay: number } | null = null;
  /**
   * Whether the counts buffer holds the bins of the weights as they are now: true after a
   * pass that collected statistics, false once anything else changed the weights. While it
   * holds, the next statistics pass counts only the weights whose bin changes.
   */
  #countsCurrent = false;
  #destroyed = false;

  constructor(acquired: AcquiredDevice, kernels: Kernels, paramCount: number, layout: DispatchLayout) {
    this.#device = acquired.device;
    this.deviceName = acquired.adapterName;
    this.softwareAdapter = acquired.software;
    this.#kernels = kernels;
    this.paramCount = paramCount;
    this.#layout = layout;
  }

  get stepCount(): number {
    return this.#stepCount;
  }

  get device(): GPUDevice {
    return this.#device;
  }

  get shards(): readonly ParameterShard[] {
    return this.#shards.map((s) => ({ start: s.shard.start, count: s.shard.count, weights: s.weights, gradient: s.gradient }));
  }

  get droppedSnapshots(): number {
    return this.#dropped;
  }

  /** Creates every buffer; an out-of-memory device turns into a ConfigError on paramCount. */
  async allocate(): Promise<void> {
    const device = this.#device;
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let partialBase = 0;
    for (const shard of this.#layout.shards) {
      const grid = this.#grid(shard.bytes / 16);
      const label = `shard[${shard.index}]`;
      const weights = this.#buffer(`${label}.weights`, shard.bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
      const gradient = this.#buffer(`${label}.gradient`, shard.bytes, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
      const updateUniforms = this.#buffer(`${label}.updateUniforms`, UPDATE_UNIFORM_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      const initUniforms = this.#buffer(`${label}.initUniforms`, INIT_UNIFORM_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      this.#shards.push({ shard, grid, weights, gradient, updateUniforms, initUniforms, partialBase } as ShardBuffers);
      partialBase += grid.total;
    }
    this.#counts = this.#buffer('stats.counts', COUNTER_COUNT * 4, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    // One (‖w‖₁, ‖w‖₂²) pair per invocation of the update kernel.
    const partials = this.#buffer('stats.partials', partialBase * WORKGROUP_SIZE * 8, GPUBufferUsage.STORAGE);
    this.#norms = this.#buffer('stats.norms', 8, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
    const reduceUniforms = this.#buffer('reduce-norms.uniforms', REDUCE_UNIFORM_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(reduceUniforms, 0, packReduceUniforms(partialBase * WORKGROUP_SIZE));
    this.#ring = new SnapshotRing(device);
    const validation = await device.popErrorScope();
    const outOfMemory = await device.popErrorScope();
    if (outOfMemory || validation) {
      this.destroy();
      const mib = Math.round((this.paramCount * 8) / 2 ** 20);
      throw new ConfigError(
        'paramCount',
        this.paramCount,
        `at most what this device holds: allocating ${mib} MiB for weights and gradients failed (${(outOfMemory ?? validation)!.message})`,
      );
    }
    const { update, init, reduce } = this.#kernels;
    for (const s of this.#shards) {
      const label = `shard[${s.shard.index}]`;
      s.updateBindGroup = update.bindGroup(device, `${label}.update.bindGroup`, {
        uniforms: s.updateUniforms,
        weights: s.weights,
        gradient: s.gradient,
        counts: this.#counts,
        partials,
      });
      s.initBindGroup = init.bindGroup(device, label, [s.initUniforms, s.weights]);
    }
    this.#reduceBindGroup = reduce.bindGroup(device, 'stats', [reduceUniforms, partials, this.#norms]);
  }

  #grid(items: number): Grid {
    const { workgroupCount, perDimension } = this.#layout;
    return engineGrid(items, workgroupCount, perDimension);
  }

  #buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const buffer = this.#device.createBuffer({ label, size, usage });
    this.#owned.push(buffer);
    return buffer;
  }

  initWeights(init: WeightInit): void {
    this.#assertAlive();
    checkWeightInit(init);
    const key = streamKey(init.seed, STREAM_WEIGHTS);
    const scale = Math.fround(init.scale);
    const encoder = this.#device.createCommandEncoder({ label: 'init-weights.encoder' });
    const pass = encoder.beginComputePass({ label: 'init-weights.pass' });
    for (const s of this.#shards) {
      const uniforms = packInitUniforms(s.shard.start, s.shard.count, key, init.kind === 'positive', scale);
      this.#device.queue.writeBuffer(s.initUniforms, 0, uniforms);
      this.#kernels.init.record(pass, s.initBindGroup, this.#grid(s.shard.count));
    }
    pass.end();
    this.#device.queue.submit([encoder.finish()]);
    this.#stepCount = 0;
    this.#countsCurrent = false;
  }

  writeWeights(values: Float32Array, offset = 0): void {
    this.#write('weights', values, offset, (s) => s.weights);
  }

  writeGradient(values: Float32Array, offset = 0): void {
    this.#write('gradient', values, offset, (s) => s.gradient);
  }

  #write(field: string, values: Float32Array, offset: number, target: (s: ShardBuffers) => GPUBuffer): void {
    this.#assertAlive();
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + values.length > this.paramCount) {
      throw new ConfigError(`${field}.offset`, offset, `a whole number with offset + length (${values.length}) ≤ ${this.paramCount}`);
    }
    const end = offset + values.length;
    for (const s of this.#shards) {
      const from = Math.max(offset, s.shard.start);
      const to = Math.min(end, s.shard.start + s.shard.count);
      if (from >= to) continue;
      // Offsets and sizes count elements for typed arrays.
      this.#device.queue.writeBuffer(target(s), (from - s.shard.start) * 4, values as Float32Array<ArrayBuffer>, from - offset, to - from);
    }
    if (field === 'weights') this.#countsCurrent = false;
  }

  step(params: UpdateParams, options: { snapshot?: boolean } = {}): void {
    this.#assertAlive();
    this.#stepCount++;
    this.#encode(params, true, options.snapshot ?? false);
  }

  requestSnapshot(): void {
    this.#assertAlive();
    this.#encode({ lr: 0, l1Step: 0, l2Decay: 0, l1Form: 'sign' }, false, true);
  }

  #encode(params: UpdateParams, apply: boolean, wantSnapshot: boolean): void {
    const device = this.#device;
    const slot = wantSnapshot ? this.#ring.acquire() : null;
    if (wantSnapshot && !slot) this.#dropped++;
    const stats: StatsMode = slot === null ? 'update' : this.#countsCurrent ? 'count-changes' : 'count-all';
    const encoder = device.createCommandEncoder({ label: 'update.encoder' });
    if (stats === 'count-changes') {
      // The value bins carry over; the transition counters are this step's alone.
      encoder.clearBuffer(this.#counts, COUNT_BECAME_ZERO * 4, (COUNT_LEFT_ZERO - COUNT_BECAME_ZERO + 1) * 4);
    } else if (stats === 'count-all') {
      encoder.clearBuffer(this.#counts);
    }
    this.#countsCurrent = stats !== 'update';
    const pass = encoder.beginComputePass({ label: 'update.pass' });
    const writeUniforms = !this.#uniformsHold(params, apply);
    for (const s of this.#shards) {
      if (writeUniforms) {
        device.queue.writeBuffer(s.updateUniforms, 0, packUpdateUniforms(params, { count: s.shard.count, partialBase: s.partialBase }, apply));
      }
      this.#kernels.update.record(pass, s.updateBindGroup, s.grid, params.l1Form, stats);
    }
    if (slot) this.#kernels.reduce.record(pass, this.#reduceBindGroup);
    pass.end();
    if (slot) this.#ring.record(encoder, slot, this.#counts, this.#norms);
    device.queue.submit([encoder.finish()]);
    if (slot) this.#ring.deliverAfterSubmit(slot, this.#stepCount, this.paramCount, (s) => this.#deliver(s));
  }

  /**
   * Whether the shards' uniform buffers already hold these amounts: a run mostly repeats
   * one setting, so the step loop writes uniforms only when a value changes. (The L1 form
   * is a pipeline, not a uniform.)
   */
  #uniformsHold(params: UpdateParams, apply: boolean): boolean {
    const last = this.#lastUniforms;
    const same = last !== null && last.apply === apply && last.lr === params.lr && last.l1Step === params.l1Step && last.l2Decay === params.l2Decay;
    this.#lastUniforms = { apply, lr: params.lr, l1Step: params.l1Step, l2Decay: params.l2Decay };
    return same;
  }

  #deliver(snapshot: Snapshot): void {
    for (const listener of this.#listeners) listener(snapshot);
  }

  onSnapshot(listener: SnapshotListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async readWeights(start = 0, count = this.paramCount - start): Promise<Float32Array> {
    this.#assertAlive();
    checkRange('readWeights', start, count, this.paramCount);
    const device = this.#device;
    const out = new Float32Array(count);
    const end = start + count;
    const encoder = device.createCommandEncoder({ label: 'read-weights.encoder' });
    const copies = this.#shards.flatMap((s) => {
      // Whole vec4s around the shard's part of the range: copies must be 4-byte aligned and sized.
      const from = Math.max(start, s.shard.start) - s.shard.start;
      const to = Math.min(end, s.shard.start + s.shard.count) - s.shard.start;
      if (from >= to) return [];
      const buffer = device.createBuffer({
        label: `shard[${s.shard.index}].read-weights.staging`,
        size: (to - from) * 4,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      encoder.copyBufferToBuffer(s.weights, from * 4, buffer, 0, (to - from) * 4);
      return [{ buffer, at: s.shard.start + from - start }];
    });
    device.queue.submit([encoder.finish()]);
    try {
      await Promise.all(copies.map((c) => c.buffer.mapAsync(GPUMapMode.READ)));
      for (const c of copies) out.set(new Float32Array(c.buffer.getMappedRange()), c.at);
    } finally {
      for (const c of copies) c.buffer.destroy();
    }
    return out;
  }

  async settled(): Promise<void> {
    await this.#device.queue.onSubmittedWorkDone();
    await this.#ring.settled();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#ring?.destroy();
    for (const buffer of this.#owned) buffer.destroy();
    this.#listeners.clear();
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new Error('This engine has been destroyed; create a new one.');
  }
}
