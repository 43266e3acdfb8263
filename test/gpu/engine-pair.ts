/**
 * Drives a GPU engine and the CPU reference engine through the same calls and collects what
 * each produced, so a conformance test only states the scenario and compares.
 */
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { createGpuEngine, type GpuEngineOptions } from '../../src/engine/gpu/gpu-engine.ts';
import type { Engine, Snapshot, UpdateParams } from '../../src/engine/types.ts';

export interface PairResult {
  weights: Float32Array;
  snapshots: Snapshot[];
}

export class EnginePair {
  private constructor(
    readonly gpu: Engine,
    readonly cpu: Engine,
    readonly gpuSnapshots: Snapshot[],
    readonly cpuSnapshots: Snapshot[],
  ) {}

  static async create(options: GpuEngineOptions): Promise<EnginePair> {
    const gpu = await createGpuEngine(options);
    const cpu = createCpuEngine(options);
    const pair = new EnginePair(gpu, cpu, [], []);
    gpu.onSnapshot((s) => pair.gpuSnapshots.push(s));
    cpu.onSnapshot((s) => pair.cpuSnapshots.push(s));
    return pair;
  }

  each(action: (engine: Engine) => void): void {
    action(this.gpu);
    action(this.cpu);
  }

  /** Steps both engines, settling after each snapshot so the GPU never drops one. */
  async steps(params: UpdateParams, count: number, snapshot = true): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.each((e) => e.step(params, { snapshot }));
      if (snapshot) await this.settled();
    }
  }

  async settled(): Promise<void> {
    await Promise.all([this.gpu.settled(), this.cpu.settled()]);
  }

  async results(): Promise<{ gpu: PairResult; cpu: PairResult }> {
    await this.settled();
    const [gw, cw] = await Promise.all([this.gpu.readWeights(), this.cpu.readWeights()]);
    return {
      gpu: { weights: gw, snapshots: this.gpuSnapshots.splice(0) },
      cpu: { weights: cw, snapshots: this.cpuSnapshots.splice(0) },
    };
  }

  destroy(): void {
    this.each((e) => e.destroy());
  }
}
