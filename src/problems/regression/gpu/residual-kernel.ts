/**
 * Residuals (shaders/regression-residual.wgsl): r_t = Σ of the row's partial predictions − y_t.
 * Records into the caller's compute pass.
 * Binds: uniforms, rows, partials, residuals.
 */
import type { FeatureKind } from '../settings.ts';
import { RegressionKernel } from './regression-kernel.ts';

export class ResidualKernel extends RegressionKernel {
  static async create(device: GPUDevice, kind: FeatureKind): Promise<ResidualKernel> {
    const { layout, pipeline } = await this.compile(device, 'regression-residual', kind);
    return new ResidualKernel('regression-residual', layout, pipeline);
  }

  /** `rowGroups` workgroups of 64 stride over the rows. */
  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, rowGroups: number): void {
    this.dispatch(pass, bindGroup, rowGroups, 1);
  }
}
