/**
 * The digits metrics of one run at one snapshot, from what the backend and the engine report
 * (never the whole parameter vector read back):
 *   trainLoss, trainAccuracy   over the training digits of the steps since the previous
 *                              snapshot, each scored at the weights it was trained at (a
 *                              running mean, as Keras reports it; free, since the training
 *                              pass computes it); null at step 0
 *   heldOutLoss, heldOutAccuracy  over all held-out digits at the snapshot's weights
 *   exactZeroFraction          weights exactly 0 (the engine's zero bin) over all weights
 *   nearZeroFraction           weights with |w| < ε, counted exactly (not from the bins)
 *   layers                     both fractions per layer, input side first
 *   l1Norm, l2NormSquared      ‖W‖₁ and ‖W‖₂² of the weights (the engine's f32 sums)
 *   stepsPerSecond             lockstep steps per second of training since the previous
 *                              snapshot (every run takes one step per lockstep step)
 *   parametersPerSecond        weights updated per second by the whole group: steps/s ×
 *                              weights × runs
 * Losses are per digit (loss.ts), so the held-out and training losses compare directly.
 * Biases are in neither the fractions nor the norms: the regulariser never touches them.
 */
import { BIN_ZERO } from '../../engine/stats-layout.ts';
import type { Snapshot } from '../../engine/types.ts';
import type { LayerCount, SetScore } from './backend.ts';
import type { Network } from './network.ts';

export interface DigitsLayerMetrics {
  inputs: number;
  outputs: number;
  weights: number;
  exactZeroFraction: number;
  nearZeroFraction: number;
}

/** Named as the command line's JSON will name them. */
export interface DigitsMetrics {
  step: number;
  /** Passes over the training set so far: step · batch / training digits. */
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  heldOutLoss: number | null;
  heldOutAccuracy: number | null;
  exactZeroFraction: number;
  nearZeroFraction: number;
  layers: DigitsLayerMetrics[];
  l1Norm: number;
  l2NormSquared: number;
  stepsPerSecond: number | null;
  parametersPerSecond: number | null;
}

export interface MetricInputs {
  network: Network;
  step: number;
  epoch: number;
  snapshot: Snapshot;
  training: SetScore;
  heldOut: SetScore;
  counts: readonly LayerCount[];
  /** Lockstep steps per second since the previous snapshot, or null at step 0. */
  stepsPerSecond: number | null;
  runs: number;
}

const mean = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);

export function digitsMetrics(input: MetricInputs): DigitsMetrics {
  const { network, snapshot, training, heldOut, counts, stepsPerSecond } = input;
  const n = network.paramCount;
  const nearZeros = counts.reduce((sum, c) => sum + c.nearZeros, 0);
  return {
    step: input.step,
    epoch: input.epoch,
    trainLoss: mean(training.lossSum, training.count),
    trainAccuracy: mean(training.correct, training.count),
    heldOutLoss: mean(heldOut.lossSum, heldOut.count),
    heldOutAccuracy: mean(heldOut.correct, heldOut.count),
    exactZeroFraction: snapshot.counts[BIN_ZERO]! / n,
    nearZeroFraction: nearZeros / n,
    layers: network.layers.map((layer, l) => ({
      inputs: layer.inputs,
      outputs: layer.outputs,
      weights: layer.weights,
      exactZeroFraction: counts[l]!.exactZeros / layer.weights,
      nearZeroFraction: counts[l]!.nearZeros / layer.weights,
    })),
    l1Norm: snapshot.l1Norm,
    l2NormSquared: snapshot.l2NormSquared,
    stepsPerSecond,
    parametersPerSecond: stepsPerSecond === null ? null : stepsPerSecond * n * input.runs,
  };
}
