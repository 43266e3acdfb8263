/**
 * The loss, its gradient and the score sums (shaders/digits-loss.wgsl), one pipeline per
 * loss (the `LOSS` override). One workgroup. Records into the caller's pass.
 * Binds: uniforms, logits, digits, labels, delta, scores.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';
import type { DigitsLoss } from '../settings.ts';
import { LOSS_CODE } from './uniforms.ts';

export class LossKernel extends ComputeKernel {
  static async create(device: GPUDevice, loss: DigitsLoss): Promise<LossKernel> {
    const bindings = ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'storage'] as const;
    const { layout, pipeline } = await ComputeKernel.build(device, 'digits-loss', KERNEL_SOURCES['digits-loss'], bindings, {
      label: `digits-loss.${loss}`,
      constants: { LOSS: LOSS_CODE[loss] },
    });
    return new LossKernel('digits-loss', layout, pipeline);
  }

  record(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup): void {
    this.dispatch(pass, bindGroup, 1);
  }
}
