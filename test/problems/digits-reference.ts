/**
 * The digits network written out plainly in f64 for tests: dense loops straight from the
 * definitions (no transposes, no zero skipping), used to check the CPU backend's loops and,
 * by finite differences, its gradients. Test code only.
 */
import { CLASSES, IMAGE_PIXELS } from '../../src/problems/digits/asset-format.ts';
import { inputValue, type DigitsData } from '../../src/problems/digits/dataset.ts';
import type { Network } from '../../src/problems/digits/network.ts';
import type { DigitsLoss } from '../../src/problems/digits/settings.ts';

export interface Parameters {
  /** The engine's vector: every layer's W (outputs × inputs, row-major). */
  weights: ArrayLike<number>;
  /** Per layer. */
  biases: ArrayLike<number>[];
}

/** The 10 outputs for one digit. */
export function outputs(network: Network, p: Parameters, data: DigitsData, digit: number): number[] {
  let a = Array.from({ length: IMAGE_PIXELS }, (_, i) => inputValue(data.images.pixels[digit * IMAGE_PIXELS + i]!));
  network.layers.forEach((layer, l) => {
    a = Array.from({ length: layer.outputs }, (_, o) => {
      let z = p.biases[l]![o]!;
      for (let i = 0; i < layer.inputs; i++) z += p.weights[layer.offset + o * layer.inputs + i]! * a[i]!;
      return layer.relu ? Math.max(z, 0) : z;
    });
  });
  return a;
}

/** One digit's loss: Σ (z − t)² or −log softmax(z)_label. */
export function lossOf(loss: DigitsLoss, z: number[], label: number): number {
  if (loss === 'mse') return z.reduce((s, v, k) => s + (v - (k === label ? 1 : 0)) ** 2, 0);
  const top = Math.max(...z);
  return Math.log(z.reduce((s, v) => s + Math.exp(v - top), 0)) - (z[label]! - top);
}

/** E = the mean loss over `digits`. */
export function meanLoss(network: Network, p: Parameters, data: DigitsData, loss: DigitsLoss, digits: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < digits.length; r++) sum += lossOf(loss, outputs(network, p, data, digits[r]!), data.images.labels[digits[r]!]!);
  return sum / digits.length;
}

export { CLASSES };
