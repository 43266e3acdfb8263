/**
 * Partial predictions (shaders/regression-predict.wgsl): for one shard, Σ w_j·x_tj over each
 * chunk of its features, for every row. Records into the caller's compute pass.
 * Binds: uniforms, weights (one shard), rows, partials.
 */
import type { FeatureKind } from '../settings.ts';
import { RegressionKernel } from './regression-kernel.ts';

/** Invocations per workgroup, as the WGSL's WORKGROUP_SIZE. */
export const PREDICT_WORKGROUP_SIZE = 64;

export class PredictKernel extends RegressionKernel {
  static async create(device: GPUDevice, kind: FeatureKind): Promise<PredictKernel> {
    const { layout, pipeline } = await this.compile(device, 'regression-predict', kind);
    return new PredictKernel('regression-predict', layout, pipeline);
  }

  /** `rowGroups` workgroups stride over the rows; one grid row per chunk. */
  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, rowGroups: number, chunkCount: number): void {
    this.dispatch(pass, bindGroup, rowGroups, chunkCount);
  }
}
