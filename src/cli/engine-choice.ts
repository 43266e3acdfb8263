/**
 * Which engine `sparsewatch train` runs, and the line on stderr that says which and why.
 *   --engine cpu   the CPU engine.
 *   --engine auto  the GPU engine when Dawn finds an adapter and a device on the system as it
 *                  is (a GPU and its Vulkan, Metal or D3D12 driver), else the CPU engine. It
 *                  never reaches for the bundled software adapter: SwiftShader runs these
 *                  kernels slower than the CPU engine runs the same maths.
 *   --engine gpu   the same, but where Dawn finds nothing on Linux it relaunches the command
 *                  on SwiftShader (dawn.ts), and where that fails too it is an error, not the CPU.
 * Lockstep runs get one engine each, all on one device. A run too large for the device falls
 * back to the CPU engine under auto (with the device's words in the reason).
 */
import { ConfigError } from '../engine/config-error.ts';
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import type { AcquiredDevice } from '../engine/gpu/device.ts';
import type { Engine, EngineOptions } from '../engine/types.ts';
import { dawnDevice, swiftShaderEnvironment, SWIFTSHADER_MARK } from './dawn.ts';
import type { EngineName } from './option-table.ts';

/** Makes the engines of one command and says which they are. */
export interface EngineMaker {
  readonly kind: 'cpu' | 'webgpu';
  /** "CPU engine: …" or "GPU engine: …", for stderr. */
  readonly line: string;
  create(options: EngineOptions): Promise<Engine>;
  /** Releases the device (after the engines are destroyed). */
  close(): void;
}

export type EngineDecision =
  | { kind: 'ready'; maker: EngineMaker }
  /** Run the same command again under this environment (SwiftShader). */
  | { kind: 'relaunch'; env: Record<string, string> }
  | { kind: 'unavailable'; reason: string };

export function cpuMaker(why: string): EngineMaker {
  return { kind: 'cpu', line: `CPU engine: ${why}`, create: async (options) => createCpuEngine(options), close: () => undefined };
}

function gpuMaker(acquired: AcquiredDevice, note: string): EngineMaker {
  return {
    kind: 'webgpu',
    line: `GPU engine: WebGPU through Dawn on ${acquired.adapterName}${note}`,
    create: async (options) => {
      const { createGpuEngine } = await import('../engine/gpu/gpu-engine.ts');
      return createGpuEngine({ ...options, device: acquired });
    },
    close: () => acquired.device.destroy(),
  };
}

/**
 * Decides from the preference; `cpuOnly` names why a run must use the CPU engine (its data),
 * if it must.
 */
export async function chooseEngine(preference: EngineName, cpuOnly: string | null): Promise<EngineDecision> {
  if (preference === 'cpu') return { kind: 'ready', maker: cpuMaker('asked for with --engine cpu') };
  if (cpuOnly !== null) return { kind: 'ready', maker: cpuMaker(cpuOnly) };
  const relaunched = process.env[SWIFTSHADER_MARK] === '1';
  const device = await dawnDevice();
  if (device.ok) {
    const note = relaunched ? ' (a software Vulkan driver: slower than the CPU engine)' : '';
    return { kind: 'ready', maker: gpuMaker(device.value, note) };
  }
  if (preference === 'auto') {
    const hint = process.platform === 'linux' && !relaunched ? ' (--engine gpu would try SwiftShader, a software adapter)' : '';
    return { kind: 'ready', maker: cpuMaker(`no GPU: ${device.reason}${hint}`) };
  }
  if (process.platform !== 'linux' || relaunched) return { kind: 'unavailable', reason: device.reason };
  const swiftShader = await swiftShaderEnvironment();
  if (!swiftShader.ok) return { kind: 'unavailable', reason: `${device.reason}; and no SwiftShader to fall back on: ${swiftShader.reason}` };
  return { kind: 'relaunch', env: swiftShader.env };
}

/**
 * One engine per options entry. Under `fallBack` (--engine auto), a run the GPU device cannot
 * hold (a ConfigError from the GPU engine) is made on the CPU engine instead.
 */
export async function createEngines(maker: EngineMaker, options: readonly EngineOptions[], fallBack: boolean): Promise<{ maker: EngineMaker; engines: Engine[] }> {
  const engines: Engine[] = [];
  try {
    for (const entry of options) engines.push(await maker.create(entry));
    return { maker, engines };
  } catch (error) {
    for (const engine of engines) engine.destroy();
    if (maker.kind === 'cpu' || !fallBack || !(error instanceof ConfigError)) throw error;
    maker.close();
    return createEngines(cpuMaker(`the GPU device cannot take this run (${error.message})`), options, false);
  }
}
