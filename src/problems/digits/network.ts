/**
 * The digits network's shape: 784 inputs, the hidden ReLU layers, 10 outputs, and where each
 * layer's weights sit in the engine's parameter vector; and the starting weights.
 *
 * Layer l maps `inputs` to `outputs` with weights W (outputs × inputs, row-major: row o holds
 * the weights into unit o, so a first-layer row is a 28×28 image) and a bias per output.
 * Every layer's W lies in the engine's vector, layer after layer from index 0: those, and
 * only those, are what the regulariser acts on. The biases are not in the vector: each run
 * keeps them beside the engine and moves them by a plain gradient step b ← b − η·∂E/∂b with
 * the run's η and no penalty, whatever the rule, so L1 and L2 act on weights only.
 *
 * Starting weights are the engine's counter-based hash draws (the `symmetric` WeightInit,
 * identical on both engines), with a scale per layer: He-uniform √(6/inputs) for layers
 * followed by a ReLU (variance 2/inputs), Glorot-uniform √(6/(inputs + outputs)) for the
 * output layer. Biases start at 0.
 */
import { ConfigError } from '../../engine/config-error.ts';
import { initWeights } from '../../engine/cpu/init-weights.ts';
import type { Engine, EngineOptions } from '../../engine/types.ts';
import { CLASSES, IMAGE_PIXELS } from './asset-format.ts';
import { checkHidden, MAX_WEIGHTS, type DigitsSettings } from './settings.ts';

export interface LayerShape {
  inputs: number;
  outputs: number;
  /** Index of W[0, 0] in the engine's parameter vector (a multiple of 4). */
  offset: number;
  /** outputs · inputs. */
  weights: number;
  /** Half-width of the uniform starting draw. */
  initScale: number;
  /** ReLU after this layer (every layer but the last). */
  relu: boolean;
}

export class Network {
  readonly layers: readonly LayerShape[];
  /** Weights in all layers: the engine's parameter count. */
  readonly paramCount: number;
  /** Biases in all layers (kept beside the engine). */
  readonly biasCount: number;

  private constructor(hidden: readonly number[]) {
    const widths = [IMAGE_PIXELS, ...hidden, CLASSES];
    let offset = 0;
    this.layers = widths.slice(1).map((outputs, l) => {
      const inputs = widths[l]!;
      const relu = l < widths.length - 2;
      const layer = { inputs, outputs, offset, weights: inputs * outputs, initScale: Math.sqrt(6 / (relu ? inputs : inputs + outputs)), relu };
      offset += layer.weights;
      return layer;
    });
    this.paramCount = offset;
    this.biasCount = widths.slice(1).reduce((n, w) => n + w, 0);
  }

  /** Throws `ConfigError` for bad hidden widths or a network past MAX_WEIGHTS. */
  static of(hidden: readonly number[]): Network {
    checkHidden(hidden);
    const network = new Network(hidden);
    if (network.paramCount > MAX_WEIGHTS) {
      throw new ConfigError('hidden', [...hidden], `layers with at most ${MAX_WEIGHTS.toLocaleString('en-US')} weights in all (these have ${network.paramCount.toLocaleString('en-US')})`);
    }
    return network;
  }

  /** 784-256-10 */
  get name(): string {
    return [IMAGE_PIXELS, ...this.layers.map((l) => l.outputs)].join('-');
  }

  get output(): LayerShape {
    return this.layers.at(-1)!;
  }

  /** Throws RangeError unless `perRun` holds `runs` lists of one array per layer, each of the layer's width. */
  checkBiases(perRun: readonly (readonly Float32Array[])[], runs: number): void {
    const fits = (biases: readonly Float32Array[]) => biases.length === this.layers.length && biases.every((b, l) => b.length === this.layers[l]!.outputs);
    if (perRun.length !== runs || !perRun.every(fits)) {
      throw new RangeError(`biases: ${runs} run(s) of ${this.layers.length} layer(s) of widths ${this.layers.map((l) => l.outputs).join(', ')} expected`);
    }
  }
}

/** What to create each run's engine with (`createCpuEngine`, `createGpuEngine`, `createEngine`). */
export function digitsEngineOptions(settings: DigitsSettings): EngineOptions {
  const network = Network.of(settings.hidden);
  // The engine's own draw is replaced layer by layer at the start of a run (writeStartingWeights).
  return { paramCount: network.paramCount, init: { kind: 'symmetric', scale: network.layers[0]!.initScale, seed: settings.seed } };
}

/** Values written at a time: the extra memory stays 4 MiB whatever the network. */
const CHUNK = 1 << 20;

/** Writes every layer's starting weights into `engine`: the hash draw of (seed, index) times the layer's scale. */
export function writeStartingWeights(engine: Engine, network: Network, seed: number): void {
  const chunk = new Float32Array(Math.min(CHUNK, network.paramCount));
  for (const layer of network.layers) {
    for (let start = 0; start < layer.weights; start += CHUNK) {
      const values = chunk.subarray(0, Math.min(CHUNK, layer.weights - start));
      initWeights(values, { kind: 'symmetric', scale: layer.initScale, seed }, layer.offset + start);
      engine.writeWeights(values, layer.offset + start);
    }
  }
}
