/**
 * The notebook's walkthrough through the driver on the CPU engine: the exact trajectories
 * of the example (w0 = 0.8, λ1 = 0.1, η = 1), first-zero steps beside the notebook's
 * prediction, the law "k·λ1 of the weights are zero after k steps" on a million weights drawn
 * in (0, 1), and the caveats, each computed from settings and then seen to happen.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/engine/config-error.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Regulariser, RuleName } from '../../src/engine/types.ts';
import { caveatsFor, type CaveatKind } from '../../src/problems/walkthrough-caveats.ts';
import {
  predictStepToZero,
  runWalkthrough,
  Walkthrough,
  walkthroughEngineOptions,
  type WalkthroughFrame,
  type WalkthroughResult,
  type WalkthroughSettings,
  type WeightSource,
} from '../../src/problems/walkthrough.ts';

const reg = (rule: RuleName, l1: number, l2: number, lr = 1): Regulariser => ({ rule, lr, l1, l2 });

function settings(regulariser: Regulariser, weights: WeightSource, steps: number, snapshotEvery = 1): WalkthroughSettings {
  return { regulariser, weights, steps, snapshotEvery, epsilon: 1e-6 };
}

/** Runs on a fresh CPU engine; returns every frame (step 0 first) and the result. */
async function run(s: WalkthroughSettings): Promise<{ frames: WalkthroughFrame[]; result: WalkthroughResult }> {
  const engine = createCpuEngine(walkthroughEngineOptions(s));
  const frames: WalkthroughFrame[] = [];
  try {
    const result = await runWalkthrough(engine, s, (frame) => frames.push(frame));
    return { frames, result };
  } finally {
    engine.destroy();
  }
}

/** The first weight at each step 1..steps. */
const firstWeight = (frames: WalkthroughFrame[]) => frames.slice(1).map((f) => f.weights[0]!);

/** w ← f32(w − f32(t)), by hand: the sign step while w > 0. */
function subtractByHand(w0: number, t: number, count: number): number[] {
  const out: number[] = [];
  let w = Math.fround(w0);
  for (let k = 0; k < count; k++) out.push((w = Math.fround(w - Math.fround(t))));
  return out;
}

const given = (...w0: number[]): WeightSource => ({ kind: 'given', w0 });

describe('w0 = 0.8, λ1 = 0.1, η = 1 (the notebook example)', () => {
  for (const rule of ['l1-clip', 'l1-prox'] as const) {
    test(`${rule}: 0.7, 0.6, …, 0.1 (f32), exactly 0 at step 8 = ⌈0.8/0.1⌉, then 0`, async () => {
      const { frames, result } = await run(settings(reg(rule, 0.1, 0), given(0.8), 30));
      const values = firstWeight(frames);
      expect(values.slice(0, 7)).toEqual(subtractByHand(0.8, 0.1, 7));
      values.slice(0, 7).forEach((w, k) => expect(w).toBeCloseTo(0.8 - 0.1 * (k + 1), 6));
      expect(values.slice(7)).toEqual(new Array(23).fill(0));
      expect(result.stepToZero).toEqual([8]);
      expect(result.predictedStepToZero).toEqual([8]);
      expect(result.w0).toEqual([Math.fround(0.8)]);
      expect(result.final.exactZeroFraction).toBe(1);
    });
  }

  test('l2 with λ2 = 0.1: 0.8·0.9^k, never 0, no prediction (λ1 = 0)', async () => {
    const { frames, result } = await run(settings(reg('l2', 0, 0.1), given(0.8), 60));
    firstWeight(frames).forEach((w, k) => expect(Math.abs(w - 0.8 * 0.9 ** (k + 1)) / (0.8 * 0.9 ** (k + 1))).toBeLessThan(1e-5));
    expect(result.stepToZero).toEqual([null]);
    expect(result.predictedStepToZero).toEqual([null]);
    expect(result.final.exactZeroFraction).toBe(0);
  });

  test('l1 (the plain sign step): predicted 8, but f32 leaves −1.49e−8 at step 8 and it never lands on 0', async () => {
    const { frames, result } = await run(settings(reg('l1', 0.1, 0), given(0.8), 40));
    expect(firstWeight(frames)[7]).toBe(-(2 ** -26));
    expect(result.stepToZero).toEqual([null]);
    expect(result.predictedStepToZero).toEqual([8]);
  });

  test('a snapshot every 5 steps (and after the last) while first-zero steps stay exact', async () => {
    const { frames, result } = await run(settings(reg('l1-prox', 0.1, 0), given(0.8, 0.3, -0.25, 0), 12, 5));
    expect(frames.filter((f) => f.stats).map((f) => f.step)).toEqual([0, 5, 10, 12]);
    expect(frames).toHaveLength(13);
    // f32(0.3) > 3·f32(0.1), so ⌈|w0|/(ηλ1)⌉ on the values the engine holds is 4, and so is the engine.
    expect(result.stepToZero).toEqual([8, 4, 3, 0]);
    expect(result.predictedStepToZero).toEqual([8, 4, 3, 0]);
  });

  test('elastic net (l1-prox with λ2) is labelled l1-prox+l2 and reaches 0 before the pure-L1 prediction', async () => {
    const { result } = await run(settings(reg('l1-prox', 0.1, 0.1), given(0.8), 12));
    expect(result.label).toBe('l1-prox+l2');
    expect(result.stepToZero[0]).toBeLessThan(result.predictedStepToZero[0]!);
  });
});

