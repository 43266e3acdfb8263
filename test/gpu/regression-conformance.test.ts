/**
 * The regression kernels (predict, residual, gradient) on the software WebGPU adapter against
 * the CPU loops, through the same driver on both engines: sizes across vec4 and workgroup
 * boundaries, every feature kind, a sharded parameter vector, minibatches and one row. With
 * rule `none` from w = 0 each weight is −η·g after one step, so the weights compare the
 * gradients themselves; the losses compare the residual passes. The CPU sums in f64 and the
 * GPU in f32: close, not equal.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { GpuEngineOptions } from '../../src/engine/gpu/gpu-engine.ts';
import type { Regulariser } from '../../src/engine/types.ts';
import type { RegressionMetrics } from '../../src/problems/regression/metrics.ts';
import { RegressionProblem } from '../../src/problems/regression/problem.ts';
import { RegressionRun, regressionEngineOptions } from '../../src/problems/regression/regression-run.ts';
import { DEFAULT_REGRESSION, type RegressionSettings } from '../../src/problems/regression/settings.ts';
import { suggestedStepSize } from '../../src/problems/regression/step-size.ts';
import { allCloseReport, type Tolerance } from '../helpers/f32-compare.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';
import { EnginePair } from './engine-pair.ts';

/** f32 sums over up to a few thousand terms against f64 ones. */
const WEIGHTS: Tolerance = { abs: 1e-5, rel: 1e-4 };
const LOSSES: Tolerance = { abs: 1e-6, rel: 1e-4 };

interface Case {
  name: string;
  settings: Partial<RegressionSettings>;
  engine?: Pick<GpuEngineOptions, 'maxShardParams'>;
  rule?: Regulariser['rule'];
}

const CASES: Case[] = [
  { name: 'one feature, one nonzero, one row', settings: { features: 1, nonzeros: 1, samples: 1, testSamples: 1 } },
  { name: '257 features (a partial vec4), 70 rows', settings: { features: 257, nonzeros: 5, samples: 70, testSamples: 9 } },
  { name: 'rademacher, 4,099 features, 300 rows', settings: { features: 4_099, nonzeros: 8, samples: 300, testSamples: 65, featureKind: 'rademacher' } },
  { name: 'correlated, 4,099 features, 300 rows', settings: { features: 4_099, nonzeros: 8, samples: 300, testSamples: 65, featureKind: 'correlated' } },
  { name: 'sharded: 4,099 features over shards of 1,000', settings: { features: 4_099, nonzeros: 8, samples: 130, testSamples: 20 }, engine: { maxShardParams: 1_000 } },
  { name: 'minibatches of 16 of 100 rows, sharded, correlated', settings: { features: 2_050, nonzeros: 6, samples: 100, testSamples: 10, featureKind: 'correlated', batch: 16 }, engine: { maxShardParams: 512 } },
  // Training rows: 2,561 vec4s in 9 chunks of 285, so the predict kernel's tiles of 256 vec4s come one full and one partial per chunk.
  { name: '10,243 features, 2,000 rows: chunks longer than a tile', settings: { features: 10_243, nonzeros: 8, samples: 2_000, testSamples: 70 } },
  { name: 'no held-out rows, l1-prox', settings: { features: 1_001, nonzeros: 4, samples: 50, testSamples: 0 }, rule: 'l1-prox' },
];

const STEPS = 3;

let pair: EnginePair | null = null;
afterEach(() => {
  pair?.destroy();
  pair = null;
});

function expectMetricsClose(gpu: RegressionMetrics, cpu: RegressionMetrics): void {
  expect(gpu.step).toBe(cpu.step);
  const losses = (m: RegressionMetrics) => [m.loss, m.heldOutLoss ?? 0, m.distanceToTruth!];
  expect(allCloseReport(losses(gpu), losses(cpu), LOSSES), `losses at step ${gpu.step}`).toBeNull();
  expect(gpu.nonzeros).toBe(cpu.nonzeros);
  expect(gpu.supportF1).toBe(cpu.supportF1);
}

describe.runIf(await sharedDevice())('regression kernels on WebGPU match the CPU loops', () => {
  test.each(CASES)('$name', async ({ settings, engine, rule = 'none' }) => {
    const device = (await sharedDevice())!;
    const problem = RegressionProblem.create({ ...DEFAULT_REGRESSION, ...settings, seed: 77 });
    const lr = suggestedStepSize(problem.settings);
    const regulariser: Regulariser = { rule, lr, l1: rule === 'l1-prox' ? 0.2 : 0, l2: 0 };
    await withErrorScopes(device.device, async () => {
      pair = await EnginePair.create({ ...regressionEngineOptions(problem, 0), device, ...engine });
      const runSettings = { regulariser, steps: STEPS, snapshotEvery: 1, epsilon: 1e-3, initScale: 0 };
      const gpu = await RegressionRun.start(pair.gpu, problem, runSettings);
      const cpu = await RegressionRun.start(pair.cpu, problem, runSettings);
      expectMetricsClose(gpu.initial, cpu.initial);
      for (let step = 1; step <= STEPS; step++) {
        const [g, c] = [await gpu.advance(), await cpu.advance()];
        expectMetricsClose(g.metrics!, c.metrics!);
        const [gw, cw] = await Promise.all([pair.gpu.readWeights(), pair.cpu.readWeights()]);
        expect(allCloseReport(gw, cw, WEIGHTS), `weights after step ${step}`).toBeNull();
        // The step moved every weight (rule none) or set some exactly to 0 (l1-prox): not a no-op.
        if (rule === 'none') expect(gw.every((w) => w !== 0)).toBe(true);
      }
    });
  });
});
