/**
 * The fused update kernel (shaders/update.wgsl): two pipelines from one module, with and
 * without statistics (the `COLLECT_STATS` override), sharing one bind group layout so a
 * shard's bind group serves both. Records into the caller's compute pass.
 */
import { bufferLayout, compileModule, createPipeline } from './compile.ts';
import type { Grid } from './dispatch.ts';
import { KERNEL_SOURCES } from './shaders.ts';

export interface UpdateBindings {
  uniforms: GPUBuffer;
  weights: GPUBuffer;
  gradient: GPUBuffer;
  counts: GPUBuffer;
  partials: GPUBuffer;
}

export class UpdateKernel {
  private constructor(
    readonly layout: GPUBindGroupLayout,
    readonly withStats: GPUComputePipeline,
    readonly updateOnly: GPUComputePipeline,
  ) {}

  static async create(device: GPUDevice): Promise<UpdateKernel> {
    const module = await compileModule(device, 'update', KERNEL_SOURCES.update);
    const layout = bufferLayout(device, 'update.bindGroupLayout', ['uniform', 'storage', 'read-only-storage', 'storage', 'storage']);
    const pipelineLayout = device.createPipelineLayout({ label: 'update.pipelineLayout', bindGroupLayouts: [layout] });
    const [withStats, updateOnly] = await Promise.all([
      createPipeline(device, 'update.withStats', module, pipelineLayout, { COLLECT_STATS: 1 }),
      createPipeline(device, 'update.updateOnly', module, pipelineLayout, { COLLECT_STATS: 0 }),
    ]);
    return new UpdateKernel(layout, withStats, updateOnly);
  }

  bindGroup(device: GPUDevice, label: string, b: UpdateBindings): GPUBindGroup {
    return device.createBindGroup({
      label,
      layout: this.layout,
      entries: [b.uniforms, b.weights, b.gradient, b.counts, b.partials].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, grid: Grid, collectStats: boolean): void {
    pass.setPipeline(collectStats ? this.withStats : this.updateOnly);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid.x, grid.y);
  }
}
