/**
 * The figures' engine runs: trajectories, one-step pulls, the dead zone of the proximal step,
 * minibatch flicker counted by the engine's statistics, and the f32 end of L2's decay, each
 * checked against arithmetic written here from the maths or against the CPU engine stepped
 * through its interface.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../../src/engine/checks.ts';
import { createCpuEngine } from '../../../src/engine/cpu/cpu-engine.ts';
import type { Regulariser } from '../../../src/engine/types.ts';
import { firstStall, firstZero, flicker, ieeeDecay, pulls, trajectories, zeroShares } from '../../../src/ui/explain/rule-traces.ts';

const f = Math.fround;
const MIN_NORMAL = 2 ** -126;
const params = (r: Regulariser) => toUpdateParams(r);

/** `steps` steps of a CPU engine through its interface, reading every weight after each. */
async function engineTrajectories(w0: number[], regulariser: Regulariser, steps: number, gradient?: Float32Array): Promise<Float32Array[]> {
  const engine = createCpuEngine({ paramCount: w0.length, init: { kind: 'positive', scale: 1, seed: 0 } });
  engine.writeWeights(Float32Array.from(w0));
  engine.writeGradient(gradient ?? new Float32Array(w0.length));
  const out = w0.map(() => new Float32Array(steps + 1));
  for (let step = 0; step <= steps; step++) {
    if (step > 0) engine.step(toUpdateParams(regulariser));
    (await engine.readWeights()).forEach((w, i) => (out[i]![step] = w));
  }
  engine.destroy();
  return out;
}

describe('trajectories', () => {
  test.each<[string, Regulariser, number[]]>([
    ['l2 overshooting', { rule: 'l2', lr: 1, l1: 0, l2: 1.5 }, [0.5, -3]],
    ['the sign step chattering', { rule: 'l1', lr: 1, l1: 0.1, l2: 0 }, [0.3, 0.25, -0.05]],
    ['proximal elastic net', { rule: 'l1-prox', lr: 0.5, l1: 0.2, l2: 0.3 }, [0.9, -0.4, 0]],
  ])('%s: the same values as the CPU engine stepped through its interface', async (_, regulariser, w0) => {
    const gradient = Float32Array.from(w0, (_, i) => 0.01 * i);
    expect(trajectories(w0, params(regulariser), 12, gradient)).toEqual(await engineTrajectories(w0, regulariser, 12, gradient));
  });

  test('ηλ2 = 1.5 from 0.5: −0.25, 0.125, −0.0625 (w·(1 − ηλ2) each step)', () => {
    const [w] = trajectories([0.5], params({ rule: 'l2', lr: 1, l1: 0, l2: 1.5 }), 3);
    expect(Array.from(w!)).toEqual([0.5, -0.25, 0.125, -0.0625]);
  });
});

