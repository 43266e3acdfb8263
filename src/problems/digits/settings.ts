/**
 * What defines a digits run: the hidden layers, the loss, the minibatch size, the epochs,
 * the seed, and how often to take a snapshot and with which near-zero threshold; and the
 * checks that turn a bad value into a `ConfigError` naming the field, before anything is
 * allocated. The regulariser of each run (rule, η, λ1, λ2) is checked by the engine's
 * checkRegulariser. Not here: the network's layout (network.ts) or running anything.
 */
import { ConfigError } from '../../engine/config-error.ts';

export const DIGITS_LOSSES = ['mse', 'xent'] as const;
/**
 * `mse`: the notebook's E0, squared error on one-hot targets, per digit Σ_k (z_k − t_k)² over
 * the 10 outputs z (no squashing), averaged over the minibatch; `xent`: softmax cross-entropy,
 * −log softmax(z)_label averaged over the minibatch. See loss.ts.
 */
export type DigitsLoss = (typeof DIGITS_LOSSES)[number];

export interface DigitsSettings {
  /** Widths of the hidden (ReLU) layers, input side first; [] is a linear classifier. */
  hidden: readonly number[];
  loss: DigitsLoss;
  /** Digits per step, drawn in a seeded order, epoch by epoch. */
  batch: number;
  /** Passes over the training set; the run takes ⌈epochs · n / batch⌉ steps. */
  epochs: number;
  /** Any u32: the starting weights and the order of the digits derive from it. */
  seed: number;
  /** A snapshot every this many steps, and always at step 0 and after the last step. */
  snapshotEvery: number;
  /** Near-zero threshold: a weight with |w| < ε counts as near zero. */
  epsilon: number;
}

export const MAX_HIDDEN_LAYERS = 8;
/** Widths are multiples of 4: every weight row then starts on a vec4, as the GPU reads it. */
export const MAX_WIDTH = 16_384;
export const MAX_BATCH = 8_192;
export const MAX_EPOCHS = 10_000;
export const MAX_SNAPSHOT_EVERY = 1_000_000_000;
/** Weights in all layers: 2^28, 1 GiB of f32 (plus as much again for the gradient). */
export const MAX_WEIGHTS = 2 ** 28;

export const DEFAULT_DIGITS: DigitsSettings = {
  hidden: [256],
  loss: 'xent',
  batch: 100,
  epochs: 5,
  seed: 1,
  snapshotEvery: 80,
  epsilon: 1e-3,
};

function wholeNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(field, value, `a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
  }
  return value;
}

/** Throws `ConfigError` naming the first bad width; returns the widths unchanged. */
export function checkHidden(hidden: readonly number[]): readonly number[] {
  if (!Array.isArray(hidden) || hidden.length > MAX_HIDDEN_LAYERS) {
    throw new ConfigError('hidden', hidden, `a list of 0 to ${MAX_HIDDEN_LAYERS} layer widths, e.g. [1024, 1024]`);
  }
  hidden.forEach((width: unknown, i) => {
    if (typeof width !== 'number' || !Number.isSafeInteger(width) || width < 4 || width > MAX_WIDTH || width % 4 !== 0) {
      throw new ConfigError(`hidden[${i}]`, width, `a multiple of 4 from 4 to ${MAX_WIDTH.toLocaleString('en-US')} (the GPU reads rows of weights as vec4s)`);
    }
  });
  return hidden;
}

/** Throws `ConfigError` naming the first bad field; returns the settings unchanged. */
export function checkDigitsSettings(settings: DigitsSettings): DigitsSettings {
  checkHidden(settings.hidden);
  if (!DIGITS_LOSSES.includes(settings.loss)) throw new ConfigError('loss', settings.loss, `one of ${DIGITS_LOSSES.join(', ')}`);
  wholeNumber('batch', settings.batch, 1, MAX_BATCH);
  wholeNumber('epochs', settings.epochs, 1, MAX_EPOCHS);
  wholeNumber('seed', settings.seed, 0, 0xffffffff);
  wholeNumber('snapshotEvery', settings.snapshotEvery, 1, MAX_SNAPSHOT_EVERY);
  const { epsilon } = settings;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) throw new ConfigError('epsilon', epsilon, 'a finite number > 0');
  return settings;
}
