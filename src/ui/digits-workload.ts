/**
 * The digits problem (src/problems/digits/) as a page workload: the network's size per run
 * (its weight count, with the CPU engine's cap reported against `hidden`), the digits loaded
 * once per page from the committed asset, the problem's settings from the page's, and a
 * DigitsLoop as the session's loop, started from the seed or from a checkpoint's weights and
 * biases. The runs' weights are the driver's to write, so each run
 * has nothing of its own between steps; the scatter samples the first layer's first weights.
 *
 * How often the metrics come: every snapshot scores all 2,000 held-out digits (one forward
 * pass each) against a step's 3·batch passes (forward and backward), so snapshots are spaced
 * for that pass to take about METRICS_BUDGET of the training time.
 *
 * Not here: the loop (digits-loop.ts, loaded with the asset on first use, so a page that never
 * runs digits loads neither), the maths (src/problems/digits/).
 */
import { ConfigError } from '../engine/config-error.ts';
import type { EngineKind, Regulariser } from '../engine/types.ts';
import type { DigitsData } from '../problems/digits/dataset.ts';
import { Network } from '../problems/digits/network.ts';
import { DEFAULT_DIGITS, MAX_EPOCHS, type DigitsSettings } from '../problems/digits/settings.ts';
import { resolveSize, type DefaultSizes } from './engines.ts';
import { MAX_DIGITS_WEIGHTS, resolveParams, type Settings } from './settings.ts';
import { weightsOnlyRun, type Workload } from './workloads.ts';

/** η when the settings leave it empty: the README's Digits figures were measured with it. */
export const DIGITS_LR = 0.5;
/** The share of training time the held-out pass of a snapshot may take. */
export const METRICS_BUDGET = 0.2;
/** Snapshots (metrics) at least and at most this many steps apart. */
export const SNAPSHOT_EVERY_RANGE = [5, 500] as const;

/** Steps between snapshots for `heldOut` digits scored against `batch` digits a step. */
export function digitsSnapshotEvery(batch: number, heldOut: number): number {
  const [least, most] = SNAPSHOT_EVERY_RANGE;
  return Math.min(most, Math.max(least, Math.ceil(heldOut / (3 * batch) / METRICS_BUDGET)));
}

/** The driver's settings for the page's: it runs until paused (as many epochs as the driver allows). */
export function digitsSettings(settings: Pick<Settings, 'hidden' | 'loss' | 'batch' | 'seed' | 'epsilon'>, heldOut: number): DigitsSettings {
  const batch = settings.batch ?? DEFAULT_DIGITS.batch;
  return { hidden: settings.hidden, loss: settings.loss, batch, epochs: MAX_EPOCHS, seed: settings.seed, snapshotEvery: digitsSnapshotEvery(batch, heldOut), epsilon: settings.epsilon };
}

/** Weights per run: the network's, whichever the engine. */
export function digitsSizes(hidden: readonly number[]): DefaultSizes {
  const weights = Network.of(hidden).paramCount;
  return { webgpu: weights, cpu: weights };
}

/** The network's size on an engine kind, or a ConfigError naming `hidden` when that engine refuses it. */
export function digitsSize(kind: EngineKind, hidden: readonly number[]): number {
  const sizes = digitsSizes(hidden);
  try {
    return resolveSize(kind, null, sizes);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw hiddenRefused(hidden, error);
  }
}

/** The CPU engine's refusal of a network's size (a `size` ConfigError), said of the hidden layers. */
export function hiddenRefused(hidden: readonly number[], refusal: ConfigError): ConfigError {
  const max = refusal.allowed.replace(/^a whole number from 1 to ([\d,]+).*$/, '$1');
  return new ConfigError(
    'hidden',
    hidden.join(','),
    `layers with at most ${max} weights in all on the CPU engine (these have ${Number(refusal.value).toLocaleString('en-US')}; WebGPU takes up to ${MAX_DIGITS_WEIGHTS.toLocaleString('en-US')})`,
  );
}

let loading: Promise<DigitsData> | null = null;

/** The digits, fetched once per page (again after a failure). */
function digitsData(): Promise<DigitsData> {
  loading ??= import('../problems/digits/load-browser.ts')
    .then(({ loadDigitsUrl }) => loadDigitsUrl())
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}

export function digitsWorkload(settings: Settings, paramCount: number): Workload {
  const network = Network.of(settings.hidden);
  if (network.paramCount !== paramCount) throw new ConfigError('size', paramCount, `${network.paramCount} (the weights of ${network.name})`);
  const regularisers: Regulariser[] = settings.runs.map((run) => resolveParams(run, DIGITS_LR).regulariser);
  const batch = settings.batch ?? DEFAULT_DIGITS.batch;
  return {
    id: 'digits',
    paramCount,
    // The driver writes each layer's own starting scale over this draw (network.ts).
    init: { kind: 'symmetric', scale: network.layers[0]!.initScale, seed: settings.seed },
    suggestedLr: DIGITS_LR,
    truth: null,
    measureEvery: 0,
    summary:
      `A ${network.name} network (ReLU) on real MNIST digits: 8,000 to train on, 2,000 held out, ` +
      `${settings.loss === 'xent' ? 'softmax cross-entropy' : 'squared error'}, batches of ${batch}. Biases are not regularised.`,
    createRun: async (engine) => {
      await digitsData(); // a failed download stops the setup before the running session is touched
      return weightsOnlyRun(engine, 'digits are measured by their loop');
    },
    createLoop: async (engines, options, start) => {
      const [data, { DigitsLoop }] = await Promise.all([digitsData(), import('./digits-loop.ts')]);
      // A start without biases is refused by the driver, naming them (checkpoint-load.ts never makes one).
      const from = start ? engines.map(() => ({ weights: start.weights, biases: start.biases ?? new Float32Array(0) })) : undefined;
      return DigitsLoop.start(engines, data, digitsSettings(settings, data.heldOut.length), regularisers, options, from);
    },
  };
}
