/**
 * Training checkpoints (`--save FILE`, `--resume FILE`, the app's save and load): a
 * safetensors file holding an F32 tensor "weights" of shape [N], for a digits network also
 * an F32 tensor "biases" of shape [B] (every layer's biases, layer after layer from the
 * input side: `b = f["biases"]; b[:256]` is the first hidden layer's of 784-256-10), and as
 * string metadata the format version, the step reached and the run's settings as JSON (a
 * digits run's name its network: `hidden`, the hidden widths comma-separated, "" for none,
 * and `loss`). NumPy and PyTorch read it with `safetensors.numpy.load_file` /
 * `safetensors.torch.load_file`, and `safe_open(path, "np").metadata()` gives the rest.
 * Files without biases (the other problems, and every file from before digits saved them)
 * read as before: the format version did not change, as the new tensor is optional.
 *
 * This module checks the container (format, tensors, step, that settings are a JSON
 * object); whether the settings make a valid run, and whether the biases fit the network
 * they name, is for the problem's own checks (src/problems/digits/digits-checkpoint.ts).
 * Weights are stored bit for bit, NaN and ±Infinity included: the engine keeps such weights
 * as they are, so a checkpoint of a diverged run resumes as that same run.
 */
import { ConfigError } from '../engine/config-error.ts';
import type { BytesInput } from './binary.ts';
import { readSafetensors, writeSafetensors, type SafetensorsTensor, type TensorToWrite } from './safetensors.ts';

export const CHECKPOINT_FORMAT = 'sparsewatch-checkpoint/1';
/** The tensors a checkpoint may hold; "weights" is required. */
const TENSOR_NAMES: readonly string[] = ['weights', 'biases'];

export interface Checkpoint {
  readonly weights: Float32Array;
  /** A digits network's biases, every layer's in layer order; absent for the other problems. */
  readonly biases?: Float32Array;
  /** Steps completed; training resumes with step `step + 1`. */
  readonly step: number;
  readonly settings: Record<string, unknown>;
}

const STEP_ALLOWED = `a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`;
const JSON_ALLOWED = 'null, a boolean, a finite number, a string, an array or a plain object';

/** The checkpoint as safetensors bytes; throws `ConfigError` naming `checkpoint.…`. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { weights, biases, step, settings } = checkpoint;
  if (!(weights instanceof Float32Array) || weights.length === 0) {
    throw new ConfigError('checkpoint.weights', weights instanceof Float32Array ? 'no weights' : typeof weights, 'a Float32Array of 1 weight or more');
  }
  if (biases !== undefined && (!(biases instanceof Float32Array) || biases.length === 0)) {
    throw new ConfigError('checkpoint.biases', biases instanceof Float32Array ? 'no biases' : typeof biases, 'a Float32Array of 1 bias or more, or none');
  }
  if (!Number.isSafeInteger(step) || step < 0) throw new ConfigError('checkpoint.step', step, STEP_ALLOWED);
  if (!isPlainObject(settings)) throw new ConfigError('checkpoint.settings', settings, 'a plain object');
  // JSON.stringify would drop undefined and functions and write NaN as null without a
  // word: a setting lost that way would resume a different run.
  checkJsonValue(settings, 'checkpoint.settings', []);
  const tensors: Record<string, TensorToWrite> = { weights: { dtype: 'F32', shape: [weights.length], data: weights } };
  if (biases !== undefined) tensors.biases = { dtype: 'F32', shape: [biases.length], data: biases };
  return writeSafetensors(
    tensors,
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
  const { weights, biases } = tensors;
  if (weights === undefined || names.some((name) => !TENSOR_NAMES.includes(name))) {
    throw new ConfigError('checkpoint.tensors', names, 'a tensor "weights", and for a digits network "biases": no others');
  }
  checkVector(weights, 'weights', 'N');
  if (biases !== undefined) checkVector(biases, 'biases', 'B');
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
  return { weights: weights.data, ...(biases && { biases: biases.data }), step: Number(step), settings };
}

/** A 1-D F32 tensor of one value or more (F64 would not give back the numbers saved). */
function checkVector(tensor: SafetensorsTensor, name: string, size: string): void {
  if (tensor.dtype !== 'F32') throw new ConfigError(`checkpoint.${name}.dtype`, tensor.dtype, `"F32" (${name} are saved bit for bit)`);
  if (tensor.shape.length !== 1 || tensor.data.length === 0) {
    throw new ConfigError(`checkpoint.${name}.shape`, tensor.shape, `[${size}] with ${size} ≥ 1`);
  }
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
