/**
 * What defines one sparse-recovery problem: the number of features d, the true nonzeros k,
 * the training and held-out sample counts, the noise σ, the kind of features, the batch and
 * the seed; and the checks that turn a bad value into a `ConfigError` naming the field,
 * before anything is generated or allocated. Two runs with equal settings see identical data.
 *
 * Not here: the regulariser and the step count (a run's settings, regression-run.ts), or
 * generating anything (features.ts, problem.ts).
 */
import { MAX_PARAM_COUNT } from '../../engine/checks.ts';
import { ConfigError } from '../../engine/config-error.ts';

export const FEATURE_KINDS = ['gaussian', 'rademacher', 'correlated'] as const;
/**
 * `gaussian`: Gaussian-like, the sum of four uniform bytes, centred and scaled to variance 1
 * (exact in f32); `rademacher`: ±1; `correlated`: groups of four features sharing a latent
 * factor, x = (z + ε)/√2, so features in a group correlate at 0.5. See features.ts.
 */
export type FeatureKind = (typeof FEATURE_KINDS)[number];

export interface RegressionSettings {
  /** d, the number of features (= parameters). */
  features: number;
  /** k, the number of nonzeros in the true weights w*. */
  nonzeros: number;
  /** n, the training samples. */
  samples: number;
  /** n_test, the held-out samples (drawn from their own index range). */
  testSamples: number;
  /** σ, the standard deviation of the noise added to each target. */
  noise: number;
  featureKind: FeatureKind;
  /** Samples per step: all n (`full`), or b drawn in a seeded order, epoch by epoch. */
  batch: number | 'full';
  /** Any u32: the data, the truth and the sample order all derive from it. */
  seed: number;
}

/** Held-out sample t is sample index TEST_SAMPLE_OFFSET + t: its own range, whatever n is. */
export const TEST_SAMPLE_OFFSET = 2 ** 31;
/** Training samples use indices [0, n), held-out ones [2^31, 2^31 + n_test): each below 2^31. */
export const MAX_SAMPLES = 2 ** 31;
/**
 * The targets are computed on the host, k features per sample, and the truth's support is read
 * back by index at every snapshot: a sparse truth stays small.
 */
export const MAX_NONZEROS = 65_536;
export const MAX_NOISE = 1e6;

export const DEFAULT_REGRESSION: RegressionSettings = {
  features: 10_000,
  nonzeros: 20,
  samples: 600,
  testSamples: 400,
  noise: 0.5,
  featureKind: 'gaussian',
  batch: 'full',
  seed: 1,
};

const wholeNumber = (field: string, value: unknown, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(field, value, `a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
  }
  return value;
};

/** Throws `ConfigError` naming the first bad field; returns the settings unchanged. */
export function checkRegressionSettings(settings: RegressionSettings): RegressionSettings {
  const d = wholeNumber('features', settings.features, 1, MAX_PARAM_COUNT);
  wholeNumber('nonzeros', settings.nonzeros, 1, Math.min(d, MAX_NONZEROS));
  const n = wholeNumber('samples', settings.samples, 1, MAX_SAMPLES);
  wholeNumber('testSamples', settings.testSamples, 0, MAX_SAMPLES);
  const { noise, featureKind, batch, seed } = settings;
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0 || noise > MAX_NOISE) {
    throw new ConfigError('noise', noise, `a finite number from 0 to ${MAX_NOISE}`);
  }
  if (!FEATURE_KINDS.includes(featureKind)) throw new ConfigError('featureKind', featureKind, `one of ${FEATURE_KINDS.join(', ')}`);
  if (batch !== 'full') wholeNumber('batch', batch, 1, n);
  wholeNumber('seed', seed, 0, 0xffffffff);
  return settings;
}

/** Samples per step: m = n for a full batch, else b. */
export function batchSize(settings: Pick<RegressionSettings, 'samples' | 'batch'>): number {
  return settings.batch === 'full' ? settings.samples : settings.batch;
}
