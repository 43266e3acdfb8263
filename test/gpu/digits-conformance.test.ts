/**
 * The digits kernels (gather, the tiled products in their four forms, loss, bias step,
 * counts) on the software WebGPU adapter against the CPU backend, through the same lockstep
 * driver on both engines: networks whose sizes cross the 64-wide tiles and the 16-deep inner
 * steps (batch 7 and 65, widths 12, 20, 68, 132), both losses, two runs per group, and layers
 * straddling shards. After every step the weights (so the weight gradients: w' = w − η·g
 * under rule none), the biases, the losses, accuracies and zero counts must agree; biases
 * written into a group (a checkpoint's) must land where the products read them, and a group
 * started from another's saved runs must score exactly as that one did. The CPU
 * sums in f64, the GPU in f32 in another order: close, not equal.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { createGpuEngine, type GpuEngineOptions } from '../../src/engine/gpu/gpu-engine.ts';
import type { Engine, Regulariser } from '../../src/engine/types.ts';
import { CpuDigits } from '../../src/problems/digits/cpu-digits.ts';
import { splitBiases } from '../../src/problems/digits/digits-checkpoint.ts';
import { DigitsLockstep } from '../../src/problems/digits/digits-run.ts';
import { GpuDigits } from '../../src/problems/digits/gpu/gpu-digits.ts';
import { loadDigitsUrl } from '../../src/problems/digits/load-browser.ts';
import type { DigitsMetrics } from '../../src/problems/digits/metrics.ts';
import { digitsEngineOptions, Network } from '../../src/problems/digits/network.ts';
import type { DigitsSettings } from '../../src/problems/digits/settings.ts';
import { allCloseReport, exactReport, type Tolerance } from '../helpers/f32-compare.ts';
import { uniformF32 } from '../helpers/test-data.ts';
import { digitsSubset } from '../helpers/digits-subset.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';

/**
 * One step moves a weight by η·g; g sums up to 784 f32 products per digit and 65 digits, in f32
 * on the GPU (tile order) and f64 on the CPU: relative differences of 1e-6 in g, well inside
 * these after three steps.
 */
const WEIGHTS: Tolerance = { abs: 2e-6, rel: 1e-4 };
const LOSSES: Tolerance = { abs: 1e-5, rel: 1e-4 };

const device = await sharedDevice();
/** Every 25th digit of the asset (all ten classes): 320 for training, 80 held out, so a check costs little. */
const data = device ? digitsSubset(await loadDigitsUrl(), 25) : null;

interface Case {
  name: string;
  settings: Partial<DigitsSettings>;
  runs: Regulariser[];
  engine?: Pick<GpuEngineOptions, 'maxShardParams'>;
}

const NONE: Regulariser = { rule: 'none', lr: 0.5, l1: 0, l2: 0 };
const CASES: Case[] = [
  { name: 'linear 784-10, batch 7, mse', settings: { hidden: [], batch: 7, loss: 'mse' }, runs: [{ ...NONE, lr: 0.1 }] },
  { name: '784-12-10, batch 65, xent, none and l1-prox', settings: { hidden: [12], batch: 65 }, runs: [NONE, { rule: 'l1-prox', lr: 0.5, l1: 0.02, l2: 0 }] },
  { name: '784-68-20-10, batch 65, xent, elastic net', settings: { hidden: [68, 20], batch: 65 }, runs: [{ rule: 'l1-clip', lr: 0.5, l1: 0.01, l2: 0.1 }] },
  { name: '784-132-10, batch 64, mse, l2', settings: { hidden: [132], batch: 64, loss: 'mse' }, runs: [{ rule: 'l2', lr: 0.05, l1: 0, l2: 0.5 }] },
  {
    name: '784-68-20-10, batch 33, layers across shards of 1,000 weights, two runs',
    settings: { hidden: [68, 20], batch: 33 },
    runs: [NONE, { rule: 'l1-prox', lr: 0.5, l1: 0.01, l2: 0 }],
    engine: { maxShardParams: 1_000 },
  },
];

const STEPS = 3;
let engines: Engine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.destroy();
});