describe('a million weights drawn in (0, 1), l1-prox, λ1 = 0.01, η = 1', () => {
  test('after k steps about k·0.01 of them are exactly 0; all but a few f32 stragglers at step 100, all at 101', { timeout: 120_000 }, async () => {
    const n = 1_000_000;
    const { frames, result } = await run(settings(reg('l1-prox', 0.01, 0), { kind: 'drawn', count: n, seed: 1 }, 101, 5));
    const snapshots = frames.filter((f) => f.stats).map((f) => f.stats!);
    expect(snapshots.map((s) => s.step)).toEqual([...Array.from({ length: 21 }, (_, i) => 5 * i), 101]);
    for (const s of snapshots.filter((s) => s.step <= 99)) {
      // A weight is zero after k steps iff w0 ≤ k·ηλ1 (up to f32 rounding): a binomial count.
      const p = s.step * 0.01;
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(s.exactZeroFraction - p)).toBeLessThanOrEqual(4 * sd + 1e-4);
    }
    // 100·f32(0.01) = 0.99999998 is above every draw, but 100 f32 subtractions drift: a few
    // weights are left a residue of ~3e−7 at step 100 and reach 0 at step 101.
    const at100 = snapshots.find((s) => s.step === 100)!;
    expect(at100.exactZeroFraction).toBeGreaterThan(0.99999);
    expect(at100.l1Norm).toBeLessThan(1e-5);
    expect(result.final.exactZeros).toBe(n);
    // The 16 followed weights: each reaches 0 exactly where ⌈w0/0.01⌉ says.
    expect(result.w0).toHaveLength(16);
    expect(result.stepToZero).toEqual(result.predictedStepToZero);
    for (const w of result.w0) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThan(1);
    }
  });
});

describe('predictStepToZero', () => {
  test('is the exact ceiling of the f32 values, not of the doubles 0.8/0.1 = 8.000000000000002', () => {
    const t = Math.fround(0.1);
    expect(predictStepToZero(Math.fround(0.8), t)).toBe(8);
    expect(predictStepToZero(Math.fround(0.3), t)).toBe(4);
    expect(predictStepToZero(0.5, 0.25)).toBe(2);
    expect(predictStepToZero(-0.5, 0.25)).toBe(2);
    expect(predictStepToZero(0, t)).toBe(0);
    expect(predictStepToZero(0.8, 0)).toBeNull();
    expect(predictStepToZero(Number.NaN, t)).toBeNull();
  });
});

