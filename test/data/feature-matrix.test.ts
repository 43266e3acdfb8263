/**
 * Datasets from arrays, .npy pairs and .safetensors files: shapes that agree, finite values,
 * the size limits, and errors that name the array, the index or the tensors found.
 */
import { describe, expect, test } from 'vitest';
import type { DatasetLimits } from '../../src/data/dataset.ts';
import { datasetFromArrays, datasetFromNpy, datasetFromSafetensors } from '../../src/data/feature-matrix.ts';
import { writeNpy } from '../../src/data/npy.ts';
import { writeSafetensors } from '../../src/data/safetensors.ts';
import { f64le, npyFile, npyHeader } from './bytes.ts';
import { expectConfigError } from '../helpers/config-error.ts';

const X = { shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
const Y = { shape: [3], data: Float32Array.from([10, 20, 30]) };
const SMALL: DatasetLimits = { maxSamples: 4, maxFeatures: 3, maxValues: 6, maxCsvChars: 200 };

describe('datasetFromArrays', () => {
  test('n×d features and a target of n or n×1; names default to x1 … xd and y', () => {
    for (const target of [Y, { shape: [3, 1], data: Y.data }]) {
      const data = datasetFromArrays(X, target);
      expect(data).toEqual({ features: X.data, target: Y.data, sampleCount: 3, featureCount: 2, featureNames: ['x1', 'x2'], targetName: 'y' });
    }
  });

  test('names given', () => {
    const data = datasetFromArrays(X, Y, { featureNames: ['age', 'height'], targetName: 'weight' });
    expect(data.featureNames).toEqual(['age', 'height']);
    expect(data.targetName).toBe('weight');
  });

  test('features that are not 2-D', () => {
    expectConfigError(() => datasetFromArrays({ shape: [6], data: X.data }, Y), 'features.shape', 'got [6]', 'x.reshape(-1, 1)');
    expectConfigError(() => datasetFromArrays({ shape: [3, 2, 1], data: X.data }, Y), 'features.shape', 'got [3,2,1]');
  });

  test('no samples or no features', () => {
    expectConfigError(() => datasetFromArrays({ shape: [0, 2], data: new Float32Array(0) }, { shape: [0], data: new Float32Array(0) }), 'features.shape', 'got [0,2]', '1 sample or more');
    expectConfigError(() => datasetFromArrays({ shape: [3, 0], data: new Float32Array(0) }, Y), 'features.shape', 'got [3,0]', '1 to 1,000,000 features');
  });

  test('data that does not fill the shape', () => {
    expectConfigError(() => datasetFromArrays({ shape: [3, 2], data: new Float32Array(5) }, Y), 'features.data.length', 'got 5', '6, n × d');
  });

  test('a target of the wrong length or shape', () => {
    expectConfigError(() => datasetFromArrays(X, { shape: [2], data: new Float32Array(2) }), 'target.shape', 'got [2]', '[3] or [3, 1]: one value per row');
    expectConfigError(() => datasetFromArrays(X, { shape: [3, 2], data: X.data }), 'target.shape', 'got [3,2]');
    expectConfigError(() => datasetFromArrays(X, { shape: [1, 3], data: Y.data }), 'target.shape', 'got [1,3]');
  });

  test('NaN or ±Infinity anywhere, named by NumPy index', () => {
    expectConfigError(() => datasetFromArrays({ shape: [3, 2], data: Float32Array.from([1, 2, 3, NaN, 5, 6]) }, Y), 'features[1, 1]', 'got NaN', 'finite');
    expectConfigError(() => datasetFromArrays(X, { shape: [3], data: Float32Array.from([1, 2, -Infinity]) }), 'target[2]', 'got -Infinity');
    expectConfigError(() => datasetFromArrays(X, { shape: [3, 1], data: Float32Array.from([Infinity, 2, 3]) }), 'target[0, 0]', 'got Infinity');
  });

  test('names: wrong count, repeated, empty, or the target among the features', () => {
    for (const names of [{ featureNames: ['a'] }, { featureNames: ['a', 'a'] }, { featureNames: ['a', ''] }, { featureNames: ['a', 'y'] }]) {
      expectConfigError(() => datasetFromArrays(X, Y, names), 'featureNames', '2 distinct non-empty names', "the target's (\"y\")");
    }
  });

  test('sizes past the limits', () => {
    const wide = { shape: [1, 4], data: new Float32Array(4) };
    expectConfigError(() => datasetFromArrays(wide, { shape: [1], data: new Float32Array(1) }, {}, SMALL), 'features.shape', 'got [1,4]', '1 to 3 features');
    const tall = { shape: [4, 2], data: new Float32Array(8) };
    expectConfigError(() => datasetFromArrays(tall, { shape: [4], data: new Float32Array(4) }, {}, SMALL), 'features.shape', 'at most 3 samples with 2 features');
  });
});

describe('datasetFromNpy', () => {
  test('a pair written by writeNpy; a float64 target', () => {
    const target = npyFile(npyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"), f64le([10, 20, 30]));
    const data = datasetFromNpy(writeNpy(X.data, X.shape), target);
    expect(Array.from(data.features)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(data.target)).toEqual([10, 20, 30]);
  });

  test("errors name the file: the labels' defaults, or the caller's", () => {
    const ints = npyFile(npyHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }"), new Uint8Array(24));
    expectConfigError(() => datasetFromNpy(writeNpy(X.data, X.shape), ints), 'target.npy.dtype', 'got "<i8"');
    expectConfigError(() => datasetFromNpy(ints, ints, { features: 'X_train.npy', target: 'y_train.npy' }), 'X_train.npy.dtype', 'got "<i8"');
    expectConfigError(() => datasetFromNpy(writeNpy(X.data, [6]), writeNpy(Y.data, [3])), 'features.shape', 'got [6]');
  });

  test('an array past the value limit is refused before it is converted', () => {
    expectConfigError(() => datasetFromNpy(writeNpy(new Float32Array(8), [4, 2]), writeNpy(new Float32Array(4), [4]), undefined, SMALL), 'features.npy.shape', 'got [4,2]', 'at most 6 values');
  });
});

describe('datasetFromSafetensors', () => {
  const file = (tensors: Record<string, { shape: number[]; data: Float32Array }>): Uint8Array =>
    writeSafetensors(Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, { dtype: 'F32' as const, ...t }])));

  test("tensors 'features' and 'target'", () => {
    const data = datasetFromSafetensors(file({ features: X, target: Y }));
    expect(data.sampleCount).toBe(3);
    expect(Array.from(data.target)).toEqual([10, 20, 30]);
  });

  test('other names when asked', () => {
    expect(datasetFromSafetensors(file({ X, y: Y }), { features: 'X', target: 'y' }).featureCount).toBe(2);
  });

  test('missing tensors: the names found are listed', () => {
    expectConfigError(() => datasetFromSafetensors(file({ X, y: Y })), 'safetensors features tensor', 'got "features"', 'found: "X", "y"');
    expectConfigError(() => datasetFromSafetensors(file({ features: X })), 'safetensors target tensor', 'got "target"', 'found: "features"');
    expectConfigError(() => datasetFromSafetensors(file({})), 'safetensors features tensor', 'found: none');
  });

  test('shape and value errors as for arrays', () => {
    expectConfigError(() => datasetFromSafetensors(file({ features: X, target: { shape: [2], data: Float32Array.from([1, 2]) } })), 'target.shape', 'got [2]');
    const nan = file({ features: { shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, NaN, 6]) }, target: Y });
    expectConfigError(() => datasetFromSafetensors(nan), 'features[2, 0]', 'got NaN');
  });
});
