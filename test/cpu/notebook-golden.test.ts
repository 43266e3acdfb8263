/**
 * The notebook's argument (seed/l1-vs-l2-notebook.md) and the caveats of DESIGN §5,
 * replayed through the CPU engine with g = 0: L1 reaches exact zero in a finite number of
 * steps (if clipped or proximal), L2 only shrinks geometrically, the plain sign step
 * chatters, and ηλ2 ≥ 1 overshoots or diverges.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../src/engine/checks.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { BIN_ZERO, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO } from '../../src/engine/stats-layout.ts';
import type { Engine, Regulariser, Snapshot } from '../../src/engine/types.ts';

const INIT = { kind: 'symmetric', scale: 1, seed: 1 } as const;

/** An engine whose weights are `count` copies of w0 and whose gradient is 0. */
function engineAt(w0: number, count = 1): Engine {
  const engine = createCpuEngine({ paramCount: count, init: INIT });
  engine.writeWeights(new Float32Array(count).fill(w0));
  return engine;
}

/** The single weight after each of `steps` updates. */
async function trajectory(w0: number, reg: Regulariser, steps: number): Promise<number[]> {
  const engine = engineAt(w0);
  const params = toUpdateParams(reg);
  const values: number[] = [];
  for (let k = 0; k < steps; k++) {
    engine.step(params);
    values.push((await engine.readWeights())[0]!);
  }
  engine.destroy();
  return values;
}

/** w_{k+1} = f32(w_k − f32(0.1)) for k = 0..steps−1: the sign step in f32, by hand. */
function signStepsByHand(w0: number, step: number, count: number): number[] {
  const t = Math.fround(step);
  const out: number[] = [];
  let w = Math.fround(w0);
  for (let k = 0; k < count; k++) {
    w = Math.fround(w - (w > 0 ? t : w < 0 ? -t : 0));
    out.push(w);
  }
  return out;
}

const l1 = (rule: 'l1' | 'l1-clip' | 'l1-prox', l1Strength: number): Regulariser => ({ rule, lr: 1, l1: l1Strength, l2: 0 });
const l2 = (l2Strength: number): Regulariser => ({ rule: 'l2', lr: 1, l1: 0, l2: l2Strength });

describe('w0 = 0.8, λ1 = 0.1, η = 1, g = 0', () => {
  for (const rule of ['l1-clip', 'l1-prox'] as const) {
    test(`${rule}: 0.7, 0.6, …, 0.1, then exactly 0 at step 8, and 0 ever after`, async () => {
      const values = await trajectory(0.8, l1(rule, 0.1), 40);
      const byHand = signStepsByHand(0.8, 0.1, 7);
      for (let k = 0; k < 7; k++) {
        expect(values[k]).toBe(byHand[k]);
        expect(values[k]).toBeCloseTo(0.8 - 0.1 * (k + 1), 6);
      }
      expect(values[7]).toBe(0);
      expect(values.slice(7)).toEqual(new Array(33).fill(0));
    });
  }

  test('l1 (plain sign step): step 8 is −1.49e−8, not 0, and it keeps chattering', async () => {
    const values = await trajectory(0.8, l1('l1', 0.1), 30);
    expect(values.slice(0, 7)).toEqual(signStepsByHand(0.8, 0.1, 7));
    expect(values[7]).toBe(-(2 ** -26)); // f32: 0.8 − 8·0.1 leaves −1.4901161e−8
    // then it swings across zero by ηλ1 each step and never lands on it
    for (let k = 8; k < 30; k++) {
      expect(values[k]).not.toBe(0);
      expect(Math.abs(values[k]!)).toBeLessThan(0.1 + 1e-6);
      expect(Math.sign(values[k]!)).toBe(-Math.sign(values[k - 1]!));
    }
  });

  test('l2 with λ2 = 0.1: 0.8·0.9^k, never zero', async () => {
    const values = await trajectory(0.8, l2(0.1), 50);
    for (let k = 1; k <= 50; k++) {
      const exact = 0.8 * 0.9 ** k;
      expect(Math.abs(values[k - 1]! - exact) / exact).toBeLessThan(1e-5);
    }
    expect(values[49]).toBeGreaterThan(0.004);
  });
});

describe('caveats of DESIGN §5', () => {
  test('plain sign step from 0.25 with ηλ1 = 0.1 chatters 0.15, 0.05, −0.05, 0.05, −0.05, …', async () => {
    const values = await trajectory(0.25, l1('l1', 0.1), 12);
    const expected = [0.15, 0.05, -0.05, 0.05, -0.05, 0.05, -0.05, 0.05, -0.05, 0.05, -0.05, 0.05];
    values.forEach((value, k) => expect(Math.abs(value - expected[k]!)).toBeLessThan(1e-6));
  });

  test('ηλ2 = 1.5 overshoots: −0.5, 0.25, −0.125, …', async () => {
    const values = await trajectory(1, l2(1.5), 10);
    // w ← w − 1.5w = −0.5w: powers of two, exact in f32
    expect(values).toEqual(Array.from({ length: 10 }, (_, k) => (-0.5) ** (k + 1)));
  });

  test('ηλ2 = 2.5 diverges: w ← −1.5w', async () => {
    const values = await trajectory(1, l2(2.5), 20);
    for (let k = 1; k < 20; k++) expect(Math.abs(values[k]!)).toBeGreaterThan(Math.abs(values[k - 1]!));
    expect(values[0]).toBe(-1.5);
    expect(values[1]).toBe(2.25);
    expect(Math.abs(values[19]!)).toBeGreaterThan(3000); // 1.5^20 ≈ 3325
  });

  test('for |w| > 1, L2 pulls harder than L1: from 3, L1 (λ1 = 0.1) gives 2.9, L2 (λ2 = 0.1) gives 2.7', async () => {
    const [afterL1] = await trajectory(3, l1('l1', 0.1), 1);
    const [afterL2] = await trajectory(3, l2(0.1), 1);
    expect(afterL1).toBeCloseTo(2.9, 6);
    expect(afterL2).toBeCloseTo(2.7, 6);
    expect(3 - afterL2!).toBeGreaterThan(3 - afterL1!);
  });
});

describe('snapshot counts on 1000 copies of 0.8 under l1-clip', () => {
  test('all 1000 become zero at step 8, and nothing becomes or leaves zero after', async () => {
    const engine = engineAt(0.8, 1000);
    const snapshots: Snapshot[] = [];
    engine.onSnapshot((s) => snapshots.push(s));
    const params = toUpdateParams(l1('l1-clip', 0.1));
    for (let k = 0; k < 12; k++) engine.step(params, { snapshot: true });
    await engine.settled();
    engine.destroy();

    expect(snapshots.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const s of snapshots.slice(0, 7)) {
      expect(s.counts[BIN_ZERO]).toBe(0);
      expect(s.counts[COUNT_BECAME_ZERO]).toBe(0);
      expect(s.l1Norm).toBeGreaterThan(99);
    }
    const atEight = snapshots[7]!;
    expect(atEight.counts[BIN_ZERO]).toBe(1000);
    expect(atEight.counts[COUNT_BECAME_ZERO]).toBe(1000);
    expect(atEight.l1Norm).toBe(0);
    for (const s of snapshots.slice(8)) {
      expect(s.counts[BIN_ZERO]).toBe(1000);
      expect(s.counts[COUNT_BECAME_ZERO]).toBe(0);
      expect(s.counts[COUNT_LEFT_ZERO]).toBe(0);
    }
  });
});