describe('caveats: computed from the settings, then seen to happen', () => {
  const kinds = (s: WalkthroughSettings | WalkthroughSettings[]) => caveatsFor(s).map((c) => c.kind);
  const one = (regulariser: Regulariser, ...w0: number[]) => settings(regulariser, given(...w0), 20);

  test('the notebook premise (0 < w < 1, 0 < λ < 1, η = 1, clipped or proximal L1 or L2) has none', () => {
    for (const r of [reg('l1-prox', 0.1, 0), reg('l1-clip', 0.1, 0), reg('l2', 0, 0.1)]) expect(kinds(one(r, 0.8, 0.3))).toEqual([]);
    expect(kinds(settings(reg('l2', 0, 0.5), { kind: 'drawn', count: 100, seed: 1 }, 20))).toEqual([]);
  });

  test('|w| > 1: L2 pulls harder than L1 of the same λ, and it shows', async () => {
    const caveats = caveatsFor(one(reg('l2', 0, 0.1), 3));
    expect(caveats.map((c) => c.kind)).toEqual(['l2-pulls-harder']);
    expect(caveats[0]!.message).toContain('L2 removes 0.3 per step, L1 0.1');
    const l2 = await run(one(reg('l2', 0, 0.1), 3));
    const l1 = await run(one(reg('l1-prox', 0.1, 0), 3));
    expect(3 - l2.frames[1]!.weights[0]!).toBeGreaterThan(3 - l1.frames[1]!.weights[0]!);
  });

  test('in lockstep L2 is compared with the L1 run: λ2 = 0.1 against λ1 = 0.01 crosses over at |w| = 0.1', () => {
    const drawn: WeightSource = { kind: 'drawn', count: 1000, seed: 1 };
    const caveats = caveatsFor([settings(reg('l1-prox', 0.01, 0), drawn, 10), settings(reg('l2', 0, 0.1), drawn, 10)]);
    expect(caveats).toHaveLength(1);
    expect(caveats[0]).toMatchObject({ kind: 'l2-pulls-harder', run: 'l2' });
    expect(caveats[0]!.message).toContain('0.9 of the weights drawn in (0, 1)');
  });

  const l2Cases: [number, number, CaveatKind, (w: number[]) => void][] = [
    [1, 1, 'l2-lands-on-zero', (w) => expect(w[0]).toBe(0)],
    [1, 1.5, 'l2-overshoots', (w) => expect(w.slice(0, 3)).toEqual([-0.25, 0.125, -0.0625])],
    // η matters, not λ alone: η = 0.5, λ2 = 3 is the same overshoot as ηλ2 = 1.5.
    [0.5, 3, 'l2-overshoots', (w) => expect(w.slice(0, 3)).toEqual([-0.25, 0.125, -0.0625])],
    [1, 2, 'l2-oscillates', (w) => expect(w.slice(0, 4)).toEqual([-0.5, 0.5, -0.5, 0.5])],
    [1, 2.5, 'l2-diverges', (w) => expect(w.slice(0, 3)).toEqual([-0.75, 1.125, -1.6875])],
  ];
  test.each(l2Cases)('η = %d, λ2 = %d: %s', async (lr, l2, kind, check) => {
    const s = one(reg('l2', 0, l2, lr), 0.5);
    expect(kinds(s)).toEqual([kind]);
    check(firstWeight((await run(s)).frames));
  });

  test('the plain sign step chatters in (−ηλ1, ηλ1) and never lands on 0; clipping does not', async () => {
    expect(kinds(one(reg('l1', 0.1, 0), 0.25))).toEqual(['sign-step-chatters']);
    expect(kinds(one(reg('l1-clip', 0.1, 0), 0.25))).toEqual([]);
    const values = firstWeight((await run(one(reg('l1', 0.1, 0), 0.25))).frames);
    for (const w of values.slice(3)) {
      expect(w).not.toBe(0);
      expect(Math.abs(w)).toBeLessThan(Math.fround(0.1));
    }
    expect(values.slice(2, 6).map(Math.sign)).toEqual([-1, 1, -1, 1]);
  });

  test('rule none: nothing moves, since the walkthrough drops the gradient', async () => {
    expect(kinds(one(reg('none', 0, 0), 0.8))).toEqual(['nothing-moves']);
    expect((await run(one(reg('none', 0, 0), 0.8))).result.finalWeights).toEqual([Math.fround(0.8)]);
  });
});

describe('checks', () => {
  test('bad settings are ConfigErrors naming the field', async () => {
    const engine = createCpuEngine({ paramCount: 1, init: { kind: 'positive', scale: 1, seed: 1 } });
    const cases: [Partial<WalkthroughSettings>, string][] = [
      [{ steps: 0 }, 'steps'],
      [{ snapshotEvery: 1.5 }, 'snapshotEvery'],
      [{ epsilon: 0 }, 'epsilon'],
      [{ weights: given(0.8, Number.NaN) }, 'w0[1]'],
      [{ weights: given() }, 'w0'],
      [{ regulariser: reg('l2', 0.1, 0.1) }, 'l1'],
      [{ weights: given(0.8, 0.3) }, 'paramCount'],
    ];
    for (const [change, field] of cases) {
      const error = await Walkthrough.start(engine, { ...one(), ...change }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
    }
    engine.destroy();
    function one(): WalkthroughSettings {
      return settings(reg('l1-prox', 0.1, 0), given(0.8), 5);
    }
  });

  test('advance past the last step throws', async () => {
    const s = settings(reg('l1-prox', 0.1, 0), given(0.8), 1);
    const engine = createCpuEngine(walkthroughEngineOptions(s));
    const walk = await Walkthrough.start(engine, s);
    await walk.advance();
    await expect(walk.advance()).rejects.toThrow('all 1 steps were taken');
    engine.destroy();
  });
});
