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
 * - `maxValues`: n·d ≤ 2^27 feature values, 512 MiB as f32 (a .npy of f64 that size is
 *   1 GiB, about the largest ArrayBuffer browsers hand out reliably).
 * - `maxSamples`: 10 million rows; `maxFeatures`: 1 million columns. Either alone stays
 *   within `maxValues` only for thin or short data, which is what such shapes are.
 * - `maxCsvChars`: 2^28 characters (256 MiB of ASCII text), half of V8's longest string, so
 *   the text, the parser's row strings and the arrays fit at once.
 */
export const DATASET_LIMITS = {
  maxSamples: 10_000_000,
  maxFeatures: 1_000_000,
  maxValues: 2 ** 27,
  maxCsvChars: 2 ** 28,
} as const;

/** The most samples allowed with `featureCount` features. */
export function maxSamplesFor(featureCount: number): number {
  return Math.min(DATASET_LIMITS.maxSamples, Math.floor(DATASET_LIMITS.maxValues / Math.max(1, featureCount)));
}

/** The "allowed" half of a size error, the same words for every loader. */
export function describeSizeLimit(featureCount: number): string {
  return (
    `at most ${count(maxSamplesFor(featureCount))} samples with ${count(featureCount)} features ` +
    `(limits: ${count(DATASET_LIMITS.maxSamples)} samples, ${count(DATASET_LIMITS.maxFeatures)} features, ` +
    `${count(DATASET_LIMITS.maxValues)} feature values)`
  );
}

/** Throws `ConfigError` on `field` unless n samples of d features are within the limits. */
export function checkDatasetSize(field: string, sampleCount: number, featureCount: number, shown: unknown): void {
  if (!Number.isSafeInteger(featureCount) || featureCount < 1 || featureCount > DATASET_LIMITS.maxFeatures) {
    throw new ConfigError(field, shown, `1 to ${count(DATASET_LIMITS.maxFeatures)} features`);
  }
  if (!Number.isSafeInteger(sampleCount) || sampleCount < 1 || sampleCount > maxSamplesFor(featureCount)) {
    throw new ConfigError(field, shown, `1 sample or more, ${describeSizeLimit(featureCount)}`);
  }
}

/** Default names for array data, numbered from 1 like the CSV's columns. */
export function defaultFeatureNames(featureCount: number): string[] {
  return Array.from({ length: featureCount }, (_, j) => `x${j + 1}`);
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}
