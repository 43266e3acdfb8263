/**
 * The digits network's passes on the GPU, for a lockstep group of WebGPU engines on one
 * device. The digits live on the device as bytes (uploaded once); each step uploads the
 * minibatch's digit indices, and one compute pass gathers their inputs (shared by every
 * run), then for every run runs the forward products, the loss, and the backward products,
 * writing ∂E/∂W straight into the run's engine gradient and stepping the run's biases; the
 * engines' `step`, submitted after, applies each run's rule in queue order. Nothing is read
 * back in the step loop: scores, counts and biases are read only when the driver asks.
 *
 * Weights are read, and gradients written, where the engine holds them: each layer's
 * offset inside its shard's buffer is a uniform. A layer that straddles two shards (only with
 * very large networks, or shards made small on purpose) is copied into a buffer of its own
 * before the products and its gradient copied back into the shards after them.
 *
 * Not here: the arithmetic (shaders/digits-*.wgsl), the CPU's version (cpu-digits.ts).
 * Loaded by dynamic import only when the engines are WebGPU ones.
 */
import { ConfigError } from '../../../engine/config-error.ts';
import type { GpuEngine, ParameterShard } from '../../../engine/gpu/gpu-engine.ts';
import { CLASSES, IMAGE_PIXELS } from '../asset-format.ts';
import type { DigitSet, DigitsBackend, LayerCount, SetScore } from '../backend.ts';
import type { DigitsData } from '../dataset.ts';
import { gradientScale } from '../loss.ts';
import type { LayerShape, Network } from '../network.ts';
import type { DigitsLoss } from '../settings.ts';
import { BiasKernel } from './bias-kernel.ts';
import { CountKernel } from './count-kernel.ts';
import { GatherKernel } from './gather-kernel.ts';
import { LossKernel } from './loss-kernel.ts';
import { MatmulKernel } from './matmul-kernel.ts';
import {
  BIAS_UNIFORM_BYTES,
  COUNT_UNIFORM_BYTES,
  EVALUATION_SLOT,
  GATHER_UNIFORM_BYTES,
  LOSS_UNIFORM_BYTES,
  MATMUL_UNIFORM_BYTES,
  type MatmulShape,
  packBiasUniforms,
  packCountUniforms,
  packGatherUniforms,
  packLossUniforms,
  packMatmulUniforms,
  SCORE_BYTES,
  TRAINING_SLOT,
} from './uniforms.ts';

/** Digits per forward pass when scoring a whole set. */
const EVALUATION_ROWS = 500;

interface Kernels {
  matmul: MatmulKernel;
  gather: GatherKernel;
  loss: LossKernel;
  bias: BiasKernel;
  count: CountKernel;
}

/** Compiles once per device (a software adapter takes seconds per pipeline); shared by every group and test on it. */
function cached<T>(cache: WeakMap<GPUDevice, Map<string, Promise<T>>>, device: GPUDevice, key: string, make: () => Promise<T>): Promise<T> {
  let byKey = cache.get(device);
  if (!byKey) cache.set(device, (byKey = new Map()));
  let value = byKey.get(key);
  if (!value) {
    value = make();
    // A failed compilation is reported to this caller and retried by the next.
    value.catch(() => byKey.delete(key));
    byKey.set(key, value);
  }
  return value;
}

const sharedKernels = new WeakMap<GPUDevice, Map<string, Promise<Omit<Kernels, 'loss'>>>>();
const lossKernels = new WeakMap<GPUDevice, Map<string, Promise<LossKernel>>>();

async function kernelsFor(device: GPUDevice, loss: DigitsLoss): Promise<Kernels> {
  const shared = cached(sharedKernels, device, 'shared', async () => ({
    matmul: await MatmulKernel.create(device),
    gather: await GatherKernel.create(device),
    bias: await BiasKernel.create(device),
    count: await CountKernel.create(device),
  }));
  const [kernels, lossKernel] = await Promise.all([shared, cached(lossKernels, device, loss, () => LossKernel.create(device, loss))]);
  return { ...kernels, loss: lossKernel };
}

/** Floats of a row of activations: whole vec4s, so a 10-wide output row takes 12. */
const strideOf = (width: number): number => Math.ceil(width / 4) * 4;

/** The part of a layer's weights held by one shard. */
interface Segment {
  shard: ParameterShard;
  /** Offset in the shard's buffer, in floats. */
  from: number;
  count: number;
  /** Offset in the layer. */
  at: number;
}

