/**
 * One layer's bias step (shaders/digits-bias.wgsl): a plain gradient step, no penalty.
 * Records into the caller's pass. Binds: uniforms, delta, biases.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';

/** Invocations per workgroup, as the WGSL's WORKGROUP_SIZE. */
export const BIAS_WORKGROUP_SIZE = 64;

export class BiasKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<BiasKernel> {
    const { layout, pipeline } = await ComputeKernel.build(device, 'digits-bias', KERNEL_SOURCES['digits-bias'], ['uniform', 'read-only-storage', 'storage']);
    return new BiasKernel('digits-bias', layout, pipeline);
  }

  /** One invocation per output. */
  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, outputs: number): void {
    this.dispatch(pass, bindGroup, Math.ceil(outputs / BIAS_WORKGROUP_SIZE));
  }
}
