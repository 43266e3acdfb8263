/**
 * A user's dataset as a regression problem (dataset-problem.ts, dataset-sums.ts): the split,
 * the dense gradient against the explicit (2/m)·Xᵀ(Xw − y) in f64, η = 1/L̂ against L from the
 * explicit matrix XᵀX, λ_max as the edge where w = 0 stays optimal, the app's standardised
 * columns (standardise-dataset.ts), and the refusals. The data come from the tests' own
 * generator, not the engine's hash.
 */
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../src/data/dataset.ts';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { DatasetProblem, datasetLambdaMax, datasetStepSize, regressionEngineOptions, runRegression, standardiseDataset } from '../../src/problems/regression/index.ts';
import { datasetGradient, datasetResiduals } from '../../src/problems/regression/dataset-sums.ts';
import { expectConfigError } from '../helpers/config-error.ts';
import { allCloseReport } from '../helpers/f32-compare.ts';
import { uniformF32 } from '../helpers/test-data.ts';

function dataset(rows: number, d: number, seed: number): Dataset {
  const features = uniformF32(rows * d, 1, seed);
  // Columns of different scales, so the curvature is not the identity's.
  for (let i = 0; i < rows; i++) features[i * d] = Math.fround(features[i * d]! * 3);
  const target = Float32Array.from({ length: rows }, (_, i) => Math.fround(2 * features[i * d]! - features[i * d + 1]! + 0.1));
  return { features, target, sampleCount: rows, featureCount: d, featureNames: Array.from({ length: d }, (_, j) => `x${j}`), targetName: 'y' };
}

/** Rows of X (the given row numbers) as f64 arrays. */
const rowsOf = (data: Dataset, keys: ArrayLike<number>) =>
  Array.from(keys, (row) => Float64Array.from({ length: data.featureCount }, (_, j) => data.features[row * data.featureCount + j]!));

/** λmax(2·XᵀX/m) from the explicit d×d matrix, by power iteration in f64. */
function exactLipschitz(rows: Float64Array[]): number {
  const d = rows[0]!.length;
  const gram = Array.from({ length: d }, (_, a) => Float64Array.from({ length: d }, (_, b) => rows.reduce((s, x) => s + x[a]! * x[b]!, 0) * (2 / rows.length)));
  let v = new Float64Array(d).fill(1);
  let value = 0;
  for (let k = 0; k < 2_000; k++) {
    const next = Float64Array.from(gram, (row) => row.reduce((s, g, b) => s + g * v[b]!, 0));
    value = Math.hypot(...next);
    v = next.map((x) => x / value);
  }
  return value;
}

