/**
 * The weight initialiser (shaders/init-weights.wgsl): fills one shard from the counter-based
 * hash, so initial weights never cross the bus. Binds: uniforms, weights.
 */
import { ComputeKernel } from './compute-kernel.ts';
import type { Grid } from './dispatch.ts';
import { KERNEL_SOURCES } from './shaders.ts';

export class InitWeightsKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<InitWeightsKernel> {
    const { layout, pipeline } = await ComputeKernel.build(device, 'init-weights', KERNEL_SOURCES['init-weights'], ['uniform', 'storage']);
    return new InitWeightsKernel('init-weights', layout, pipeline);
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, grid: Grid): void {
    this.dispatch(pass, bindGroup, grid.x, grid.y);
  }
}
