/**
 * What a kernel with one pipeline and one bind group of buffers shares: compiling its WGSL
 * through compile.ts, a bind group layout of buffers in binding order, labelled bind groups,
 * and recording a dispatch into the caller's pass. Subclasses add only how they dispatch.
 * The update kernel, with nine pipelines from one module, builds its own.
 */
import { bufferLayout, compileModule, createPipeline } from './compile.ts';

export abstract class ComputeKernel {
  protected constructor(
    readonly name: string,
    readonly layout: GPUBindGroupLayout,
    readonly pipeline: GPUComputePipeline,
  ) {}

  /** Compiles `code` as kernel `name`; `bindings` are the buffer types in binding order. */
  protected static async build(
    device: GPUDevice,
    name: string,
    code: string,
    bindings: readonly GPUBufferBindingType[],
    pipeline: { label?: string; constants?: Record<string, number> } = {},
  ): Promise<{ layout: GPUBindGroupLayout; pipeline: GPUComputePipeline }> {
    const module = await compileModule(device, name, code);
    const layout = bufferLayout(device, `${name}.bindGroupLayout`, bindings);
    const pipelineLayout = device.createPipelineLayout({ label: `${name}.pipelineLayout`, bindGroupLayouts: [layout] });
    return { layout, pipeline: await createPipeline(device, pipeline.label ?? name, module, pipelineLayout, pipeline.constants) };
  }

  /** A bind group of `buffers` in binding order, labelled `<label>.<kernel>.bindGroup`. */
  bindGroup(device: GPUDevice, label: string, buffers: readonly GPUBuffer[]): GPUBindGroup {
    return device.createBindGroup({
      label: `${label}.${this.name}.bindGroup`,
      layout: this.layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  protected dispatch(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, x: number, y = 1): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
  }
}