function expectMetricsClose(gpu: DigitsMetrics, cpu: DigitsMetrics, heldOut: number): void {
  expect(gpu.step).toBe(cpu.step);
  const losses = (m: DigitsMetrics) => [m.heldOutLoss!, m.trainLoss ?? 0, m.l1Norm, m.l2NormSquared];
  expect(allCloseReport(losses(gpu), losses(cpu), LOSSES), `losses at step ${gpu.step}`).toBeNull();
  // A digit whose two largest outputs nearly tie may go either way.
  expect(Math.abs(gpu.heldOutAccuracy! - cpu.heldOutAccuracy!)).toBeLessThanOrEqual(2 / heldOut);
  gpu.layers.forEach((layer, l) => {
    expect(Math.abs(layer.exactZeroFraction - cpu.layers[l]!.exactZeroFraction) * layer.weights, `zeros in layer ${l}`).toBeLessThanOrEqual(2);
    expect(Math.abs(layer.nearZeroFraction - cpu.layers[l]!.nearZeroFraction) * layer.weights, `near zeros in layer ${l}`).toBeLessThanOrEqual(2);
  });
  // The engine's zero bin and the count kernel agree exactly on the same weights.
  const zeros = gpu.layers.reduce((n, layer) => n + layer.exactZeroFraction * layer.weights, 0);
  expect(Math.round(zeros)).toBe(Math.round(gpu.exactZeroFraction * gpu.layers.reduce((n, l) => n + l.weights, 0)));
}

describe.runIf(device)('digits kernels on WebGPU match the CPU backend', () => {
  test.each(CASES)('$name', async ({ settings: partial, runs, engine }) => {
    const d = device!;
    const settings: DigitsSettings = { hidden: [], loss: 'xent', batch: 10, epochs: 1, seed: 3, snapshotEvery: 1, epsilon: 1e-3, ...partial };
    await withErrorScopes(d.device, async () => {
      const options = digitsEngineOptions(settings);
      const gpuEngines = await Promise.all(runs.map(() => createGpuEngine({ ...options, device: d, ...engine })));
      const cpuEngines = runs.map(() => createCpuEngine(options));
      engines = [...gpuEngines, ...cpuEngines];
      const gpu = await DigitsLockstep.start(gpuEngines, data!, settings, runs);
      const cpu = await DigitsLockstep.start(cpuEngines, data!, settings, runs);
      try {
        runs.forEach((_, r) => expectMetricsClose(gpu.initial[r]!, cpu.initial[r]!, data!.heldOut.length));
        for (let step = 1; step <= STEPS; step++) {
          const [g, c] = [await gpu.advance(), await cpu.advance()];
          for (const [r] of runs.entries()) {
            expectMetricsClose(g.metrics![r]!, c.metrics![r]!, data!.heldOut.length);
            const [gw, cw] = await Promise.all([gpuEngines[r]!.readWeights(), cpuEngines[r]!.readWeights()]);
            expect(allCloseReport(gw, cw, WEIGHTS), `run ${r} weights after step ${step}`).toBeNull();
          }
          const [gb, cb] = [await gpu.readBiases(), await cpu.readBiases()];
          gb.forEach((layers, r) => layers.forEach((b, l) => expect(allCloseReport(b, cb[r]![l]!, WEIGHTS), `run ${r} layer ${l} biases after step ${step}`).toBeNull()));
          // The step changed the biases: the comparison is not of two untouched zeros.
          expect(gb[0]!.at(-1)!.some((b) => b !== 0)).toBe(true);
        }
      } finally {
        gpu.destroy();
        cpu.destroy();
      }
    });
  });
});

describe.runIf(device)('per-layer counts on WebGPU are exact', () => {
  test('the same weights give the same exact-zero and near-zero counts per layer, across shards too', async () => {
    const d = device!;
    const network = Network.of([20]);
    const epsilon = 1e-3;
    // Zeros of both signs, values just below, at and above f32(ε), subnormals, NaN and ±Inf, among ordinary weights.
    const edges = [0, -0, Math.fround(epsilon), -Math.fround(epsilon), 0.000999, -0.000999, 0.00101, 1e-40, -1e-40, NaN, Infinity, -Infinity];
    const weights = uniformF32(network.paramCount, 0.01, 11).map((w, i) => (i % 7 === 0 ? edges[(i / 7) % edges.length]! : w));
    await withErrorScopes(d.device, async () => {
      const options = { paramCount: network.paramCount, init: { kind: 'symmetric' as const, scale: 1, seed: 1 } };
      const gpuEngines = [await createGpuEngine({ ...options, device: d }), await createGpuEngine({ ...options, device: d, maxShardParams: 1_000 })];
      const cpuEngine = createCpuEngine(options);
      engines = [...gpuEngines, cpuEngine];
      for (const engine of engines) engine.writeWeights(weights);
      const gpu = await GpuDigits.create(gpuEngines, [1, 1], network, data!, 'xent', 10);
      const cpu = new CpuDigits([cpuEngine], [1], network, data!, 'xent', 10);
      try {
        const [expected] = await cpu.layerCounts(epsilon);
        const flat = (counts: { exactZeros: number; nearZeros: number }[]) => counts.flatMap((c) => [c.exactZeros, c.nearZeros]);
        for (const counts of await gpu.layerCounts(epsilon)) expect(exactReport(flat(counts), flat(expected!))).toBeNull();
        // Not a trivial agreement: each layer has zeros, and more weights below ε than zeros.
        for (const c of expected!) expect(c.nearZeros).toBeGreaterThan(c.exactZeros);
        expect(expected![0]!.exactZeros).toBeGreaterThan(0);
      } finally {
        gpu.destroy();
      }
    });
  });
});

