/**
 * Second pass of the norm reduction (shaders/reduce-norms.wgsl): one workgroup folds the
 * per-workgroup partials of every shard into (‖w‖₁, ‖w‖₂²).
 */
import { bufferLayout, compileModule, createPipeline } from './compile.ts';
import { KERNEL_SOURCES } from './shaders.ts';

export class ReduceNormsKernel {
  private constructor(
    readonly layout: GPUBindGroupLayout,
    readonly pipeline: GPUComputePipeline,
  ) {}

  static async create(device: GPUDevice): Promise<ReduceNormsKernel> {
    const module = await compileModule(device, 'reduce-norms', KERNEL_SOURCES['reduce-norms']);
    const layout = bufferLayout(device, 'reduce-norms.bindGroupLayout', ['uniform', 'read-only-storage', 'storage']);
    const pipelineLayout = device.createPipelineLayout({ label: 'reduce-norms.pipelineLayout', bindGroupLayouts: [layout] });
    return new ReduceNormsKernel(layout, await createPipeline(device, 'reduce-norms', module, pipelineLayout));
  }

  bindGroup(device: GPUDevice, uniforms: GPUBuffer, partials: GPUBuffer, norms: GPUBuffer): GPUBindGroup {
    return device.createBindGroup({
      label: 'reduce-norms.bindGroup',
      layout: this.layout,
      entries: [uniforms, partials, norms].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(1);
  }
}