describe('DatasetProblem', () => {
  const data = dataset(50, 6, 3);

  test('the first n − n_test rows train, the last n_test are held out; keys are row numbers', () => {
    const problem = DatasetProblem.create(data, { testSamples: 8, batch: 'full', seed: 1 });
    expect(problem.features).toBe(6);
    expect(problem.settings).toEqual({ samples: 42, testSamples: 8, batch: 'full', seed: 1 });
    expect(Array.from(problem.train.keys)).toEqual(Array.from({ length: 42 }, (_, t) => t));
    expect(Array.from(problem.test.keys)).toEqual(Array.from({ length: 8 }, (_, t) => 42 + t));
    expect(Array.from(problem.test.targets)).toEqual(Array.from(data.target.slice(42)));
    expect(problem.truth).toBeNull();
  });

  test('a hashed split holds out exactly n_test rows picked by the seed; every row once, in file order', () => {
    const pick = (seed: number) => DatasetProblem.create(data, { testSamples: 10, batch: 'full', seed, heldOut: 'hashed' });
    const problem = pick(1);
    expect(problem.settings).toEqual({ samples: 40, testSamples: 10, batch: 'full', seed: 1 });
    const test = Array.from(problem.test.keys);
    const train = Array.from(problem.train.keys);
    expect(test).toHaveLength(10);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(test).toEqual([...test].sort((a, b) => a - b));
    // Not the last rows, and another seed picks other rows.
    expect(test).not.toEqual(Array.from({ length: 10 }, (_, t) => 40 + t));
    expect(Array.from(pick(2).test.keys)).not.toEqual(test);
    expect(Array.from(problem.test.targets)).toEqual(test.map((i) => data.target[i]!));
    expectConfigError(() => DatasetProblem.create(data, { testSamples: 10, batch: 'full', seed: 1, heldOut: 'first' as 'last' }), 'heldOut', 'last or hashed');
  });

  test('standardised: every column mean 0 and variance 1, a constant column 0, the target centred; the input untouched', () => {
    const table: Dataset = { ...data, features: data.features.slice() };
    for (let i = 0; i < 50; i++) table.features[i * 6 + 5] = 10;
    const before = table.features.slice();
    const out = standardiseDataset(table);
    expect(table.features).toEqual(before);
    const column = (j: number) => Array.from({ length: 50 }, (_, i) => out.features[i * 6 + j]!);
    for (let j = 0; j < 5; j++) {
      const x = column(j);
      const mean = x.reduce((a, b) => a + b, 0) / 50;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(x.reduce((a, b) => a + (b - mean) ** 2, 0) / 50).toBeCloseTo(1, 5);
    }
    expect(column(5).every((x) => x === 0)).toBe(true);
    const targetMean = data.target.reduce((a, b) => a + b, 0) / 50;
    expect(Array.from(out.target)).toEqual(Array.from(data.target, (y) => Math.fround(y - targetMean)));
    expect(out.featureNames).toEqual(data.featureNames);
  });

  test('the residuals and the gradient are the explicit Xw − y and (2/m)·Xᵀr, over the rows given', () => {
    const problem = DatasetProblem.create(data, { testSamples: 0, batch: 'full', seed: 1 });
    const w = uniformF32(6, 1, 9);
    const rows = { ...problem.train, count: 5, keys: Uint32Array.of(7, 3, 3, 40, 0), targets: Float32Array.from([7, 3, 3, 40, 0], (i) => data.target[i]!) };
    const x = rowsOf(data, rows.keys);
    const residuals = datasetResiduals(data, rows, w);
    const expected = x.map((row, t) => row.reduce((s, v, j) => s + v * w[j]!, 0) - rows.targets[t]!);
    expect(allCloseReport(residuals, expected, { abs: 1e-6, rel: 1e-6 })).toBeNull();
    const gradient = new Float32Array(6);
    datasetGradient(data, rows, residuals, 2 / 5, gradient);
    const expectedGradient = Array.from({ length: 6 }, (_, j) => (2 / 5) * x.reduce((s, row, t) => s + row[j]! * residuals[t]!, 0));
    expect(allCloseReport(gradient, expectedGradient, { abs: 1e-6, rel: 1e-6 })).toBeNull();
  });

  test('η = 1/L̂: within 5% below 1/L for the full batch; below 1/L of every minibatch', () => {
    const full = DatasetProblem.create(data, { testSamples: 0, batch: 'full', seed: 1 });
    const L = exactLipschitz(rowsOf(data, full.train.keys));
    expect(datasetStepSize(full) * L).toBeLessThanOrEqual(1);
    expect(datasetStepSize(full) * L).toBeGreaterThan(0.95);
    const batched = DatasetProblem.create(data, { testSamples: 0, batch: 4, seed: 1 });
    const eta = datasetStepSize(batched);
    for (let first = 0; first + 4 <= 50; first += 4) {
      expect(eta * exactLipschitz(rowsOf(data, [first, first + 1, first + 2, first + 3]))).toBeLessThanOrEqual(1);
    }
  });

  test('λ1 ≥ λ_max keeps w = 0 from a zero start; just below it some weight leaves 0', async () => {
    const problem = DatasetProblem.create(data, { testSamples: 0, batch: 'full', seed: 1 });
    const max = datasetLambdaMax(problem);
    const at = async (l1: number) => {
      const engine = createCpuEngine(regressionEngineOptions(problem, 0));
      try {
        const settings = { regulariser: { rule: 'l1-prox' as const, lr: datasetStepSize(problem), l1, l2: 0 }, steps: 5, snapshotEvery: 5, epsilon: 1e-3, initScale: 0 };
        return (await runRegression(engine, problem, settings)).final;
      } finally {
        engine.destroy();
      }
    };
    const above = await at(max * 1.001);
    expect(above.nonzeros).toBe(0);
    expect(above.supportF1).toBeNull();
    expect((await at(max * 0.95)).nonzeros).toBeGreaterThan(0);
  });

  test('a split that does not fit the data is refused, naming the field', () => {
    expectConfigError(() => DatasetProblem.create(data, { testSamples: 50, batch: 'full', seed: 1 }), 'testSamples', 'from 0 to 49');
    expectConfigError(() => DatasetProblem.create(data, { testSamples: 10, batch: 41, seed: 1 }), 'batch', 'full, or a whole number from 1 to 40');
    expectConfigError(() => DatasetProblem.create(data, { testSamples: 0, batch: 'full', seed: -1 }), 'seed', '0 to 4294967295');
  });
});
