/**
 * What the three regression kernels share: the WGSL of the kernel with the feature library
 * appended (WGSL has no includes; appending keeps the kernel's own line numbers right in a
 * compilation error), compiled through the engine's compile.ts, one pipeline per feature kind
 * (the `FEATURE_KIND` override), one bind group layout shape (uniforms, two read-only buffers,
 * the output), and labels on everything; the rest comes from the engine's ComputeKernel. The kernels themselves (predict-kernel.ts,
 * residual-kernel.ts, gradient-kernel.ts) add only how they are dispatched.
 */
import { ComputeKernel } from '../../../engine/gpu/compute-kernel.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';
import { KIND_CODE } from '../features.ts';
import type { FeatureKind } from '../settings.ts';

export type RegressionKernelName = 'regression-predict' | 'regression-residual' | 'regression-gradient';

/** The four buffers a regression kernel binds, in binding order. */
export type RegressionBindings = readonly [uniforms: GPUBuffer, first: GPUBuffer, second: GPUBuffer, output: GPUBuffer];

export abstract class RegressionKernel extends ComputeKernel {
  /**
   * Compiles `name` for one feature kind. Every regression kernel binds, in order: its
   * uniforms, two read-only buffers and the one it writes.
   */
  protected static async compile(device: GPUDevice, name: RegressionKernelName, kind: FeatureKind): Promise<{ layout: GPUBindGroupLayout; pipeline: GPUComputePipeline }> {
    return ComputeKernel.build(device, name, `${KERNEL_SOURCES[name]}\n${KERNEL_SOURCES['regression-features']}`, ['uniform', 'read-only-storage', 'read-only-storage', 'storage'], {
      label: `${name}.${kind}`,
      constants: { FEATURE_KIND: KIND_CODE[kind] },
    });
  }

  override bindGroup(device: GPUDevice, label: string, buffers: RegressionBindings): GPUBindGroup {
    return super.bindGroup(device, label, buffers);
  }
}
