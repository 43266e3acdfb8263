/**
 * The must-show regression (d = 10,000, k = 20, n = 600, full batch) on the software
 * WebGPU adapter beside the CPU engine, in lockstep from the same starting weights. SwiftShader
 * takes about 0.1 s a step here, so the GPU runs 200 steps of l1-prox (the support is found by
 * about 170) rather than the 300 after which the CPU test in Node checks full convergence; at
 * step 200 both engines must have the same support and close weights, and the GPU's own metrics
 * must already show the recovery. L2 runs 20 steps: no weight is zero on either engine.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { RegressionMetrics } from '../../src/problems/regression/metrics.ts';
import { RegressionRun, regressionEngineOptions, type RegressionRunSettings } from '../../src/problems/regression/regression-run.ts';
import { allCloseReport } from '../helpers/f32-compare.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';
import { mustShowProblem, runSettings } from '../problems/regression-must-show.ts';
import { EnginePair } from './engine-pair.ts';

const problem = mustShowProblem();

let pair: EnginePair | null = null;
afterEach(() => {
  pair?.destroy();
  pair = null;
});

/** Runs both engines step by step; returns each one's metrics at the snapshots and the final weights. */
async function lockstep(settings: RegressionRunSettings) {
  const device = (await sharedDevice())!;
  pair = await EnginePair.create({ ...regressionEngineOptions(problem, settings.initScale), device });
  const gpu = await RegressionRun.start(pair.gpu, problem, settings);
  const cpu = await RegressionRun.start(pair.cpu, problem, settings);
  const metrics: { gpu: RegressionMetrics[]; cpu: RegressionMetrics[] } = { gpu: [gpu.initial], cpu: [cpu.initial] };
  let gpuMs = 0;
  while (!gpu.done) {
    const started = performance.now();
    const g = await gpu.advance();
    if (g.metrics) metrics.gpu.push(g.metrics);
    gpuMs += performance.now() - started;
    const c = await cpu.advance();
    if (c.metrics) metrics.cpu.push(c.metrics);
  }
  const [gw, cw] = await Promise.all([pair.gpu.readWeights(), pair.cpu.readWeights()]);
  return { metrics, weights: { gpu: gw, cpu: cw }, gpuStepsPerSecond: settings.steps / (gpuMs / 1000) };
}

describe.runIf(await sharedDevice())('must-show on WebGPU: d = 10,000, k = 20, n = 600, full batch', () => {
  test('l1-prox: the GPU recovers the support with exact zeros, and agrees with the CPU engine', async () => {
    const device = (await sharedDevice())!;
    await withErrorScopes(device.device, async () => {
      const { metrics, weights, gpuStepsPerSecond } = await lockstep(runSettings('l1-prox', 200, 100));
      const gpu = metrics.gpu.at(-1)!;
      const cpu = metrics.cpu.at(-1)!;
      console.info(
        `l1-prox, 200 steps on ${pair!.gpu.deviceName}: F1 ${gpu.supportF1}, exact zeros ${gpu.exactZeroFraction}, ` +
          `held-out loss ${gpu.heldOutLoss?.toFixed(4)} (CPU ${cpu.heldOutLoss?.toFixed(4)}), ${gpuStepsPerSecond.toFixed(1)} GPU steps/s`,
      );
      expect(gpu.step).toBe(200);
      expect(gpu.supportF1).toBeGreaterThanOrEqual(0.95);
      expect(gpu.exactZeroFraction).toBeGreaterThanOrEqual(0.95);
      // The same support: exactly the same weights are zero on both engines.
      const zeroMismatch = weights.gpu.findIndex((w, j) => (w === 0) !== (weights.cpu[j] === 0));
      expect(zeroMismatch, `weight ${zeroMismatch}: GPU ${weights.gpu[zeroMismatch]}, CPU ${weights.cpu[zeroMismatch]}`).toBe(-1);
      // 200 steps of f32 sums (GPU) against f64 ones (CPU).
      expect(allCloseReport(weights.gpu, weights.cpu, { abs: 1e-4, rel: 1e-3 })).toBeNull();
      metrics.gpu.forEach((g, i) => {
        const c = metrics.cpu[i]!;
        expect(g.nonzeros, `nonzeros at step ${g.step}`).toBe(c.nonzeros);
        expect(allCloseReport([g.loss, g.heldOutLoss!, g.distanceToTruth!], [c.loss, c.heldOutLoss!, c.distanceToTruth!], { abs: 1e-5, rel: 1e-3 })).toBeNull();
      });
    });
  }, 300_000); // a ceiling for a hung run: about 70 s on an idle 2-core machine, twice that when busy

  test('l2 on the same data: no weight is exactly zero on either engine, and the support is not found', async () => {
    const device = (await sharedDevice())!;
    await withErrorScopes(device.device, async () => {
      const { metrics, weights } = await lockstep(runSettings('l2', 20, 20));
      for (const m of [metrics.gpu.at(-1)!, metrics.cpu.at(-1)!]) {
        expect(m.exactZeroFraction).toBe(0);
        expect(m.supportF1).toBeLessThan(0.1);
      }
      expect(weights.gpu.every((w) => w !== 0)).toBe(true);
      expect(allCloseReport(weights.gpu, weights.cpu, { abs: 1e-5, rel: 1e-3 })).toBeNull();
    });
  }, 180_000);
});