describe('pulls', () => {
  test('L1 removes ηλ1 from every weight above it; L2 removes ηλ2·w', () => {
    const w = Float32Array.of(0.5, 1, 2, 3);
    const l1 = pulls(w, params({ rule: 'l1', lr: 1, l1: 0.25, l2: 0 }));
    expect(Array.from(l1)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const l2 = pulls(w, params({ rule: 'l2', lr: 1, l1: 0, l2: 0.25 }));
    expect(Array.from(l2)).toEqual([0.125, 0.25, 0.5, 0.75]);
  });
});

describe('zeroShares', () => {
  test('from 0, the proximal step stays at exactly 0 for every step iff |g| ≤ λ1', () => {
    const l1 = f(0.1);
    const above = f(l1 + 2 ** -27); // the next f32 above λ1
    const g = Float32Array.of(0, 0.05, l1, -l1, above, -above, 0.2, -0.3);
    const { share, last } = zeroShares(g, params({ rule: 'l1-prox', lr: 1, l1: 0.1, l2: 0 }), 10);
    expect(Array.from(share)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    // Outside the band the weight moves by η(|g| − λ1) per step, against the gradient.
    expect(last[6]).toBeCloseTo(-10 * 0.1, 5);
    expect(last[7]).toBeCloseTo(10 * 0.2, 5);
  });
});

describe('flicker', () => {
  const prox = params({ rule: 'l1-prox', lr: 1, l1: 0.1, l2: 0 });

  test('without noise and |ḡ| ≤ λ1, every weight stays at 0', () => {
    const result = flicker({ count: 100, steps: 20, meanGradient: 0.08, noise: 0, seed: 3 }, prox);
    expect(result.steps.every((s) => s.zero === 1 && s.left === 0 && s.became === 0)).toBe(true);
    expect([result.everLeft, result.departures]).toEqual([0, 0]);
  });

  test("with noise the zeros flicker; the engine's counts add up step to step", () => {
    const count = 500;
    const result = flicker({ count, steps: 60, meanGradient: 0.05, noise: 0.1, seed: 1 }, prox);
    let zeros = count; // all start at 0
    for (const s of result.steps) {
      zeros += Math.round((s.became - s.left) * count);
      expect(Math.round(s.zero * count)).toBe(zeros);
    }
    expect(result.departures).toBe(Math.round(result.steps.reduce((n, s) => n + s.left * count, 0)));
    expect(result.everLeft).toBeGreaterThan(count / 2);
    expect(result.steps.at(-1)!.zero).toBeGreaterThan(0.2);
    expect(result.steps.at(-1)!.zero).toBeLessThan(0.8);
  });

  test('seeded: the same seed repeats the run, another seed does not', () => {
    const run = (seed: number) => flicker({ count: 50, steps: 10, meanGradient: 0, noise: 0.2, seed }, prox);
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe("the f32 end of L2's decay", () => {
  test('0.5 × 0.99 in the engine stops in the normal range, where ηλ2·w falls below 2^−126 and is flushed', () => {
    const d = params({ rule: 'l2', lr: 1, l1: 0, l2: 0.01 });
    const [engine] = trajectories([0.5], d, 20_000);
    const stall = firstStall(engine!)!;
    expect(stall.value).toBeGreaterThanOrEqual(MIN_NORMAL);
    expect(Math.abs(f(d.l2Decay * stall.value))).toBeLessThan(MIN_NORMAL);
    expect(Math.abs(f(d.l2Decay * engine![stall.step - 2]!))).toBeGreaterThanOrEqual(MIN_NORMAL);
    expect(firstZero(engine!)).toBeNull();
  });

  test('IEEE f32 with gradual underflow goes on to a subnormal near 7e-44 and stops there', () => {
    const ieee = ieeeDecay(0.5, f(0.01), 20_000);
    const stall = firstStall(ieee)!;
    expect(stall.value).toBeGreaterThan(0);
    expect(stall.value).toBeLessThan(MIN_NORMAL);
    expect(stall.value).toBeCloseTo(7e-44, 45);
    expect(f(stall.value - f(f(0.01) * stall.value))).toBe(stall.value);
  });

  test('with ηλ2 above 1/2 the result falls below 2^−126 first, and the engine writes 0', () => {
    const [engine] = trajectories([0.5], params({ rule: 'l2', lr: 1, l1: 0, l2: 0.9 }), 200);
    const zero = firstZero(engine!)!;
    expect(zero).toBeGreaterThan(0);
    expect(engine![zero - 1]!).toBeGreaterThanOrEqual(MIN_NORMAL);
    expect(f(engine![zero - 1]! * f(0.1))).toBeLessThan(MIN_NORMAL * 1.01);
  });

  test('firstStall and firstZero', () => {
    expect(firstStall(Float32Array.of(3, 2, 1, 1, 1))).toEqual({ step: 3, value: 1 });
    expect(firstStall(Float32Array.of(3, 2, 1))).toBeNull();
    expect(firstZero(Float32Array.of(1, 0.5, 0))).toBe(2);
    expect(firstZero(Float32Array.of(1))).toBeNull();
  });
});
