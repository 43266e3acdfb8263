/**
 * The regression metrics of one snapshot, from what can be had without reading the whole
 * parameter vector back: the engine's snapshot (exact-zero count, power-of-two bins, ‖w‖₁,
 * ‖w‖₂²), the weights on the truth's support (k of them), and the residuals of the training
 * and held-out sets (n + n_test floats).
 *   loss          (1/n)·Σ r_i² over the training set (f64 sum of f32 residuals)
 *   heldOutLoss   the same over the held-out set (null without held-out samples)
 *   objective     loss + λ1·‖w‖₁ + (λ2/2)·‖w‖₂²: what the update rules minimise
 *   support       predicted = the nonzero weights (N − exact zeros); true positives = the
 *                 nonzero weights on supp(w*); precision = TP/predicted (0 when nothing is
 *                 predicted), recall = TP/k, F1 their harmonic mean (0 when both are 0);
 *                 null, like distanceToTruth, when the truth is unknown (a user's data)
 *   distanceToTruth  ‖w − w*‖₂ = √(‖w‖₂² − Σ_{S} w_j² + Σ_{S} (w_j − w*_j)²), S = supp(w*):
 *                 the off-support part comes from the snapshot's f32 ‖w‖₂², so distances
 *                 below about 1e-3·‖w‖₂ are not resolved (clamped at 0)
 *   near zero     |w| < ε, counted from the bins as near-zero.ts explains
 *
 * Not here: producing any of the inputs (regression-run.ts asks the backend and the engine).
 */
import { BIN_ZERO } from '../../engine/stats-layout.ts';
import type { Regulariser, Snapshot } from '../../engine/types.ts';
import { countFromBins } from '../near-zero.ts';
import type { Truth } from './problem.ts';

/** Named as the command line's JSON names them. */
export interface RegressionMetrics {
  step: number;
  loss: number;
  heldOutLoss: number | null;
  objective: number;
  exactZeroFraction: number;
  nearZeroFraction: number;
  /** The support metrics and the distance are null when there is no truth (a user's data). */
  supportPrecision: number | null;
  supportRecall: number | null;
  supportF1: number | null;
  distanceToTruth: number | null;
  /** Weights not exactly zero (NaN and ±Inf count as nonzero). */
  nonzeros: number;
  l1Norm: number;
  l2NormSquared: number;
}

export interface MetricInputs {
  snapshot: Snapshot;
  /** The weights at `truth.indices`, in that order (empty without a truth). */
  supportWeights: Float32Array;
  truth: Truth | null;
  trainResiduals: Float32Array;
  testResiduals: Float32Array;
  regulariser: Regulariser;
  epsilon: number;
}

/** (1/m)·Σ r², or null for no rows. */
export function meanSquare(residuals: Float32Array): number | null {
  if (residuals.length === 0) return null;
  let sum = 0;
  for (const r of residuals) sum += r * r;
  return sum / residuals.length;
}

type TruthMetrics = Pick<RegressionMetrics, 'supportPrecision' | 'supportRecall' | 'supportF1' | 'distanceToTruth'>;

function truthMetrics(truth: Truth | null, supportWeights: Float32Array, nonzeros: number, l2NormSquared: number): TruthMetrics {
  if (!truth) return { supportPrecision: null, supportRecall: null, supportF1: null, distanceToTruth: null };
  let truePositives = 0;
  let onSupport = 0;
  let errorOnSupport = 0;
  supportWeights.forEach((w, s) => {
    if (w !== 0) truePositives++;
    onSupport += w * w;
    errorOnSupport += (w - truth.values[s]!) ** 2;
  });
  const precision = nonzeros > 0 ? truePositives / nonzeros : 0;
  const recall = truePositives / truth.indices.length;
  return {
    supportPrecision: precision,
    supportRecall: recall,
    supportF1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    distanceToTruth: Math.sqrt(Math.max(0, l2NormSquared - onSupport + errorOnSupport)),
  };
}

/** `step` is the run's step count (it differs from the engine's after a resume). */
export function regressionMetrics(input: MetricInputs, step: number = input.snapshot.step): RegressionMetrics {
  const { snapshot, regulariser } = input;
  const n = snapshot.paramCount;
  const nonzeros = n - snapshot.counts[BIN_ZERO]!;
  const loss = meanSquare(input.trainResiduals) ?? 0;
  return {
    step,
    loss,
    heldOutLoss: meanSquare(input.testResiduals),
    objective: loss + regulariser.l1 * snapshot.l1Norm + (regulariser.l2 / 2) * snapshot.l2NormSquared,
    exactZeroFraction: snapshot.counts[BIN_ZERO]! / n,
    nearZeroFraction: countFromBins(snapshot.counts, input.epsilon) / n,
    ...truthMetrics(input.truth, input.supportWeights, nonzeros, snapshot.l2NormSquared),
    nonzeros,
    l1Norm: snapshot.l1Norm,
    l2NormSquared: snapshot.l2NormSquared,
  };
}
