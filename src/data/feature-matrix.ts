/**
 * A dataset from arrays: a feature matrix (n samples × d features) and a target (n, or
 * n×1), as a pair of .npy files or two tensors of one .safetensors file. This module checks
 * that the shapes agree and the values are finite data; the file formats themselves are
 * read by npy.ts and safetensors.ts. Not a converter between layouts: the matrix must
 * already be row-major n×d (NumPy's default C order).
 */
import { ConfigError } from '../engine/config-error.ts';
import { checkFinite, type BytesInput } from './binary.ts';
import { checkDatasetSize, DATASET_LIMITS, defaultFeatureNames, type Dataset, type DatasetLimits } from './dataset.ts';
import { readNpy } from './npy.ts';
import { readSafetensors } from './safetensors.ts';

export interface ArrayInput {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface DatasetNames {
  readonly featureNames?: readonly string[];
  readonly targetName?: string;
}

/** The tensor names `datasetFromSafetensors` looks for unless told others. */
export const DEFAULT_TENSOR_NAMES = { features: 'features', target: 'target' } as const;

/** Checks shapes, sizes and values; throws `ConfigError` naming `features…` or `target…`. */
export function datasetFromArrays(features: ArrayInput, target: ArrayInput, names: DatasetNames = {}, limits: DatasetLimits = DATASET_LIMITS): Dataset {
  if (features.shape.length !== 2) {
    throw new ConfigError('features.shape', features.shape, '2 dimensions, (n samples, d features); a single feature as x.reshape(-1, 1)');
  }
  checkDatasetSize('features.shape', features.shape, limits);
  const [n, d] = features.shape as [number, number];
  if (features.data.length !== n * d) throw new ConfigError('features.data.length', features.data.length, `${n * d}, n × d`);
  const column = target.shape.length === 2 && target.shape[1] === 1;
  if (!(target.shape.length === 1 || column) || target.shape[0] !== n || target.data.length !== n) {
    throw new ConfigError('target.shape', target.shape, `[${n}] or [${n}, 1]: one value per row of features`);
  }
  checkFinite(features.data, 'features', [n, d]);
  checkFinite(target.data, 'target', target.shape);

  const featureNames = names.featureNames ?? defaultFeatureNames(d);
  const targetName = names.targetName ?? 'y';
  if (featureNames.length !== d || new Set([...featureNames, targetName]).size !== d + 1 || [...featureNames, targetName].includes('')) {
    throw new ConfigError('featureNames', featureNames, `${d} distinct non-empty names, none of them the target's (${JSON.stringify(targetName)})`);
  }
  return { features: features.data, target: target.data, sampleCount: n, featureCount: d, featureNames, targetName };
}

/** A dataset from two .npy files; `labels` name them in errors (e.g. the files' names). */
export function datasetFromNpy(
  features: BytesInput,
  target: BytesInput,
  labels = { features: 'features.npy', target: 'target.npy' },
  limits: DatasetLimits = DATASET_LIMITS,
): Dataset {
  return datasetFromArrays(
    readNpy(features, { label: labels.features, maxValues: limits.maxValues }),
    readNpy(target, { label: labels.target, maxValues: limits.maxSamples }),
    {},
    limits,
  );
}

/** A dataset from the tensors `names.features` and `names.target` of one .safetensors file. */
export function datasetFromSafetensors(
  bytes: BytesInput,
  names: { features: string; target: string } = DEFAULT_TENSOR_NAMES,
  limits: DatasetLimits = DATASET_LIMITS,
): Dataset {
  const { tensors } = readSafetensors(bytes, { maxValues: limits.maxValues });
  const found = Object.keys(tensors);
  for (const role of ['features', 'target'] as const) {
    if (!Object.hasOwn(tensors, names[role])) {
      const listed = found.length === 0 ? 'none' : found.map((name) => JSON.stringify(name)).join(', ');
      throw new ConfigError(`safetensors ${role} tensor`, names[role], `the name of a tensor in the file (found: ${listed})`);
    }
  }
  return datasetFromArrays(tensors[names.features]!, tensors[names.target]!, {}, limits);
}
