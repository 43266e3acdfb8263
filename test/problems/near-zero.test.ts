/**
 * The near-zero count |w| < ε from power-of-two bins (exact for ε a power of two, a lower
 * bound otherwise) and from the weights, checked against a direct count on CPU snapshots.
 */
import { describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Snapshot } from '../../src/engine/types.ts';
import { binEdgeBelow, countBelow, countFromBins, nearZeroMethod } from '../../src/problems/near-zero.ts';

async function snapshotOf(values: number[]): Promise<Snapshot> {
  const engine = createCpuEngine({ paramCount: values.length, init: { kind: 'positive', scale: 1, seed: 1 } });
  engine.writeWeights(Float32Array.from(values));
  let snapshot: Snapshot | null = null;
  engine.onSnapshot((s) => (snapshot = s));
  engine.requestSnapshot();
  await engine.settled();
  engine.destroy();
  return snapshot!;
}

const VALUES = [0, 1e-7, -5e-7, 9e-7, 9.9e-7, -2e-6, 0.5, -1, 2 ** -20, 2 ** -21, 3e38, Number.NaN, Infinity];

describe('near-zero fraction', () => {
  test('binEdgeBelow is 2^⌊log2 ε⌋, 0 below 2^−126, at most 2^128', () => {
    expect(binEdgeBelow(1e-6)).toBe(2 ** -20);
    expect(binEdgeBelow(2 ** -20)).toBe(2 ** -20);
    expect(binEdgeBelow(0.75)).toBe(0.5);
    expect(binEdgeBelow(3)).toBe(2);
    expect(binEdgeBelow(2 ** -127)).toBe(0);
    expect(binEdgeBelow(1e300)).toBe(2 ** 128);
  });

  test('from bins: exact at a power of two, a lower bound otherwise', async () => {
    const snapshot = await snapshotOf(VALUES);
    const f32 = Float32Array.from(VALUES);
    for (const epsilon of [2 ** -20, 2 ** -10, 0.5, 1, 2, 2 ** -126]) {
      expect(countFromBins(snapshot.counts, epsilon)).toBe(countBelow(f32, epsilon));
      expect(nearZeroMethod(epsilon, false)).toMatchObject({ source: 'bins', exact: true, countedBelow: epsilon });
    }
    // ε = 1e−6 counts |w| < 2^−20 ≈ 9.54e−7: 9.9e−7 and 2^−20 itself fall in the straddling bin.
    expect(countBelow(f32, 1e-6)).toBe(7);
    expect(countFromBins(snapshot.counts, 1e-6)).toBe(5);
    expect(nearZeroMethod(1e-6, false)).toMatchObject({ exact: false, countedBelow: 2 ** -20 });
    // Past f32's range every finite weight is counted, exactly.
    expect(countFromBins(snapshot.counts, 1e300)).toBe(11);
    expect(nearZeroMethod(1e300, false).exact).toBe(true);
    // Below the smallest normal, only zeros.
    expect(countFromBins(snapshot.counts, 2 ** -130)).toBe(1);
  });

  test('from the weights: always exact', () => {
    expect(nearZeroMethod(1e-6, true)).toEqual({ epsilon: 1e-6, source: 'weights', countedBelow: 1e-6, exact: true });
    expect(countBelow(Float32Array.from(VALUES), 1e-6)).toBe(7);
  });
});
