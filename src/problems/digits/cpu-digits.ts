/**
 * The digits network's passes on the CPU, for CPU engines: each run's weights are read from
 * its engine a layer at a time, the products are layers.ts and the losses loss.ts, and each
 * layer's gradient is written back into the engine. The digits of a step are turned into
 * inputs once and shared by every run; the work arrays are shared too (runs go one after
 * another), so a run costs only its biases. Scoring a whole set pauses for a macrotask after
 * each run's pass over each block of digits, so a page that runs it stays responsive.
 */
import type { Engine } from '../../engine/types.ts';
import { nextMacrotask } from '../macrotasks.ts';
import { CLASSES, IMAGE_PIXELS } from './asset-format.ts';
import type { DigitSet, DigitsBackend, LayerCount, SetScore } from './backend.ts';
import { inputValue, type DigitsData } from './dataset.ts';
import { biasStep, forwardLayer, inputGradient, transposeWeights, weightGradient } from './layers.ts';
import { digitLoss, gradientScale } from './loss.ts';
import type { Network } from './network.ts';
import type { DigitsLoss } from './settings.ts';

/** Digits per forward pass when scoring a whole set: bounds the activations' memory. */
const EVALUATION_ROWS = 500;

/** Pixel byte → input value, computed once. */
const INPUT_VALUES = Float32Array.from({ length: 256 }, (_, p) => inputValue(p));

interface RunState {
  engine: Engine;
  lr: number;
  biases: Float32Array[];
  training: SetScore;
}

export class CpuDigits implements DigitsBackend {
  readonly #network: Network;
  readonly #data: DigitsData;
  readonly #loss: DigitsLoss;
  readonly #runs: RunState[];
  readonly #input: Float32Array;
  /** Per layer: its outputs (after the ReLU for hidden layers) and ∂E/∂z. */
  readonly #outputs: Float32Array[];
  readonly #deltas: Float32Array[];
  readonly #wT: Float32Array[];
  readonly #gradient: Float32Array;
  readonly #acc: Float64Array;

