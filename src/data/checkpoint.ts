/**
 * Training checkpoints (`--save FILE`, `--resume FILE`, the app's save and load): a
 * safetensors file holding one F32 tensor "weights" of shape [N], and as string metadata
 * the format version, the step reached and the run's settings as JSON. NumPy and PyTorch
 * read it with `safetensors.numpy.load_file` / `safetensors.torch.load_file`, and
 * `safe_open(path, "np").metadata()` gives the rest.
 *
 * This module checks the container (format, tensor, step, that settings are a JSON
 * object); whether the settings make a valid run is for the schema the app and CLI share.
 * Weights are stored bit for bit, NaN and ±Infinity included: the engine keeps such weights
 * as they are, so a checkpoint of a diverged run resumes as that same run.
 */
import { ConfigError } from '../engine/config-error.ts';
import type { BytesInput } from './binary.ts';
import { readSafetensors, writeSafetensors } from './safetensors.ts';

export const CHECKPOINT_FORMAT = 'sparsewatch-checkpoint/1';

export interface Checkpoint {
  readonly weights: Float32Array;
  /** Steps completed; training resumes with step `step + 1`. */
  readonly step: number;
  readonly settings: Record<string, unknown>;
}

const STEP_ALLOWED = `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;
const JSON_ALLOWED = 'null, a boolean, a finite number, a string, an array or a plain object';

/** The checkpoint as safetensors bytes; throws `ConfigError` naming `checkpoint.…`. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { weights, step, settings } = checkpoint;
  if (!(weights instanceof Float32Array) || weights.length === 0) {
    throw new ConfigError('checkpoint.weights', weights instanceof Float32Array ? 'no weights' : typeof weights, 'a Float32Array of 1 weight or more');
  }
  if (!Number.isSafeInteger(step) || step < 0) throw new ConfigError('checkpoint.step', step, STEP_ALLOWED);
  if (!isPlainObject(settings)) throw new ConfigError('checkpoint.settings', settings, 'a plain object');
  // JSON.stringify would drop undefined and functions and write NaN as null without a
  // word: a setting lost that way would resume a different run.
  checkJsonValue(settings, 'checkpoint.settings', []);
  return writeSafetensors(
    { weights: { dtype: 'F32', shape: [weights.length], data: weights } },
    { format: CHECKPOINT_FORMAT, step: String(step), settings: JSON.stringify(settings) },
  );
}

/**
 * Reads a checkpoint back; throws `ConfigError` naming the safetensors or checkpoint field at
 * fault. Metadata keys other than format, step and settings are ignored: tools may add their own.
 */
export function decodeCheckpoint(input: BytesInput): Checkpoint {
  const { tensors, metadata } = readSafetensors(input);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new ConfigError('checkpoint.format', metadata.format, `${JSON.stringify(CHECKPOINT_FORMAT)} (a file saved by sparsewatch)`);
  }
  const names = Object.keys(tensors);
  const weights = tensors.weights;
  if (names.length !== 1 || weights === undefined) throw new ConfigError('checkpoint.tensors', names, 'exactly one tensor, "weights"');
  if (weights.dtype !== 'F32') throw new ConfigError('checkpoint.weights.dtype', weights.dtype, '"F32" (weights are saved bit for bit)');
  if (weights.shape.length !== 1 || weights.data.length === 0) {
    throw new ConfigError('checkpoint.weights.shape', weights.shape, '[N] with N ≥ 1');
  }
  const step = metadata.step;
  if (step === undefined || !/^(?:0|[1-9]\d*)$/.test(step) || !Number.isSafeInteger(Number(step))) {
    throw new ConfigError('checkpoint.step', step, STEP_ALLOWED);
  }
  let settings: unknown;
  try {
    settings = JSON.parse(metadata.settings ?? '');
  } catch {
    settings = undefined;
  }
  if (!isPlainObject(settings)) throw new ConfigError('checkpoint.settings', metadata.settings, 'a JSON object');
  return { weights: weights.data, step: Number(step), settings };
}

function checkJsonValue(value: unknown, field: string, ancestors: readonly object[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new ConfigError(field, value, 'a finite number (JSON has no NaN or Infinity)');
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (ancestors.includes(value)) throw new ConfigError(field, 'a reference to itself', JSON_ALLOWED);
    for (const [key, item] of Object.entries(value)) {
      checkJsonValue(item, Array.isArray(value) ? `${field}[${key}]` : `${field}.${key}`, [...ancestors, value]);
    }
    return;
  }
  const shown = value === undefined ? undefined : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new ConfigError(field, shown, JSON_ALLOWED);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