/** Where one run's layer is read and written by the products. */
interface LayerView {
  segments: Segment[];
  weights: GPUBuffer;
  gradient: GPUBuffer;
  /** The layer's offset in `weights` and `gradient` (0 when staged). */
  offset: number;
  /** A layer across shards goes through buffers of its own. */
  staged: boolean;
}

type Mode = 'train' | 'evaluate';

interface Run {
  engine: GpuEngine;
  views: LayerView[];
  activations: GPUBuffer[];
  deltas: GPUBuffer[];
  biases: GPUBuffer;
  scores: GPUBuffer;
  counts: GPUBuffer;
  forwardUniforms: Record<Mode, GPUBuffer[]>;
  forward: Record<Mode, GPUBindGroup[]>;
  loss: Record<'batch' | DigitSet, GPUBindGroup>;
  weightGradient: GPUBindGroup[];
  inputGradient: (GPUBindGroup | null)[];
  bias: GPUBindGroup[];
  /** Per layer, per segment: the count dispatch's uniforms and bind group. */
  count: { uniforms: GPUBuffer; bindGroup: GPUBindGroup; segment: Segment; layer: number }[];
  trainingCount: number;
}

export class GpuDigits implements DigitsBackend {
  readonly #device: GPUDevice;
  readonly #network: Network;
  readonly #data: DigitsData;
  readonly #loss: DigitsLoss;
  readonly #batch: number;
  readonly #kernels: Kernels;
  readonly #owned: GPUBuffer[] = [];
  readonly #runs: Run[] = [];
  readonly #biasOffsets: number[];
  #lists!: Record<'batch' | DigitSet, GPUBuffer>;
  #labels!: GPUBuffer;
  /** The input rows of the current minibatch or evaluation chunk, shared by every run. */
  #input!: GPUBuffer;
  /** Bound where a product has no `extra` operand. */
  #dummy!: GPUBuffer;
  #gather!: Record<'batch' | DigitSet, GPUBindGroup>;
  #gatherUniforms!: Record<Mode, GPUBuffer>;
  #lossUniforms!: Record<Mode, GPUBuffer>;
  #evaluationRows = -1;

