/**
 * WebGPU in Node for `sparsewatch train`: Dawn's node bindings (npm `webgpu`, an optional
 * dependency) give a `GPU` object, and the engine's own `acquireDevice` gets an adapter and a
 * device from it. Nothing here knows about engines or training.
 *
 * Two facts that shape this module:
 * - The `GPU` object that `create()` returns owns Dawn's instance. If it is garbage-collected
 *   while its device is in use, Dawn's event processing touches freed memory and the process
 *   dies (SIGSEGV, futex errors, mutex assertions), the sooner the more JavaScript allocates,
 *   which is why a long synchronous loop seemed to trigger it. It is held here for the life of
 *   the process.
 * - On Linux Dawn runs on Vulkan. Where there is no Vulkan driver, SwiftShader's (the software
 *   driver that ships with @sparticuz/chromium, the tests' headless Chromium) can stand in,
 *   but the dynamic linker and the Vulkan loader read their paths when the process starts: so
 *   `swiftShaderEnvironment` gives the environment a relaunched process needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { DeviceResult } from '../engine/gpu/device.ts';

/** Set in a process relaunched with SwiftShader's environment, so it never relaunches again. */
export const SWIFTSHADER_MARK = 'SPARSEWATCH_SWIFTSHADER';

const VULKAN_LOADER = 'libvulkan.so.1';
const SWIFTSHADER_ICD = 'vk_swiftshader_icd.json';

/** Dawn's GPU object, kept alive for as long as any device made from it may be used. */
let dawnGpu: GPU | null = null;

/** A WebGPU device from Dawn, or why there is none. */
export async function dawnDevice(): Promise<DeviceResult> {
  if (process.platform === 'linux' && !vulkanLoaderFound()) {
    // Dawn would print a warning with a source location and find no adapter.
    return { ok: false, reason: `Dawn needs Vulkan on Linux and there is no Vulkan loader (${VULKAN_LOADER}) on this system` };
  }
  let webgpu: typeof import('webgpu');
  try {
    webgpu = await import('webgpu');
  } catch (error) {
    return { ok: false, reason: `Dawn's node bindings (npm package webgpu, an optional dependency) could not be loaded: ${(error as Error).message}` };
  }
  // The engine names GPUBufferUsage, GPUMapMode, … as globals, as in a browser.
  Object.assign(globalThis, webgpu.globals);
  dawnGpu ??= webgpu.create([]);
  const { acquireDevice } = await import('../engine/gpu/device.ts');
  const result = await acquireDevice(dawnGpu);
  return result.ok ? result : { ok: false, reason: `Dawn: ${result.reason}` };
}

/** Whether the dynamic linker can find the Vulkan loader: in LD_LIBRARY_PATH or in its cache. */
function vulkanLoaderFound(): boolean {
  const paths = (process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean);
  if (paths.some((path) => existsSync(join(path, VULKAN_LOADER)))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes(VULKAN_LOADER);
  } catch {
    return false;
  }
}

export type SwiftShaderResult = { ok: true; env: Record<string, string>; folder: string } | { ok: false; reason: string };

/**
 * The environment under which Dawn finds SwiftShader: @sparticuz/chromium unpacks its Vulkan
 * loader, the SwiftShader driver and the driver's manifest beside its Chromium.
 */
export async function swiftShaderEnvironment(): Promise<SwiftShaderResult> {
  let folder: string;
  try {
    const { default: chromium } = await import('@sparticuz/chromium');
    folder = dirname(await chromium.executablePath());
  } catch (error) {
    return { ok: false, reason: `SwiftShader comes with the npm package @sparticuz/chromium (a development dependency), which could not be unpacked: ${(error as Error).message}` };
  }
  const missing = [VULKAN_LOADER, SWIFTSHADER_ICD].filter((file) => !existsSync(join(folder, file)));
  if (missing.length > 0) return { ok: false, reason: `@sparticuz/chromium unpacked no ${missing.join(' or ')} into ${folder}` };
  const libraryPath = [folder, ...(process.env.LD_LIBRARY_PATH ?? '').split(delimiter).filter(Boolean)].join(delimiter);
  return { ok: true, folder, env: { VK_ICD_FILENAMES: join(folder, SWIFTSHADER_ICD), LD_LIBRARY_PATH: libraryPath, [SWIFTSHADER_MARK]: '1' } };
}