describe.runIf(device)('biases written on WebGPU', () => {
  test('a group started from another\'s savedRun (weights and biases) scores exactly as that group did at the step saved', async () => {
    const d = device!;
    const settings: DigitsSettings = { hidden: [12], loss: 'xent', batch: 10, epochs: 1, seed: 3, snapshotEvery: 2, epsilon: 1e-3 };
    const runs: Regulariser[] = [NONE, { rule: 'l1-prox', lr: 0.5, l1: 0.02, l2: 0 }];
    await withErrorScopes(d.device, async () => {
      const options = digitsEngineOptions(settings);
      const make = () => Promise.all(runs.map(() => createGpuEngine({ ...options, device: d })));
      const [trained, fresh] = [await make(), await make()];
      engines = [...trained, ...fresh];
      const group = await DigitsLockstep.start(trained, data!, settings, runs);
      await group.advance();
      const { metrics } = await group.advance();
      const saved = await Promise.all(runs.map((_, r) => group.savedRun(r)));
      group.destroy();
      const loaded = await DigitsLockstep.start(fresh, data!, settings, runs, saved);
      try {
        expect(saved.every((s) => s.step === 2 && s.biases.some((b) => b !== 0))).toBe(true);
        loaded.initial.forEach((initial, r) => {
          expect(initial.heldOutLoss).toBe(metrics![r]!.heldOutLoss);
          expect(initial.heldOutAccuracy).toBe(metrics![r]!.heldOutAccuracy);
        });
      } finally {
        loaded.destroy();
      }
    });
  });

  test('writeBiases puts each run\'s biases at its layers\' offsets: read back exactly, and the held-out scores match the CPU backend given the same', async () => {
    const d = device!;
    // The output layer's 10 biases start at 20 and their row is padded to 12 (whole vec4s).
    const network = Network.of([20]);
    const weights = uniformF32(network.paramCount, 0.05, 5);
    const written = [0, 1].map((r) => splitBiases(network, uniformF32(network.biasCount, 0.5, 20 + r)));
    await withErrorScopes(d.device, async () => {
      const options = { paramCount: network.paramCount, init: { kind: 'symmetric' as const, scale: 1, seed: 1 } };
      const gpuEngines = [await createGpuEngine({ ...options, device: d }), await createGpuEngine({ ...options, device: d, maxShardParams: 1_000 })];
      const cpuEngines = [createCpuEngine(options), createCpuEngine(options)];
      engines = [...gpuEngines, ...cpuEngines];
      for (const engine of engines) engine.writeWeights(weights);
      const gpu = await GpuDigits.create(gpuEngines, [1, 1], network, data!, 'xent', 10);
      const cpu = new CpuDigits(cpuEngines, [1, 1], network, data!, 'xent', 10);
      try {
        gpu.writeBiases(written);
        cpu.writeBiases(written);
        const [gb, cb] = [await gpu.readBiases(), await cpu.readBiases()];
        expect(gb).toEqual(written);
        expect(gb).toEqual(cb);
        const [gs, cs] = [await gpu.evaluate('heldOut'), await cpu.evaluate('heldOut')];
        gs.forEach((score, r) => {
          expect(allCloseReport([score.lossSum], [cs[r]!.lossSum], LOSSES), `run ${r} held-out loss`).toBeNull();
          expect(Math.abs(score.correct - cs[r]!.correct)).toBeLessThanOrEqual(2);
        });
        // The biases reached the products: the two runs share weights and score differently.
        expect(cs[0]!.lossSum).not.toBe(cs[1]!.lossSum);
        expect(allCloseReport([gs[0]!.lossSum], [gs[1]!.lossSum], LOSSES)).not.toBeNull();
      } finally {
        gpu.destroy();
      }
    });
  });
});
