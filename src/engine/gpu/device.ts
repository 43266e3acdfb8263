/**
 * Getting a WebGPU device with the adapter's real limits (the spec defaults cap a binding
 * at 128 MiB), or the reason there is none. No engine logic here.
 */

export interface AcquiredDevice {
  device: GPUDevice;
  /** Human-readable adapter name, e.g. "google swiftshader". */
  adapterName: string;
  /**
   * A software adapter (`isFallbackAdapter`, SwiftShader's case): its kernels run on the
   * CPU's cores, so whatever else the page does takes time from them.
   */
  software: boolean;
}

export type DeviceResult = { ok: true; value: AcquiredDevice } | { ok: false; reason: string };

export async function acquireDevice(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<DeviceResult> {
  if (!gpu) return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { ok: false, reason: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
  if (!adapter) return { ok: false, reason: 'WebGPU is present but no adapter is available' };
  const { limits } = adapter;
  try {
    const device = await adapter.requestDevice({
      label: 'sparsewatch.device',
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      },
    });
    // isFallbackAdapter is missing before Chrome 136: a hardware adapter is the likely case there.
    return { ok: true, value: { device, adapterName: describeAdapter(adapter), software: adapter.info.isFallbackAdapter === true } };
  } catch (error) {
    return { ok: false, reason: `the WebGPU adapter refused a device: ${(error as Error).message}` };
  }
}

function describeAdapter(adapter: GPUAdapter): string {
  const { vendor, architecture, description, device } = adapter.info;
  return description || [vendor, architecture, device].filter(Boolean).join(' ') || 'unknown WebGPU adapter';
}
