/**
 * Second pass of the norm reduction (shaders/reduce-norms.wgsl): one workgroup folds the
 * per-invocation partials of every shard into (‖w‖₁, ‖w‖₂²). Binds: uniforms, partials, norms.
 */
import { ComputeKernel } from './compute-kernel.ts';
import { KERNEL_SOURCES } from './shaders.ts';

export class ReduceNormsKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<ReduceNormsKernel> {
    const bindings = ['uniform', 'read-only-storage', 'storage'] as const;
    const { layout, pipeline } = await ComputeKernel.build(device, 'reduce-norms', KERNEL_SOURCES['reduce-norms'], bindings);
    return new ReduceNormsKernel('reduce-norms', layout, pipeline);
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup): void {
    this.dispatch(pass, bindGroup, 1);
  }
}
