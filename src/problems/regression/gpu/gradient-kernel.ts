/**
 * The gradient (shaders/regression-gradient.wgsl): ∂E/∂w_j for every feature of one shard,
 * written into the engine's gradient buffer for that shard. Records into the caller's
 * compute pass; the engine's update runs after it, in queue order.
 * Binds: uniforms, rows, residuals, gradient (one shard).
 */
import type { Grid } from '../../../engine/gpu/dispatch.ts';
import type { FeatureKind } from '../settings.ts';
import { RegressionKernel } from './regression-kernel.ts';

export class GradientKernel extends RegressionKernel {
  static async create(device: GPUDevice, kind: FeatureKind): Promise<GradientKernel> {
    const { layout, pipeline } = await this.compile(device, 'regression-gradient', kind);
    return new GradientKernel('regression-gradient', layout, pipeline);
  }

  /** A grid-stride grid of 256-invocation workgroups over the shard's vec4s. */
  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, grid: Grid): void {
    this.dispatch(pass, bindGroup, grid.x, grid.y);
  }
}