  constructor(engines: readonly Engine[], lrs: readonly number[], network: Network, data: DigitsData, loss: DigitsLoss, batch: number) {
    this.#network = network;
    this.#data = data;
    this.#loss = loss;
    this.#runs = engines.map((engine, r) => ({
      engine,
      lr: lrs[r]!,
      biases: network.layers.map((layer) => new Float32Array(layer.outputs)),
      training: { lossSum: 0, correct: 0, count: 0 },
    }));
    const rows = Math.max(batch, EVALUATION_ROWS);
    this.#input = new Float32Array(rows * IMAGE_PIXELS);
    this.#outputs = network.layers.map((layer) => new Float32Array(rows * layer.outputs));
    this.#deltas = network.layers.map((layer) => new Float32Array(rows * layer.outputs));
    this.#wT = network.layers.map((layer) => new Float32Array(layer.weights));
    const largest = Math.max(...network.layers.map((layer) => layer.weights));
    this.#gradient = new Float32Array(largest);
    this.#acc = new Float64Array(Math.max(...network.layers.map((layer) => layer.outputs)));
  }

  async trainStep(batch: Uint32Array): Promise<void> {
    this.#gather(batch, 0, batch.length);
    const rows = batch.length;
    const { layers } = this.#network;
    for (const run of this.#runs) {
      await this.#forward(run, rows);
      const score = this.#score(batch, 0, rows, this.#deltas.at(-1)!);
      run.training.lossSum += score.lossSum;
      run.training.correct += score.correct;
      run.training.count += rows;
      for (let l = layers.length - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const x = l === 0 ? this.#input : this.#outputs[l - 1]!;
        const delta = this.#deltas[l]!;
        const gradient = this.#gradient.subarray(0, layer.weights);
        weightGradient(delta, x, rows, layer.inputs, layer.outputs, gradient, this.#acc);
        run.engine.writeGradient(gradient, layer.offset);
        if (l > 0) inputGradient(delta, this.#wT[l]!, x, rows, layer.inputs, layer.outputs, this.#deltas[l - 1]!);
        biasStep(delta, rows, layer.outputs, run.biases[l]!, run.lr);
      }
    }
  }

  async evaluate(set: DigitSet): Promise<SetScore[]> {
    const digits = set === 'train' ? this.#data.train : this.#data.heldOut;
    const scores = this.#runs.map(() => ({ lossSum: 0, correct: 0, count: digits.length }));
    for (let first = 0; first < digits.length; first += EVALUATION_ROWS) {
      const rows = Math.min(EVALUATION_ROWS, digits.length - first);
      this.#gather(digits, first, rows);
      for (const [r, run] of this.#runs.entries()) {
        await this.#forward(run, rows);
        const score = this.#score(digits, first, rows, this.#deltas.at(-1)!);
        scores[r]!.lossSum += score.lossSum;
        scores[r]!.correct += score.correct;
        // Scoring a set is seconds of work on a page's thread: let it paint between passes.
        await nextMacrotask();
      }
    }
    return scores;
  }

  async takeTrainingScores(): Promise<SetScore[]> {
    return this.#runs.map((run) => {
      const score = run.training;
      run.training = { lossSum: 0, correct: 0, count: 0 };
      return score;
    });
  }

  async layerCounts(epsilon: number): Promise<LayerCount[][]> {
    const bound = Math.fround(epsilon);
    const counts: LayerCount[][] = [];
    for (const run of this.#runs) {
      const perLayer: LayerCount[] = [];
      for (const layer of this.#network.layers) {
        const w = await run.engine.readWeights(layer.offset, layer.weights);
        let exactZeros = 0;
        let nearZeros = 0;
        for (let i = 0; i < w.length; i++) {
          const magnitude = Math.abs(w[i]!);
          if (magnitude === 0) exactZeros++;
          if (magnitude < bound) nearZeros++;
        }
        perLayer.push({ exactZeros, nearZeros });
      }
      counts.push(perLayer);
    }
    return counts;
  }

  async readBiases(): Promise<Float32Array[][]> {
    return this.#runs.map((run) => run.biases.map((b) => b.slice()));
  }

  writeBiases(perRun: readonly (readonly Float32Array[])[]): void {
    this.#network.checkBiases(perRun, this.#runs.length);
    this.#runs.forEach((run, r) => run.biases.forEach((b, l) => b.set(perRun[r]![l]!)));
  }

  destroy(): void {}

  /** Inputs of digits[first … first + rows) into the shared input rows. */
  #gather(digits: Uint32Array, first: number, rows: number): void {
    const { pixels } = this.#data.images;
    for (let r = 0; r < rows; r++) {
      const from = digits[first + r]! * IMAGE_PIXELS;
      const to = r * IMAGE_PIXELS;
      for (let i = 0; i < IMAGE_PIXELS; i++) this.#input[to + i] = INPUT_VALUES[pixels[from + i]!]!;
    }
  }

  /** Every layer's outputs for the first `rows` input rows, at the run's current weights. */
  async #forward(run: RunState, rows: number): Promise<void> {
    const { layers } = this.#network;
    for (const [l, layer] of layers.entries()) {
      const w = await run.engine.readWeights(layer.offset, layer.weights);
      transposeWeights(w, layer.outputs, layer.inputs, this.#wT[l]!);
      const x = l === 0 ? this.#input : this.#outputs[l - 1]!;
      forwardLayer(x, rows, layer.inputs, this.#wT[l]!, layer.outputs, run.biases[l]!, layer.relu, this.#outputs[l]!, this.#acc);
    }
  }

  /** The loss of the last forward pass over digits[first …], with ∂E/∂z into `delta`. */
  #score(digits: Uint32Array, first: number, rows: number, delta: Float32Array): SetScore {
    const { labels } = this.#data.images;
    const z = this.#outputs.at(-1)!;
    const scale = gradientScale(this.#loss, rows);
    let lossSum = 0;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      const result = digitLoss(this.#loss, z, r * CLASSES, CLASSES, labels[digits[first + r]!]!, scale, delta);
      lossSum += result.loss;
      if (result.correct) correct++;
    }
    return { lossSum, correct, count: rows };
  }
}
