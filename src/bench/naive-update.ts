/**
 * The unfused baseline on WebGPU: the update as seven elementwise ops, one dispatch each,
 * as an eager framework runs it (shaders/naive-elementwise.wgsl). It exists to be timed
 * against the engine's fused kernel; it is not an engine (no snapshots, no sharding: the
 * vector must fit one storage binding).
 *
 * The ops, with scratch vectors a, b, c, in the engines' f32 order of operations (so one
 * step gives the engines' result, up to FMA contraction):
 *   a = sign(w);  b = ηλ1·a;  a = ηλ2·w;  c = η·g;  w −= c;  w −= a;  w −= b
 * Bytes per parameter: three scales and the sign read 4 and write 4, three subtractions
 * read 8 and write 4: 68 B against the fused kernel's 12. Every dispatch has the engine's
 * launch shape (workgroup size, grid-stride workgroup count), so the comparison with the
 * fused kernel measures fusion and nothing else.
 */
import source from '../../shaders/naive-elementwise.wgsl?raw';
import { groupsFor, WORKGROUP_SIZE } from '../engine/gpu/dispatch.ts';
import { DEFAULT_WORKGROUP_COUNT } from '../engine/gpu/gpu-engine.ts';
import type { UpdateParams } from '../engine/types.ts';

/** The `op` override values of the shader. */
const OP = { scale: 0, sub: 1, sign: 2 } as const;
type OpName = keyof typeof OP;

interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
}

export class NaiveElementwiseUpdate {
  private constructor(
    private readonly device: GPUDevice,
    readonly paramCount: number,
    private readonly weights: GPUBuffer,
    /** Every buffer this object made, weights included, for `destroy`. */
    private readonly buffers: GPUBuffer[],
    private readonly dispatches: Dispatch[],
    private readonly workgroups: number,
  ) {}

  static async create(
    device: GPUDevice,
    weights: Float32Array<ArrayBuffer>,
    gradient: Float32Array<ArrayBuffer>,
    params: UpdateParams,
  ): Promise<NaiveElementwiseUpdate> {
    const paramCount = weights.length;
    const vec4Count = Math.ceil(paramCount / 4);
    const buffers: GPUBuffer[] = [];
    const vector = (label: string, extraUsage = 0): GPUBuffer => {
      const buffer = device.createBuffer({ label: `naive ${label}`, size: vec4Count * 16, usage: GPUBufferUsage.STORAGE | extraUsage });
      buffers.push(buffer);
      return buffer;
    };
    const scalar = (label: string, value: number): GPUBuffer => {
      const buffer = device.createBuffer({ label: `naive ${label}`, size: 16, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true });
      new Float32Array(buffer.getMappedRange()).set([value]);
      buffer.unmap();
      buffers.push(buffer);
      return buffer;
    };
    try {
      // Zero padding past paramCount stays zero: every op maps 0 to 0.
      const w = vector('weights', GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
      const g = vector('gradient', GPUBufferUsage.COPY_DST);
      const [a, b, c] = [vector('scratch a'), vector('scratch b'), vector('scratch c')];
      device.queue.writeBuffer(w, 0, weights);
      device.queue.writeBuffer(g, 0, gradient);
      const lr = scalar('η', params.lr);
      const l1Step = scalar('ηλ1', params.l1Step);
      const l2Decay = scalar('ηλ2', params.l2Decay);

      const module = device.createShaderModule({ label: 'naive-elementwise', code: source });
      const layout = device.createBindGroupLayout({
        label: 'naive-elementwise',
        entries: [
          { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } },
          { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
          { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
        ],
      });
      const pipelineLayout = device.createPipelineLayout({ label: 'naive-elementwise', bindGroupLayouts: [layout] });
      const names = Object.keys(OP) as OpName[];
      const compiled = await Promise.all(
        names.map((name) =>
          device.createComputePipelineAsync({
            label: `naive-elementwise ${name}`,
            layout: pipelineLayout,
            compute: { module, entryPoint: 'main', constants: { op: OP[name], workgroup_size: WORKGROUP_SIZE } },
          }),
        ),
      );
      const pipelines = Object.fromEntries(names.map((name, i) => [name, compiled[i]!])) as Record<OpName, GPUComputePipeline>;
      // The sub and sign ops ignore the scalar; any uniform satisfies the layout.
      const op = (name: OpName, label: string, x: GPUBuffer, y: GPUBuffer, c = lr): Dispatch => ({
        pipeline: pipelines[name],
        bindGroup: device.createBindGroup({
          label: `naive ${label}`,
          layout,
          entries: [
            { binding: 0, resource: { buffer: x } },
            { binding: 1, resource: { buffer: y } },
            { binding: 2, resource: { buffer: c } },
          ],
        }),
      });
      const dispatches = [
        op('sign', 'a = sign(w)', a, w),
        op('scale', 'b = ηλ1·a', b, a, l1Step),
        op('scale', 'a = ηλ2·w', a, w, l2Decay),
        op('scale', 'c = η·g', c, g, lr),
        op('sub', 'w −= c', w, c),
        op('sub', 'w −= a', w, a),
        op('sub', 'w −= b', w, b),
      ];
      const workgroups = groupsFor(vec4Count, DEFAULT_WORKGROUP_COUNT);
      return new NaiveElementwiseUpdate(device, paramCount, w, buffers, dispatches, workgroups);
    } catch (error) {
      for (const buffer of buffers) buffer.destroy();
      throw error;
    }
  }

  /** Queue one update: seven dispatches in one pass (each dispatch sees the last one's writes). */
  step(): void {
    const encoder = this.device.createCommandEncoder({ label: 'naive step' });
    const pass = encoder.beginComputePass({ label: 'naive step' });
    for (const { pipeline, bindGroup } of this.dispatches) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(this.workgroups);
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  settled(): Promise<void> {
    return this.device.queue.onSubmittedWorkDone();
  }

  async readWeights(): Promise<Float32Array> {
    const bytes = this.paramCount * 4;
    const staging = this.device.createBuffer({ label: 'naive weights readback', size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    try {
      const encoder = this.device.createCommandEncoder({ label: 'naive weights readback' });
      encoder.copyBufferToBuffer(this.weights, 0, staging, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      return new Float32Array(staging.getMappedRange().slice(0));
    } finally {
      staging.destroy();
    }
  }

  destroy(): void {
    for (const buffer of this.buffers) buffer.destroy();
  }
}
