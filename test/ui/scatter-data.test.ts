/**
 * The scatter's data shaping: the sample split into weights off and on the true support,
 * symmetric round axes, zero counts per run, and the point arrays reused in place.
 */
import { describe, expect, test } from 'vitest';
import { axisLimit, emptyScatter, shapeScatter } from '../../src/ui/scatter-data.ts';

describe('ui: scatter data', () => {
  test('the last supportCount weights are the support; zeros are counted per run and in both', () => {
    const series = shapeScatter({ step: 3, x: Float32Array.of(0, 0.5, 0, 1.5, -2), y: Float32Array.of(0, 0, 0.25, 1, -1.5), supportCount: 2 });
    expect(series.off).toEqual([
      { x: 0, y: 0 },
      { x: 0.5, y: 0 },
      { x: 0, y: 0.25 },
    ]);
    expect(series.support).toEqual([
      { x: 1.5, y: 1 },
      { x: -2, y: -1.5 },
    ]);
    expect(series.zeros).toEqual({ x: 2, y: 2, both: 1 });
    expect(series.limit).toBe(3);
  });

  test('axes: a round limit above the largest finite |w|, never 0', () => {
    expect(axisLimit(Float32Array.of(0.012), Float32Array.of(-0.004))).toBe(0.02);
    expect(axisLimit(Float32Array.of(0, NaN), Float32Array.of(Infinity))).toBeGreaterThan(0);
    expect(axisLimit(Float32Array.of(9), Float32Array.of(0))).toBe(10);
  });

  test('points are rewritten in place', () => {
    const series = emptyScatter();
    shapeScatter({ step: 0, x: Float32Array.of(1, 2, 3), y: Float32Array.of(1, 2, 3), supportCount: 0 }, series);
    const first = series.off[0];
    shapeScatter({ step: 1, x: Float32Array.of(4, 5), y: Float32Array.of(6, 7), supportCount: 1 }, series);
    expect(series.off[0]).toBe(first);
    expect(series.off).toEqual([{ x: 4, y: 6 }]);
    expect(series.support).toEqual([{ x: 5, y: 7 }]);
  });
});
