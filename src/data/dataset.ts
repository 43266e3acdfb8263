/**
 * A user's regression dataset once loaded, whatever file it came from (CSV, a pair of .npy
 * files, or a .safetensors file), and the limits every loader enforces before it allocates.
 * This module holds the type and the size rules only: no parsing, no file access, and
 * nothing about training (the problems decide what to do with the numbers).
 */
import { ConfigError } from '../engine/config-error.ts';

/** n samples of d features each and one target value per sample, all finite f32. */
export interface Dataset {
  /** Row-major n×d: feature j of sample i is `features[i * featureCount + j]`. */
  readonly features: Float32Array;
  /** n values. */
  readonly target: Float32Array;
  readonly sampleCount: number;
  readonly featureCount: number;
  /** d names, unique and non-empty (from the CSV header, else x1 … xd). */
  readonly featureNames: readonly string[];
  readonly targetName: string;
}

/**
 * Chosen so a dataset fits comfortably in one browser tab next to the engine, and so a
 * mistaken file (a log, an image, a 10 GB dump) is refused before anything large is
 * allocated:
 * - `maxValues`: n·d ≤ 2^27 feature values, 512 MiB as f32. The file is held in memory
 *   beside the converted copy, so a float64 .npy of that size already takes 1.5 GiB.
 * - `maxSamples`: 10 million rows; `maxFeatures`: 1 million columns. n·d must also stay
 *   within `maxValues`: a million features allow 134 samples, ten million samples 13 features.
 * - `maxCsvChars`: 2^28 characters (256 MiB of ASCII text), half of V8's longest string, so
 *   the text, the parser's row strings and the arrays fit at once.
 * The .npy and .safetensors readers add their formats' own header limits.
 */
export const DATASET_LIMITS: DatasetLimits = Object.freeze({
  maxSamples: 10_000_000,
  maxFeatures: 1_000_000,
  maxValues: 2 ** 27,
  maxCsvChars: 2 ** 28,
});

/** Every loader takes other limits as a last argument (tests, a phone-sized build). */
export interface DatasetLimits {
  readonly maxSamples: number;
  readonly maxFeatures: number;
  readonly maxValues: number;
  readonly maxCsvChars: number;
}

/** The most samples allowed with `featureCount` features. */
export function maxSamplesFor(featureCount: number, limits: DatasetLimits = DATASET_LIMITS): number {
  return Math.min(limits.maxSamples, Math.floor(limits.maxValues / Math.max(1, featureCount)));
}

/** The "allowed" half of a size error, the same words for every loader. */
export function describeSizeLimit(featureCount: number, limits: DatasetLimits = DATASET_LIMITS): string {
  return (
    `at most ${count(maxSamplesFor(featureCount, limits))} samples with ${count(featureCount)} features ` +
    `(limits: ${count(limits.maxSamples)} samples, ${count(limits.maxFeatures)} features, ` +
    `${count(limits.maxValues)} feature values)`
  );
}

/** Throws `ConfigError` on `field` unless n samples of d features are within the limits. */
export function checkDatasetSize(field: string, shape: readonly number[], limits: DatasetLimits = DATASET_LIMITS): void {
  const [sampleCount = 0, featureCount = 0] = shape;
  if (!Number.isSafeInteger(featureCount) || featureCount < 1 || featureCount > limits.maxFeatures) {
    throw new ConfigError(field, shape, `1 to ${count(limits.maxFeatures)} features`);
  }
  if (!Number.isSafeInteger(sampleCount) || sampleCount < 1 || sampleCount > maxSamplesFor(featureCount, limits)) {
    throw new ConfigError(field, shape, `1 sample or more, ${describeSizeLimit(featureCount, limits)}`);
  }
}

/** Default names for array data, numbered from 1 like the CSV's columns. */
export function defaultFeatureNames(featureCount: number): string[] {
  return Array.from({ length: featureCount }, (_, j) => `x${j + 1}`);
}

/** 1234567 → "1,234,567", for limits in messages. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
