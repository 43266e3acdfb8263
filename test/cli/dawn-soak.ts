/**
 * A soak run of the GPU engine in Dawn, started by dawn.test.ts in a child process with
 * `--expose-gc`: round after round it creates an engine (new buffers), runs a long synchronous
 * loop that allocates and then forces a full garbage collection, steps with gradients it
 * writes, and compares the weights with the CPU engine's. Dawn's `GPU` object being collected
 * while its device is in use crashed such loops (dawn.ts); this is the loop that would crash.
 * Prints one line, `ok <rounds> rounds on <adapter>`, or exits 1 naming the first difference.
 */
import { dawnDevice } from '../../src/cli/dawn.ts';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { createGpuEngine } from '../../src/engine/gpu/gpu-engine.ts';
import type { EngineOptions } from '../../src/engine/types.ts';
import { allCloseReport } from '../helpers/f32-compare.ts';
import { uniformF32 } from '../helpers/test-data.ts';

const ROUNDS = 12;
const STEPS = 6;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const device = await dawnDevice();
if (!device.ok) {
  console.log(`no adapter: ${device.reason}`);
  process.exit(3);
}
const options: EngineOptions = { paramCount: 65_537, init: { kind: 'symmetric', scale: 1, seed: 5 } };
const params = toUpdateParams({ rule: 'l1-prox', lr: 0.5, l1: 0.01, l2: 0 });
for (let round = 0; round < ROUNDS; round++) {
  const gpu = await createGpuEngine({ ...options, device: device.value });
  const cpu = createCpuEngine(options);
  // Between creating buffers and submitting: a long synchronous loop that leaves garbage behind.
  let kept = 0;
  for (let i = 0; i < 300_000; i++) kept += new Float64Array(8).fill(i).length;
  gc();
  for (let step = 0; step < STEPS; step++) {
    const gradient = uniformF32(options.paramCount, 0.1, 1 + round * STEPS + step);
    for (const engine of [gpu, cpu]) {
      engine.writeGradient(gradient);
      engine.step(params, { snapshot: step === STEPS - 1 });
    }
    gc();
  }
  const report = allCloseReport(await gpu.readWeights(), await cpu.readWeights());
  gpu.destroy();
  cpu.destroy();
  if (report !== null || kept !== 2_400_000) {
    console.log(`round ${round}: the GPU weights differ from the CPU engine's\n${report}`);
    process.exit(1);
  }
}
device.value.device.destroy();
console.log(`ok ${ROUNDS} rounds on ${device.value.adapterName}`);
