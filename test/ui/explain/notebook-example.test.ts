/**
 * The walkthrough's step-by-step table: the notebook's example as the walkthrough driver runs
 * it on CPU engines (sign step, proximal L1, L2), with the f32 facts the page states.
 */
import { describe, expect, test } from 'vitest';
import { exampleSteps, MAX_EXAMPLE_STEPS, notebookExample } from '../../../src/ui/explain/notebook-example.ts';

describe('notebookExample', () => {
  test('w0 = 0.8, λ = 0.1, η = 1: proximal L1 is 0 at step 8 as predicted; the sign step misses; L2 is 0.8·0.9^k', async () => {
    const { weights, results, steps } = await notebookExample({ lr: 1, l1: 0.1, l2: 0.1, w0: 0.8 }, 10);
    expect(steps).toBe(10);
    for (const run of ['l1', 'l1-prox', 'l2'] as const) expect(weights[run]).toHaveLength(11);
    expect(results['l1-prox'].stepToZero[0]).toBe(8);
    expect(results['l1-prox'].predictedStepToZero[0]).toBe(8);
    expect(weights['l1-prox'].slice(8)).toEqual([0, 0, 0]);
    // The sign step of eq. 3 lands 1.49e-8 short of 0 and then jumps across it.
    expect(weights.l1[8]).toBe(-(2 ** -26));
    expect(results.l1.stepToZero[0]).toBeNull();
    weights.l2.forEach((w, k) => expect(Math.abs(w - 0.8 * 0.9 ** k)).toBeLessThan(1e-6));
    expect(weights.l2.every((w) => w > 0)).toBe(true);
  });

  test('w0 = 0.3: f32(0.3) > 3·f32(0.1), so proximal L1 needs 4 steps, and the prediction says so', async () => {
    const { results } = await notebookExample({ lr: 1, l1: 0.1, l2: 0.1, w0: 0.3 }, 6);
    expect(results['l1-prox'].stepToZero[0]).toBe(4);
    expect(results['l1-prox'].predictedStepToZero[0]).toBe(4);
  });

  test('a negative weight mirrors a positive one (eq. 3b)', async () => {
    const plus = await notebookExample({ lr: 0.5, l1: 0.2, l2: 0.3, w0: 0.7 }, 8);
    const minus = await notebookExample({ lr: 0.5, l1: 0.2, l2: 0.3, w0: -0.7 }, 8);
    for (const run of ['l1', 'l1-prox', 'l2'] as const) expect(minus.weights[run]).toEqual(plus.weights[run].map((w) => (w === 0 ? 0 : -w)));
  });

  test('the table shows two steps past the predicted zero, within 5 to MAX_EXAMPLE_STEPS', () => {
    expect(exampleSteps(8)).toBe(10);
    expect(exampleSteps(1)).toBe(5);
    expect(exampleSteps(1000)).toBe(MAX_EXAMPLE_STEPS);
    expect(exampleSteps(null)).toBe(MAX_EXAMPLE_STEPS);
  });
});