  private constructor(device: GPUDevice, network: Network, data: DigitsData, loss: DigitsLoss, batch: number, kernels: Kernels) {
    this.#device = device;
    this.#network = network;
    this.#data = data;
    this.#loss = loss;
    this.#batch = batch;
    this.#kernels = kernels;
    let offset = 0;
    this.#biasOffsets = network.layers.map((layer) => {
      const at = offset;
      offset += strideOf(layer.outputs);
      return at;
    });
  }

  /** Checks the sizes against the device, then allocates everything; a size the device cannot hold is a ConfigError. */
  static async create(engines: readonly GpuEngine[], lrs: readonly number[], network: Network, data: DigitsData, loss: DigitsLoss, batch: number): Promise<GpuDigits> {
    const device = engines[0]!.device;
    checkSizes(device, network, batch, engines);
    const backend = new GpuDigits(device, network, data, loss, batch, await kernelsFor(device, loss));
    device.pushErrorScope('out-of-memory');
    backend.#allocateShared();
    engines.forEach((engine, r) => backend.#runs.push(backend.#allocateRun(engine, lrs[r]!, r)));
    const error = await device.popErrorScope();
    if (error) {
      backend.destroy();
      throw new ConfigError('hidden', network.layers.slice(0, -1).map((l) => l.outputs), `a network whose activations fit this device with batch ${batch}: allocating them failed (${error.message})`);
    }
    return backend;
  }

  get #rows(): number {
    return Math.max(this.#batch, EVALUATION_ROWS);
  }

  #buffer(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const buffer = this.#device.createBuffer({ label: `digits.${label}`, size: Math.max(16, Math.ceil(size / 16) * 16), usage });
    this.#owned.push(buffer);
    return buffer;
  }

  #storage(label: string, size: number, extra: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.#buffer(label, size, GPUBufferUsage.STORAGE | extra);
  }

  #uniform(label: string, size: number, contents?: ArrayBuffer): GPUBuffer {
    const buffer = this.#buffer(label, size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    if (contents) this.#device.queue.writeBuffer(buffer, 0, contents);
    return buffer;
  }

  #upload(label: string, data: Uint32Array | Uint8Array): GPUBuffer {
    const buffer = this.#storage(label, data.byteLength, GPUBufferUsage.COPY_DST);
    if (data.byteLength > 0) this.#device.queue.writeBuffer(buffer, 0, data as Uint8Array<ArrayBuffer>);
    return buffer;
  }

  #allocateShared(): void {
    const { images, train, heldOut } = this.#data;
    const pixels = this.#upload('pixels', images.pixels);
    const labels = this.#upload('labels', Uint32Array.from(images.labels));
    this.#lists = {
      batch: this.#storage('batch', this.#batch * 4, GPUBufferUsage.COPY_DST),
      train: this.#upload('train', train),
      heldOut: this.#upload('heldOut', heldOut),
    };
    this.#labels = labels;
    this.#input = this.#storage('input', this.#rows * IMAGE_PIXELS * 4);
    this.#dummy = this.#storage('unused', 16);
    const strideOut = strideOf(CLASSES);
    this.#gatherUniforms = {
      train: this.#uniform('gather.train.uniforms', GATHER_UNIFORM_BYTES, packGatherUniforms(0, this.#batch)),
      evaluate: this.#uniform('gather.evaluate.uniforms', GATHER_UNIFORM_BYTES),
    };
    this.#lossUniforms = {
      train: this.#uniform('loss.train.uniforms', LOSS_UNIFORM_BYTES, packLossUniforms(0, this.#batch, strideOut, gradientScale(this.#loss, this.#batch), TRAINING_SLOT)),
      evaluate: this.#uniform('loss.evaluate.uniforms', LOSS_UNIFORM_BYTES),
    };
    const gather = (list: 'batch' | DigitSet, mode: Mode) =>
      this.#kernels.gather.bindGroup(this.#device, `digits.${list}`, [this.#gatherUniforms[mode], this.#lists[list], pixels, this.#input]);
    this.#gather = { batch: gather('batch', 'train'), train: gather('train', 'evaluate'), heldOut: gather('heldOut', 'evaluate') };
  }

  #allocateRun(engine: GpuEngine, lr: number, r: number): Run {
    const { layers } = this.#network;
    const device = this.#device;
    const label = `run[${r}]`;
    const rows = this.#rows;
    const views = layers.map((layer, l) => this.#view(engine.shards, layer, `${label}.layer[${l}]`));
    const activations = layers.map((layer, l) => this.#storage(`${label}.activations[${l}]`, rows * strideOf(layer.outputs) * 4));
    const deltas = layers.map((layer, l) => this.#storage(`${label}.deltas[${l}]`, rows * strideOf(layer.outputs) * 4));
    const biases = this.#storage(`${label}.biases`, this.#biasOffsets.at(-1)! * 4 + strideOf(CLASSES) * 4, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const scores = this.#storage(`${label}.scores`, 2 * SCORE_BYTES, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const counts = this.#storage(`${label}.counts`, layers.length * 8, GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    const inputOf = (l: number) => (l === 0 ? this.#input : activations[l - 1]!);
    const kernels = this.#kernels;
    const forwardUniforms = { train: [] as GPUBuffer[], evaluate: [] as GPUBuffer[] };
    const forward = { train: [] as GPUBindGroup[], evaluate: [] as GPUBindGroup[] };
    for (const mode of ['train', 'evaluate'] as const) {
      layers.forEach((layer, l) => {
        const uniforms = this.#uniform(`${label}.forward[${l}].${mode}.uniforms`, MATMUL_UNIFORM_BYTES, mode === 'train' ? packMatmulUniforms(this.#forwardShape(views[l]!, layer, l, this.#batch)) : undefined);
        forwardUniforms[mode].push(uniforms);
        forward[mode].push(kernels.matmul.bindGroup(device, `${label}.forward[${l}].${mode}`, [uniforms, inputOf(l), views[l]!.weights, biases, activations[l]!]));
      });
    }
    const loss = (list: 'batch' | DigitSet) =>
      kernels.loss.bindGroup(device, `${label}.${list}`, [this.#lossUniforms[list === 'batch' ? 'train' : 'evaluate'], activations.at(-1)!, this.#lists[list], this.#labels, deltas.at(-1)!, scores]);
    const weightGradient = layers.map((layer, l) => {
      const shape: MatmulShape = {
        form: 'weight-gradient',
        m: layer.outputs, n: layer.inputs, k: this.#batch,
        aStride: strideOf(layer.outputs), bStride: layer.inputs, cStride: layer.inputs,
        aOffset: 0, bOffset: 0, cOffset: views[l]!.offset, extraOffset: 0,
      };
      const uniforms = this.#uniform(`${label}.weight-gradient[${l}].uniforms`, MATMUL_UNIFORM_BYTES, packMatmulUniforms(shape));
      return kernels.matmul.bindGroup(device, `${label}.weight-gradient[${l}]`, [uniforms, deltas[l]!, inputOf(l), this.#dummy, views[l]!.gradient]);
    });
    const inputGradient = layers.map((layer, l) => {
      if (l === 0) return null;
      const shape: MatmulShape = {
        form: 'input-gradient',
        m: this.#batch, n: layer.inputs, k: layer.outputs,
        aStride: strideOf(layer.outputs), bStride: layer.inputs, cStride: layer.inputs,
        aOffset: 0, bOffset: views[l]!.offset, cOffset: 0, extraOffset: 0,
      };
      const uniforms = this.#uniform(`${label}.input-gradient[${l}].uniforms`, MATMUL_UNIFORM_BYTES, packMatmulUniforms(shape));
      return kernels.matmul.bindGroup(device, `${label}.input-gradient[${l}]`, [uniforms, deltas[l]!, views[l]!.weights, activations[l - 1]!, deltas[l - 1]!]);
    });
    const bias = layers.map((layer, l) => {
      const uniforms = this.#uniform(`${label}.bias[${l}].uniforms`, BIAS_UNIFORM_BYTES, packBiasUniforms(this.#batch, layer.outputs, strideOf(layer.outputs), this.#biasOffsets[l]!, lr));
      return kernels.bias.bindGroup(device, `${label}.bias[${l}]`, [uniforms, deltas[l]!, biases]);
    });
    const count = views.flatMap((view, l) =>
      view.segments.map((segment, s) => {
        const uniforms = this.#uniform(`${label}.count[${l}][${s}].uniforms`, COUNT_UNIFORM_BYTES);
        return { uniforms, segment, layer: l, bindGroup: kernels.count.bindGroup(device, `${label}.count[${l}][${s}]`, [uniforms, segment.shard.weights, counts]) };
      }),
    );
    return {
      engine, views, activations, deltas, biases, scores, counts, forwardUniforms, forward,
      loss: { batch: loss('batch'), train: loss('train'), heldOut: loss('heldOut') },
      weightGradient, inputGradient, bias, count, trainingCount: 0,
    };
  }

  /** The shards holding a layer; a layer in two or more gets buffers of its own. */
  #view(shards: readonly ParameterShard[], layer: LayerShape, label: string): LayerView {
    const end = layer.offset + layer.weights;
    const segments = shards.flatMap((shard) => {
      const from = Math.max(layer.offset, shard.start);
      const to = Math.min(end, shard.start + shard.count);
      return from < to ? [{ shard, from: from - shard.start, count: to - from, at: from - layer.offset }] : [];
    });
    if (segments.length === 1) {
      const { shard, from } = segments[0]!;
      return { segments, weights: shard.weights, gradient: shard.gradient, offset: from, staged: false };
    }
    return {
      segments,
      weights: this.#storage(`${label}.weights`, layer.weights * 4, GPUBufferUsage.COPY_DST),
      gradient: this.#storage(`${label}.gradient`, layer.weights * 4, GPUBufferUsage.COPY_SRC),
      offset: 0,
      staged: true,
    };
  }

  #forwardShape(view: LayerView, layer: LayerShape, l: number, rows: number): MatmulShape {
    return {
      form: layer.relu ? 'forward-relu' : 'forward',
      m: rows, n: layer.outputs, k: layer.inputs,
      aStride: layer.inputs, bStride: layer.inputs, cStride: strideOf(layer.outputs),
      aOffset: 0, bOffset: view.offset, cOffset: 0, extraOffset: this.#biasOffsets[l]!,
    };
  }

  async trainStep(batch: Uint32Array): Promise<void> {
    const device = this.#device;
    if (batch.length !== this.#batch) throw new RangeError(`a minibatch holds ${this.#batch} digits, got ${batch.length}`);
    device.queue.writeBuffer(this.#lists.batch, 0, batch as Uint32Array<ArrayBuffer>);
    const encoder = device.createCommandEncoder({ label: 'digits.train.encoder' });
    this.#stageWeights(encoder);
    const pass = encoder.beginComputePass({ label: 'digits.train.pass' });
    this.#kernels.gather.record(pass, this.#gather.batch, this.#batch);
    const { layers } = this.#network;
    const k = this.#kernels;
    for (const run of this.#runs) {
      this.#recordForward(pass, run, 'train', this.#batch);
      k.loss.record(pass, run.loss.batch);
      for (let l = layers.length - 1; l >= 0; l--) {
        const layer = layers[l]!;
        k.matmul.record(pass, run.weightGradient[l]!, layer.outputs, layer.inputs);
        if (l > 0) k.matmul.record(pass, run.inputGradient[l]!, this.#batch, layer.inputs);
        k.bias.record(pass, run.bias[l]!, layer.outputs);
      }
      run.trainingCount += this.#batch;
    }
    pass.end();
    for (const run of this.#runs) {
      for (const view of run.views) {
        if (!view.staged) continue;
        for (const s of view.segments) encoder.copyBufferToBuffer(view.gradient, s.at * 4, s.shard.gradient, s.from * 4, s.count * 4);
      }
    }
    device.queue.submit([encoder.finish()]);
  }

  #recordForward(pass: GPUComputePassEncoder, run: Run, mode: Mode, rows: number): void {
    this.#network.layers.forEach((layer, l) => this.#kernels.matmul.record(pass, run.forward[mode][l]!, rows, layer.outputs));
  }

  /** Copies the layers that straddle shards into their own buffers (the engines' last step wrote the shards). */
  #stageWeights(encoder: GPUCommandEncoder): void {
    for (const run of this.#runs) {
      for (const view of run.views) {
        if (!view.staged) continue;
        for (const s of view.segments) encoder.copyBufferToBuffer(s.shard.weights, s.from * 4, view.weights, s.at * 4, s.count * 4);
      }
    }
  }

  async evaluate(set: DigitSet): Promise<SetScore[]> {
    const device = this.#device;
    const digits = set === 'train' ? this.#data.train : this.#data.heldOut;
    const strideOut = strideOf(CLASSES);
    for (let first = 0; first < digits.length; first += EVALUATION_ROWS) {
      const rows = Math.min(EVALUATION_ROWS, digits.length - first);
      device.queue.writeBuffer(this.#gatherUniforms.evaluate, 0, packGatherUniforms(first, rows));
      device.queue.writeBuffer(this.#lossUniforms.evaluate, 0, packLossUniforms(first, rows, strideOut, gradientScale(this.#loss, rows), EVALUATION_SLOT));
      if (rows !== this.#evaluationRows) {
        for (const run of this.#runs) {
          this.#network.layers.forEach((layer, l) => {
            device.queue.writeBuffer(run.forwardUniforms.evaluate[l]!, 0, packMatmulUniforms(this.#forwardShape(run.views[l]!, layer, l, rows)));
          });
        }
        this.#evaluationRows = rows;
      }
      const encoder = device.createCommandEncoder({ label: `digits.evaluate.${set}.encoder` });
      if (first === 0) {
        for (const run of this.#runs) encoder.clearBuffer(run.scores, EVALUATION_SLOT * SCORE_BYTES, SCORE_BYTES);
        this.#stageWeights(encoder);
      }
      const pass = encoder.beginComputePass({ label: `digits.evaluate.${set}.pass` });
      this.#kernels.gather.record(pass, this.#gather[set], rows);
      for (const run of this.#runs) {
        this.#recordForward(pass, run, 'evaluate', rows);
        this.#kernels.loss.record(pass, run.loss[set]);
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
    }
    if (digits.length === 0) return this.#runs.map(() => ({ lossSum: 0, correct: 0, count: 0 }));
    const scores = await this.#readScores(EVALUATION_SLOT);
    return scores.map(({ lossSum, correct }) => ({ lossSum, correct, count: digits.length }));
  }

  async takeTrainingScores(): Promise<SetScore[]> {
    const scores = await this.#readScores(TRAINING_SLOT);
    return this.#runs.map((run, r) => {
      const count = run.trainingCount;
      run.trainingCount = 0;
      return { ...scores[r]!, count };
    });
  }

  /** Every run's score in `slot`; the training slot is zeroed in the same submission. */
  async #readScores(slot: number): Promise<{ lossSum: number; correct: number }[]> {
    const bytes = await this.#readBack('scores', (encoder, staging) => {
      this.#runs.forEach((run, r) => {
        encoder.copyBufferToBuffer(run.scores, slot * SCORE_BYTES, staging, r * SCORE_BYTES, SCORE_BYTES);
        if (slot === TRAINING_SLOT) encoder.clearBuffer(run.scores, slot * SCORE_BYTES, SCORE_BYTES);
      });
    }, this.#runs.length * SCORE_BYTES);
    const f32 = new Float32Array(bytes);
    const u32 = new Uint32Array(bytes);
    return this.#runs.map((_, r) => ({ lossSum: f32[2 * r]!, correct: u32[2 * r + 1]! }));
  }

  async layerCounts(epsilon: number): Promise<LayerCount[][]> {
    const device = this.#device;
    const layers = this.#network.layers.length;
    for (const run of this.#runs) {
      for (const c of run.count) device.queue.writeBuffer(c.uniforms, 0, packCountUniforms(c.segment.from / 4, c.segment.count / 4, c.layer, epsilon));
    }
    const bytes = await this.#readBack('counts', (encoder, staging) => {
      for (const run of this.#runs) encoder.clearBuffer(run.counts);
      const pass = encoder.beginComputePass({ label: 'digits.counts.pass' });
      for (const run of this.#runs) for (const c of run.count) this.#kernels.count.record(pass, c.bindGroup, c.segment.count / 4);
      pass.end();
      this.#runs.forEach((run, r) => encoder.copyBufferToBuffer(run.counts, 0, staging, r * layers * 8, layers * 8));
    }, this.#runs.length * layers * 8);
    const u32 = new Uint32Array(bytes);
    return this.#runs.map((_, r) => Array.from({ length: layers }, (_, l) => ({ exactZeros: u32[(r * layers + l) * 2]!, nearZeros: u32[(r * layers + l) * 2 + 1]! })));
  }

  async readBiases(): Promise<Float32Array[][]> {
    const size = this.#runs[0]!.biases.size;
    const bytes = await this.#readBack('biases', (encoder, staging) => {
      this.#runs.forEach((run, r) => encoder.copyBufferToBuffer(run.biases, 0, staging, r * size, size));
    }, this.#runs.length * size);
    return this.#runs.map((_, r) => this.#network.layers.map((layer, l) => new Float32Array(bytes, r * size + this.#biasOffsets[l]! * 4, layer.outputs).slice()));
  }

  writeBiases(perRun: readonly (readonly Float32Array[])[]): void {
    this.#network.checkBiases(perRun, this.#runs.length);
    // Only each layer's own values: the padding up to the stride stays 0.
    this.#runs.forEach((run, r) => perRun[r]!.forEach((b, l) => this.#device.queue.writeBuffer(run.biases, this.#biasOffsets[l]! * 4, b as Float32Array<ArrayBuffer>)));
  }

  /** Records `copy` into an encoder with a fresh staging buffer of `size` bytes, submits, and returns the bytes. */
  async #readBack(label: string, copy: (encoder: GPUCommandEncoder, staging: GPUBuffer) => void, size: number): Promise<ArrayBuffer> {
    const device = this.#device;
    const staging = device.createBuffer({ label: `digits.${label}.staging`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = device.createCommandEncoder({ label: `digits.${label}.encoder` });
      copy(encoder, staging);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      return staging.getMappedRange().slice(0);
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    for (const buffer of this.#owned.splice(0)) buffer.destroy();
  }
}

/**
 * Throws `ConfigError` when a buffer the group needs would not fit one storage binding of the
 * device: the input and activation rows (batch or evaluation chunk × width), or a layer that
 * straddles shards and so needs a buffer of its own.
 */
function checkSizes(device: GPUDevice, network: Network, batch: number, engines: readonly GpuEngine[]): void {
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const widest = Math.max(IMAGE_PIXELS, ...network.layers.map((l) => strideOf(l.outputs)));
  const rows = Math.max(batch, EVALUATION_ROWS);
  if (rows * widest * 4 > limit) {
    const most = Math.floor(limit / (widest * 4));
    throw new ConfigError('batch', batch, `at most ${most.toLocaleString('en-US')} digits per step on this device (a row of ${widest} activations is ${widest * 4} bytes; one storage binding holds ${limit.toLocaleString('en-US')})`);
  }
  const shardStarts = new Set(engines.flatMap((engine) => engine.shards.map((s) => s.start)));
  for (const [l, layer] of network.layers.entries()) {
    const straddles = [...shardStarts].some((start) => start > layer.offset && start < layer.offset + layer.weights);
    if (straddles && layer.weights * 4 > limit) {
      throw new ConfigError('hidden', network.layers.slice(0, -1).map((x) => x.outputs), `layers of at most ${Math.floor(limit / 4).toLocaleString('en-US')} weights on this device (layer ${l} has ${layer.weights.toLocaleString('en-US')} and lies across two storage bindings)`);
    }
  }
}
