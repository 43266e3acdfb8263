/**
 * Input rows from pixel bytes (shaders/digits-gather.wgsl), for a minibatch or a chunk of a
 * set. Records into the caller's pass. Binds: uniforms, digits, pixels, input.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { groupsFor } from '../../../engine/gpu/dispatch.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';
import { IMAGE_PIXELS } from '../asset-format.ts';

/** Workgroups at most: a grid-stride loop covers the rest (few long-lived groups suit software adapters). */
const MAX_GROUPS = 64;

export class GatherKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<GatherKernel> {
    const bindings = ['uniform', 'read-only-storage', 'read-only-storage', 'storage'] as const;
    const { layout, pipeline } = await ComputeKernel.build(device, 'digits-gather', KERNEL_SOURCES['digits-gather'], bindings);
    return new GatherKernel('digits-gather', layout, pipeline);
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, rows: number): void {
    this.dispatch(pass, bindGroup, groupsFor((rows * IMAGE_PIXELS) / 4, MAX_GROUPS));
  }
}
