/**
 * Per-layer counts of exact zeros and |w| < ε (shaders/digits-count.wgsl) over one layer's
 * weights in one buffer. Records into the caller's pass. Binds: uniforms, weights, counts.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { groupsFor } from '../../../engine/gpu/dispatch.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';

const MAX_GROUPS = 64;

export class CountKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<CountKernel> {
    const { layout, pipeline } = await ComputeKernel.build(device, 'digits-count', KERNEL_SOURCES['digits-count'], ['uniform', 'read-only-storage', 'storage']);
    return new CountKernel('digits-count', layout, pipeline);
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, vecCount: number): void {
    this.dispatch(pass, bindGroup, groupsFor(vecCount, MAX_GROUPS));
  }
}
