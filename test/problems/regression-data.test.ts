/**
 * The regression problem's data, on the host: settings checks that name the field, features
 * with the advertised statistics (mean 0, variance 1, correlation 0.5 inside a correlated
 * group and 0 across), the truth, targets that are w*·x + σ·noise, the minibatch order, and
 * the fast CPU loops (predict.ts, gradient.ts) against the definition `feature` summed by hand.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/engine/config-error.ts';
import { feature, featureKeys, gaussianFromHash, GROUP_SIZE, rowKeys, STREAM_NOISE } from '../../src/problems/regression/features.ts';
import { hashAt, streamKey } from '../../src/engine/hash.ts';
import { computeGradient } from '../../src/problems/regression/gradient.ts';
import { addPredictions, residualsOf } from '../../src/problems/regression/predict.ts';
import { RegressionProblem, selectRows } from '../../src/problems/regression/problem.ts';
import { SampleOrder } from '../../src/problems/regression/sample-order.ts';
import { checkRegressionSettings, DEFAULT_REGRESSION, FEATURE_KINDS, TEST_SAMPLE_OFFSET, type RegressionSettings } from '../../src/problems/regression/settings.ts';
import { uniformF32 } from '../helpers/test-data.ts';

const settings = (overrides: Partial<RegressionSettings>): RegressionSettings => ({ ...DEFAULT_REGRESSION, ...overrides });

describe('settings', () => {
  test.each([
    [{ features: 0 }, 'features: got 0; allowed: a whole number from 1 to'],
    [{ features: 2.5 }, 'features: got 2.5'],
    [{ nonzeros: 11, features: 10 }, 'nonzeros: got 11; allowed: a whole number from 1 to 10'],
    [{ samples: 0 }, 'samples: got 0'],
    [{ testSamples: -1 }, 'testSamples: got -1'],
    [{ noise: Number.NaN }, 'noise: got NaN; allowed: a finite number from 0 to'],
    [{ featureKind: 'uniform' as never }, 'featureKind: got "uniform"; allowed: one of gaussian, rademacher, correlated'],
    [{ batch: 601 }, 'batch: got 601; allowed: a whole number from 1 to 600'],
    [{ seed: 2 ** 32 }, 'seed: got 4294967296'],
  ])('%o is refused naming the field', (overrides, message) => {
    expect(() => checkRegressionSettings(settings(overrides))).toThrow(ConfigError);
    expect(() => RegressionProblem.create(settings(overrides))).toThrow(message);
  });

  test('the defaults and a minibatch pass', () => {
    expect(checkRegressionSettings(DEFAULT_REGRESSION)).toEqual(DEFAULT_REGRESSION);
    expect(() => checkRegressionSettings(settings({ batch: 1 }))).not.toThrow();
  });
});

describe('features', () => {
  const keys = featureKeys(3);

  test.each(FEATURE_KINDS)('%s: mean 0 and variance 1 over many (sample, feature) pairs, the same value every time', (kind) => {
    let sum = 0;
    let squares = 0;
    const count = 200 * 200;
    for (let i = 0; i < 200; i++) {
      const row = rowKeys(keys, i * 7_919);
      for (let j = 0; j < 200; j++) {
        const x = feature(kind, row, j * 104_729);
        sum += x;
        squares += x * x;
      }
    }
    expect(Math.abs(sum / count)).toBeLessThan(0.02);
    expect(squares / count).toBeCloseTo(1, 1);
    expect(feature(kind, rowKeys(keys, 5), 9)).toBe(feature(kind, rowKeys(featureKeys(3), 5), 9));
    if (kind === 'rademacher') expect(new Set([0, 1, 2, 3, 4, 5, 6, 7].map((j) => Math.abs(feature(kind, rowKeys(keys, 1), j))))).toEqual(new Set([1]));
  });

  test('correlated: 0.5 inside a group of four, 0 across groups; other kinds 0', () => {
    const correlation = (kind: (typeof FEATURE_KINDS)[number], j: number, l: number) => {
      let xy = 0;
      const n = 20_000;
      for (let i = 0; i < n; i++) {
        const row = rowKeys(keys, i);
        xy += feature(kind, row, j) * feature(kind, row, l);
      }
      return xy / n;
    };
    expect(correlation('correlated', 8, 11)).toBeCloseTo(0.5, 1);
    expect(correlation('correlated', 11, 12)).toBeCloseTo(0, 1);
    expect(correlation('gaussian', 8, 9)).toBeCloseTo(0, 1);
    expect(GROUP_SIZE).toBe(4);
  });

  test('sample and feature are hashed separately: indices near 2^32 are distinct features', () => {
    const row = rowKeys(keys, 2 ** 32 - 1);
    const values = [0, 1, 2 ** 16, 2 ** 31, 2 ** 32 - 1].map((j) => feature('gaussian', row, j));
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('the problem', () => {
  const problem = RegressionProblem.create(settings({ features: 1_000, nonzeros: 12, samples: 50, testSamples: 30, noise: 0.25, seed: 9 }));

  test('the truth: k distinct sorted indices in [0, d), values ±[1, 2), reproducible from the seed', () => {
    const { indices, values } = problem.truth;
    expect(indices.length).toBe(12);
    expect(new Set(indices).size).toBe(12);
    expect(Array.from(indices)).toEqual(Array.from(indices).sort((a, b) => a - b));
    expect(indices.every((j) => j < 1_000)).toBe(true);
    expect(values.every((v) => Math.abs(v) >= 1 && Math.abs(v) < 2)).toBe(true);
    expect(new Set(values.map(Math.sign)).size).toBe(2);
    expect(RegressionProblem.create(problem.settings).truth).toEqual(problem.truth);
  });

  test('targets are w*·x + σ·noise; held-out samples come from [2^31, 2^31 + n_test)', () => {
    const target = (sample: number) => {
      const row = rowKeys(problem.keys, sample);
      let y = 0;
      problem.truth.indices.forEach((j, s) => (y += problem.truth.values[s]! * feature('gaussian', row, j)));
      return Math.fround(y + 0.25 * gaussianFromHash(hashAt(streamKey(9, STREAM_NOISE), sample)));
    };
    expect(problem.train.targets[7]).toBe(target(7));
    expect(problem.test.targets[3]).toBe(target(TEST_SAMPLE_OFFSET + 3));
    expect(problem.test.keys[3]).toBe(rowKeys(problem.keys, TEST_SAMPLE_OFFSET + 3).key);
    // Held-out samples do not depend on n.
    const more = RegressionProblem.create({ ...problem.settings, samples: 80 });
    expect(more.test).toEqual(problem.test);
  });

  test('the CPU loops equal the definition summed by hand, across chunks and a partial group', () => {
    for (const kind of FEATURE_KINDS) {
      const p = RegressionProblem.create({ ...problem.settings, features: 1_003, featureKind: kind });
      const w = uniformF32(1_003, 1, 4);
      const rows = p.train;
      // By hand: r_t = w·x_t − y_t, g_j = (2/n)·Σ r_t·x_tj.
      const x = Array.from({ length: rows.count }, (_, t) => Array.from({ length: 1_003 }, (_, j) => feature(kind, { key: rows.keys[t]!, latentKey: rows.latentKeys[t]! }, j)));
      const r = x.map((row, t) => row.reduce((s, v, j) => s + v * w[j]!, 0) - rows.targets[t]!);
      const g = Array.from({ length: 1_003 }, (_, j) => (2 / rows.count) * r.reduce((s, rt, t) => s + rt * x[t]![j]!, 0));
      // The loops, in two chunks split at a multiple of 4.
      const predictions = new Float64Array(rows.count);
      addPredictions(predictions, w.subarray(0, 500), 0, kind, rows);
      addPredictions(predictions, w.subarray(500), 500, kind, rows);
      const residuals = residualsOf(predictions, rows);
      residuals.forEach((value, t) => expect(value).toBeCloseTo(r[t]!, 4));
      const gradient = new Float32Array(1_003);
      computeGradient(gradient.subarray(0, 500), 0, kind, rows, residuals, 2 / rows.count);
      computeGradient(gradient.subarray(500), 500, kind, rows, residuals, 2 / rows.count);
      gradient.forEach((value, j) => expect(value).toBeCloseTo(g[j]!, 4));
    }
  });

  test('chunks must start at a multiple of 4', () => {
    expect(() => addPredictions(new Float64Array(1), new Float32Array(4), 2, 'gaussian', problem.train)).toThrow('multiple of 4');
    expect(() => computeGradient(new Float32Array(4), 6, 'gaussian', problem.train, new Float32Array(50), 1)).toThrow('multiple of 4');
  });
});

describe('minibatch order', () => {
  test('the full batch is every sample in order, every step', () => {
    const order = new SampleOrder(5, 5, 1);
    expect(order.full).toBe(true);
    expect(Array.from(order.batchAt(0))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(order.batchAt(17))).toEqual([0, 1, 2, 3, 4]);
  });

  test('deterministic by seed: the same batches in any order of asking; another seed differs', () => {
    const a = new SampleOrder(100, 16, 42);
    const b = new SampleOrder(100, 16, 42);
    const forward = Array.from({ length: 20 }, (_, s) => Array.from(a.batchAt(s)));
    const backward = Array.from({ length: 20 }, (_, s) => Array.from(b.batchAt(19 - s))).reverse();
    expect(backward).toEqual(forward);
    const other = Array.from({ length: 20 }, (_, s) => Array.from(new SampleOrder(100, 16, 43).batchAt(s)));
    expect(other).not.toEqual(forward);
  });

  test('each epoch visits every sample once, in a new order; a batch may straddle two epochs', () => {
    const order = new SampleOrder(10, 4, 7);
    const stream = Array.from({ length: 10 }, (_, s) => Array.from(order.batchAt(s))).flat();
    const epochs = [stream.slice(0, 10), stream.slice(10, 20), stream.slice(20, 30)];
    for (const epoch of epochs) expect([...epoch].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs[0]).not.toEqual(epochs[1]);
    // Step 2 holds positions 8..11: the last two of epoch 0 and the first two of epoch 1.
    expect(Array.from(order.batchAt(2))).toEqual([...epochs[0]!.slice(8), ...epochs[1]!.slice(0, 2)]);
  });

  test('selectRows picks the batch’s rows', () => {
    const p = RegressionProblem.create(settings({ features: 8, nonzeros: 2, samples: 6, testSamples: 0, batch: 3 }));
    const rows = selectRows(p.train, Uint32Array.of(5, 0, 2));
    expect(rows.count).toBe(3);
    expect(Array.from(rows.targets)).toEqual([p.train.targets[5], p.train.targets[0], p.train.targets[2]]);
    expect(Array.from(rows.keys)).toEqual([p.train.keys[5], p.train.keys[0], p.train.keys[2]]);
  });
});
