/**
 * Property tests: on random weights, gradients and hyperparameters (any f32, including
 * NaN, ±Inf, subnormals and ±0), one fused WGSL step agrees with the CPU engine: counts
 * exactly, weights within abs+rel tolerance.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import type { AcquiredDevice } from '../../src/engine/gpu/device.ts';
import { RULE_NAMES, type Regulariser } from '../../src/engine/types.ts';
import { allCloseReport, exactReport } from '../helpers/f32-compare.ts';
import { sharedDevice, withErrorScopes } from '../helpers/gpu-device.ts';
import { EnginePair } from './engine-pair.ts';

const N = 257;

let device: AcquiredDevice | null = null;
let pair: EnginePair;

beforeAll(async () => {
  device = await sharedDevice();
  if (device) pair = await EnginePair.create({ paramCount: N, init: { kind: 'symmetric', scale: 1, seed: 3 }, device });
});

afterAll(() => pair?.destroy());

const f32Array = fc.array(fc.float(), { minLength: N, maxLength: N }).map((a) => Float32Array.from(a));
// Include subnormal and zero strengths: both engines must read them as 0.
const strength = fc.oneof(fc.constant(0), fc.constant(1e-40), fc.double({ min: 0, max: 4, noNaN: true }));

const regulariser: fc.Arbitrary<Regulariser> = fc
  .record({ rule: fc.constantFrom(...RULE_NAMES), lr: fc.double({ min: 0, max: 2, noNaN: true }), l1: strength, l2: strength })
  .map((r) => ({
    ...r,
    l1: r.rule === 'none' || r.rule === 'l2' ? 0 : r.l1,
    l2: r.rule === 'none' ? 0 : r.l2,
  }));

describe.runIf(await sharedDevice())('fused update properties', () => {
  test('one step on any f32 inputs matches the CPU engine', async () => {
    await withErrorScopes(device!.device, () =>
      fc.assert(
        fc.asyncProperty(f32Array, f32Array, regulariser, async (weights, gradient, reg) => {
          const params = toUpdateParams(reg);
          pair.each((e) => e.writeWeights(weights));
          pair.each((e) => e.writeGradient(gradient));
          await pair.steps(params, 1);
          const { gpu, cpu } = await pair.results();
          expect(exactReport(gpu.snapshots[0]!.counts, cpu.snapshots[0]!.counts)).toBeNull();
          expect(allCloseReport(gpu.weights, cpu.weights)).toBeNull();
        }),
        { numRuns: 200 },
      ),
    );
  });
});
