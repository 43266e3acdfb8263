/**
 * The weight initialiser (shaders/init-weights.wgsl): fills one shard from the counter-based
 * hash, so initial weights never cross the bus. Records into the caller's compute pass.
 */
import { bufferLayout, compileModule, createPipeline } from './compile.ts';
import type { Grid } from './dispatch.ts';
import { KERNEL_SOURCES } from './shaders.ts';

export class InitWeightsKernel {
  private constructor(
    readonly layout: GPUBindGroupLayout,
    readonly pipeline: GPUComputePipeline,
  ) {}

  static async create(device: GPUDevice): Promise<InitWeightsKernel> {
    const module = await compileModule(device, 'init-weights', KERNEL_SOURCES['init-weights']);
    const layout = bufferLayout(device, 'init-weights.bindGroupLayout', ['uniform', 'storage']);
    const pipelineLayout = device.createPipelineLayout({ label: 'init-weights.pipelineLayout', bindGroupLayouts: [layout] });
    return new InitWeightsKernel(layout, await createPipeline(device, 'init-weights', module, pipelineLayout));
  }

  bindGroup(device: GPUDevice, label: string, uniforms: GPUBuffer, weights: GPUBuffer): GPUBindGroup {
    return device.createBindGroup({
      label,
      layout: this.layout,
      entries: [uniforms, weights].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, grid: Grid): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid.x, grid.y);
  }
}
