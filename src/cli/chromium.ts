/**
 * Where the headless Chromium with a software WebGPU adapter comes from, for the
 * GPU tests and the benchmark. It ships inside the npm package @sparticuz/chromium
 * (with SwiftShader's Vulkan driver), so nothing is installed by hand; CHROMIUM_PATH
 * points at another build instead.
 */
import chromium from '@sparticuz/chromium';

/** Flags every launch needs here: root, no network, no first-run chatter. */
const BASE_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** WebGPU on SwiftShader; leave it out to get a browser with no adapter. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export async function chromiumExecutable(): Promise<string> {
  return process.env.CHROMIUM_PATH || (await chromium.executablePath());
}

export function chromiumArgs(options: { webgpu: boolean }): string[] {
  return options.webgpu ? [...BASE_ARGS, ...WEBGPU_ARGS] : BASE_ARGS;
}
