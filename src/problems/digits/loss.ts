/**
 * The losses on the CPU, per digit, written from the maths; shaders/digits-loss.wgsl computes
 * the same on the GPU. z are the 10 outputs of the last layer (no squashing), t the one-hot
 * target of label y, m the digits in the minibatch:
 *   mse   E = (1/m)·Σ_digits Σ_k (z_k − t_k)²          ∂E/∂z_k = (2/m)·(z_k − t_k)
 *         the notebook's E0 = Σ (h(x) − y)² over the minibatch, divided by m
 *   xent  E = (1/m)·Σ_digits −log softmax(z)_y          ∂E/∂z_k = (1/m)·(softmax(z)_k − t_k)
 *         softmax(z)_k = exp(z_k − max z)/Σ_j exp(z_j − max z) (shifted: no overflow)
 * A digit is classified correctly when its largest output (the first, on a tie) is at y.
 * The factor in front of (z − t) or (softmax − t), `gradientScale` = f32(2/m) or f32(1/m), is
 * computed once on the host and used by both engines.
 */
import type { DigitsLoss } from './settings.ts';

/** f32(2/m) for mse, f32(1/m) for xent. */
export function gradientScale(loss: DigitsLoss, rows: number): number {
  return Math.fround((loss === 'mse' ? 2 : 1) / rows);
}

/**
 * The loss of one digit's outputs z[at … at + classes) with label y, writing ∂E/∂z (times
 * `scale`) into delta at the same place; returns the loss and whether the digit is classified
 * correctly.
 */
export function digitLoss(loss: DigitsLoss, z: Float32Array, at: number, classes: number, label: number, scale: number, delta: Float32Array): { loss: number; correct: boolean } {
  let best = 0;
  for (let k = 1; k < classes; k++) if (z[at + k]! > z[at + best]!) best = k;
  let value = 0;
  if (loss === 'mse') {
    for (let k = 0; k < classes; k++) {
      const diff = Math.fround(z[at + k]! - (k === label ? 1 : 0));
      value += diff * diff;
      delta[at + k] = scale * diff;
    }
  } else {
    const max = z[at + best]!;
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(z[at + k]! - max);
    for (let k = 0; k < classes; k++) delta[at + k] = scale * (Math.exp(z[at + k]! - max) / sum - (k === label ? 1 : 0));
    value = Math.log(sum) - (z[at + label]! - max);
  }
  return { loss: value, correct: best === label };
}
