/**
 * What the three regression kernels share: the WGSL of the kernel with the feature library
 * appended (WGSL has no includes; appending keeps the kernel's own line numbers right in a
 * compilation error), compiled through the engine's compile.ts, one pipeline per feature kind
 * (the `FEATURE_KIND` override), one bind group layout shape (uniforms, two read-only buffers,
 * the output), and labels on everything. The kernels themselves (predict-kernel.ts,
 * residual-kernel.ts, gradient-kernel.ts) add only how they are dispatched.
 */
import { bufferLayout, compileModule, createPipeline } from '../../../engine/gpu/compile.ts';
import { KERNEL_SOURCES } from '../../../engine/gpu/shaders.ts';
import { KIND_CODE } from '../features.ts';
import type { FeatureKind } from '../settings.ts';

export type RegressionKernelName = 'regression-predict' | 'regression-residual' | 'regression-gradient';

/** The four buffers a regression kernel binds, in binding order. */
export type RegressionBindings = readonly [uniforms: GPUBuffer, first: GPUBuffer, second: GPUBuffer, output: GPUBuffer];

export abstract class RegressionKernel {
  protected constructor(
    readonly name: RegressionKernelName,
    readonly layout: GPUBindGroupLayout,
    readonly pipeline: GPUComputePipeline,
  ) {}

  /**
   * Compiles `name` for one feature kind. Every regression kernel binds, in order: its
   * uniforms, two read-only buffers and the one it writes.
   */
  protected static async compile(device: GPUDevice, name: RegressionKernelName, kind: FeatureKind): Promise<{ layout: GPUBindGroupLayout; pipeline: GPUComputePipeline }> {
    const module = await compileModule(device, name, `${KERNEL_SOURCES[name]}\n${KERNEL_SOURCES['regression-features']}`);
    const layout = bufferLayout(device, `${name}.bindGroupLayout`, ['uniform', 'read-only-storage', 'read-only-storage', 'storage']);
    const pipelineLayout = device.createPipelineLayout({ label: `${name}.pipelineLayout`, bindGroupLayouts: [layout] });
    const pipeline = await createPipeline(device, `${name}.${kind}`, module, pipelineLayout, { FEATURE_KIND: KIND_CODE[kind] });
    return { layout, pipeline };
  }

  bindGroup(device: GPUDevice, label: string, buffers: RegressionBindings): GPUBindGroup {
    return device.createBindGroup({
      label: `${label}.${this.name}.bindGroup`,
      layout: this.layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  protected dispatch(pass: GPUComputePassEncoder, bindGroup: GPUBindGroup, x: number, y: number): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y);
  }
}
