/**
 * The tiled matrix product (shaders/digits-matmul.wgsl): one pipeline for the four forms the
 * network's passes use (the form is in the uniforms, see uniforms.ts). Records into the
 * caller's pass. Binds: uniforms, a, b, extra, c.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';

/** Rows and columns of C per workgroup, as the WGSL's TILE. */
export const MATMUL_TILE = 64;

export class MatmulKernel extends ComputeKernel {
  static async create(device: GPUDevice): Promise<MatmulKernel> {
    const bindings = ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage'] as const;
    const { layout, pipeline } = await ComputeKernel.build(device, 'digits-matmul', KERNEL_SOURCES['digits-matmul'], bindings);
    return new MatmulKernel('digits-matmul', layout, pipeline);
  }

  /** One workgroup per 64×64 tile of the m × n result. */
  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, m: number, n: number): void {
    this.dispatch(pass, bindGroup, Math.ceil(n / MATMUL_TILE), Math.ceil(m / MATMUL_TILE));
  }
}
