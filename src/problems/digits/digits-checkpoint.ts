/**
 * A digits network in a checkpoint (src/data/checkpoint.ts): what is saved besides the
 * weights (the biases, every layer's in layer order, and in the settings the network's
 * `hidden` widths as "256,128", "" for none, and its `loss`), and the check that a file fits
 * the network it names before anything is changed: the widths are valid, the weights are that
 * network's count and the biases its bias count, each refusal a `ConfigError` naming the
 * checkpoint's field. The app and the command line both load through `readDigitsCheckpoint`.
 *
 * Not here: the container (checkpoint.ts), the other settings a loader takes (the app's form,
 * the command line's options), writing the values into engines (DigitsLockstep.start).
 */
import type { Checkpoint } from '../../data/checkpoint.ts';
import { ConfigError } from '../../engine/config-error.ts';
import { Network } from './network.ts';
import { DIGITS_LOSSES, type DigitsLoss, type DigitsSettings } from './settings.ts';

/** Where a run starts: weights as the engine holds them, and the biases of every layer, joined. */
export interface DigitsStart {
  readonly weights: Float32Array;
  readonly biases: Float32Array;
}

/** One run as a checkpoint holds it (DigitsLockstep.savedRun). */
export interface SavedRun extends DigitsStart {
  /** Steps taken. */
  readonly step: number;
  /** The group's settings, as `digitsCheckpointSettings` writes them. */
  readonly settings: Record<string, unknown>;
}

/** A checked digits checkpoint. */
export interface SavedDigits {
  /** The widths as the settings hold them ("256,128"). */
  readonly hiddenText: string;
  readonly hidden: number[];
  readonly loss: DigitsLoss;
  readonly network: Network;
  readonly start: DigitsStart;
}

/** The settings' form of the hidden widths: "256,128", "" for none (as the command line's --hidden takes them). */
export function savedHidden(hidden: readonly number[]): string {
  return hidden.join(',');
}

/** The settings a digits checkpoint records (with the run's rule, η and λ, which the caller adds). */
export function digitsCheckpointSettings(settings: DigitsSettings): Record<string, unknown> {
  return { problem: 'digits', ...settings, hidden: savedHidden(settings.hidden) };
}

const HIDDEN_ALLOWED = 'the hidden widths separated by commas ("256,128"; "" for none)';

/** Throws `ConfigError` naming the checkpoint's field unless it holds a digits network whole. */
export function readDigitsCheckpoint(checkpoint: Checkpoint): SavedDigits {
  const { settings, weights, biases } = checkpoint;
  if (settings.problem !== 'digits') throw new ConfigError('checkpoint.settings.problem', settings.problem, '"digits"');
  const text = settings.hidden;
  if (typeof text !== 'string') throw new ConfigError('checkpoint.settings.hidden', text, HIDDEN_ALLOWED);
  const hidden = text.trim() === '' ? [] : text.split(',').map((w) => (/^\s*[0-9]+\s*$/.test(w) ? Number(w) : NaN));
  let network: Network;
  try {
    network = Network.of(hidden);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError('checkpoint.settings.hidden', text, `${HIDDEN_ALLOWED}: ${error.allowed} (${error.field} is not)`);
  }
  const loss = settings.loss;
  if (!DIGITS_LOSSES.includes(loss as DigitsLoss)) throw new ConfigError('checkpoint.settings.loss', loss, `one of ${DIGITS_LOSSES.join(', ')}`);
  if (weights.length !== network.paramCount) {
    throw new ConfigError('checkpoint.weights.shape', [weights.length], `[${network.paramCount}], the weights of ${network.name} (checkpoint.settings.hidden ${JSON.stringify(text)})`);
  }
  if (biases === undefined) {
    throw new ConfigError('checkpoint.biases', 'no "biases" tensor', `an F32 tensor "biases" of shape [${network.biasCount}] (a digits network is its weights and its biases)`);
  }
  if (biases.length !== network.biasCount) {
    throw new ConfigError('checkpoint.biases.shape', [biases.length], `[${network.biasCount}], the biases of ${network.name} (every layer's, in layer order)`);
  }
  return { hiddenText: text, hidden, loss: loss as DigitsLoss, network, start: { weights, biases } };
}

/** Every layer's biases as views of `joined` (layer order, as a checkpoint holds them). */
export function splitBiases(network: Network, joined: Float32Array): Float32Array[] {
  let at = 0;
  return network.layers.map((layer) => joined.subarray(at, (at += layer.outputs)));
}

/** Every layer's biases joined in layer order (what a checkpoint holds). */
export function joinBiases(perLayer: readonly Float32Array[]): Float32Array {
  const joined = new Float32Array(perLayer.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of perLayer) {
    joined.set(b, at);
    at += b.length;
  }
  return joined;
}
