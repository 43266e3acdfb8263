/**
 * Turning WGSL into pipelines with errors a person can act on: a compilation error comes
 * back as the kernel's label, line, column, message and the offending source line; a
 * validation error while building the pipeline comes back with the kernel's label.
 */

export class ShaderError extends Error {
  override readonly name = 'ShaderError';
}

export async function compileModule(device: GPUDevice, label: string, code: string): Promise<GPUShaderModule> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const scopeError = await device.popErrorScope();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const lines = code.split('\n');
    const detail = errors
      .map((m) => `${label}.wgsl:${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`)
      .join('\n');
    throw new ShaderError(`WGSL compilation failed for kernel "${label}":\n${detail}`);
  }
  if (scopeError) throw new ShaderError(`Kernel "${label}": ${scopeError.message}`);
  return module;
}

export async function createPipeline(
  device: GPUDevice,
  label: string,
  module: GPUShaderModule,
  layout: GPUPipelineLayout,
  constants: Record<string, number> = {},
): Promise<GPUComputePipeline> {
  device.pushErrorScope('validation');
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({ label, layout, compute: { module, entryPoint: 'main', constants } });
  } catch (error) {
    await device.popErrorScope();
    throw new ShaderError(`Kernel "${label}": pipeline creation failed: ${(error as Error).message}`);
  }
  const scopeError = await device.popErrorScope();
  if (scopeError) throw new ShaderError(`Kernel "${label}": ${scopeError.message}`);
  return pipeline;
}

/** A bind group layout of storage/uniform buffers for one compute kernel, in binding order. */
export function bufferLayout(
  device: GPUDevice,
  label: string,
  types: readonly GPUBufferBindingType[],
): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label,
    entries: types.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
  });
}
