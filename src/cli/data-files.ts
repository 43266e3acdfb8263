/**
 * `--data FILE --target …`: a user's regression dataset read from disk, by the file's
 * extension, through the strict loaders of src/data/ (which take bytes or text and refuse a
 * malformed file as a whole, naming the row and column or the field at fault):
 *   --data table.csv   --target COLUMN       a header row; COLUMN is the target, the rest features
 *   --data X.npy       --target y.npy        features (n, d) and target (n) or (n, 1)
 *   --data d.safetensors [--target NAME]     tensors "features" and NAME (default "target")
 * A file too large to be valid is refused from its size, before it is read. Not here: what
 * the numbers mean for training (problems/regression/dataset-problem.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseCsvDataset } from '../data/csv.ts';
import { DATASET_LIMITS, type Dataset } from '../data/dataset.ts';
import { datasetFromNpy, datasetFromSafetensors, DEFAULT_TENSOR_NAMES } from '../data/feature-matrix.ts';
import { ConfigError } from '../engine/config-error.ts';

export const DATA_FORMATS = ['.csv', '.npy', '.safetensors'] as const;

/**
 * Bytes past which no file of the format can be within the dataset limits: f64 values for
 * the binary formats (plus room for a header), four UTF-8 bytes a character for CSV.
 */
const MAX_BYTES = {
  '.csv': 4 * DATASET_LIMITS.maxCsvChars,
  '.npy': 8 * DATASET_LIMITS.maxValues + 2 ** 20,
  '.safetensors': 8 * (DATASET_LIMITS.maxValues + DATASET_LIMITS.maxSamples) + 2 ** 20,
} as const;

/** Throws `ConfigError` naming `data`, `target` or the loader's field at fault. */
export function loadDataset(data: string, target: string | null): Dataset {
  const format = extname(data).toLowerCase();
  if (format === '.csv') {
    if (target === null) throw new ConfigError('target', undefined, `the name of the target column of ${basename(data)} (--target COLUMN)`);
    return parseCsvDataset(readFile('data', data, format).toString('utf8'), target);
  }
  if (format === '.npy') {
    if (target === null || extname(target).toLowerCase() !== '.npy') {
      throw new ConfigError('target', target ?? undefined, `a .npy file holding the target, one value per row of ${basename(data)} (--target y.npy)`);
    }
    return datasetFromNpy(readFile('data', data, format), readFile('target', target, format), { features: basename(data), target: basename(target) });
  }
  if (format === '.safetensors') {
    return datasetFromSafetensors(readFile('data', data, format), { features: DEFAULT_TENSOR_NAMES.features, target: target ?? DEFAULT_TENSOR_NAMES.target });
  }
  throw new ConfigError('data', data, `a file ending in ${DATA_FORMATS.join(', ')}`);
}

function readFile(field: string, path: string, format: keyof typeof MAX_BYTES): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ConfigError(field, path, `a file that can be read (${(error as Error).message})`);
  }
  if (size > MAX_BYTES[format]) {
    throw new ConfigError(field, path, `a ${format} file of at most ${MAX_BYTES[format].toLocaleString('en-US')} bytes (this one has ${size.toLocaleString('en-US')}; see the dataset limits)`);
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(field, path, `a file that can be read (${(error as Error).message})`);
  }
}
