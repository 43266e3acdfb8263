/**
 * Choosing η and λ1 from the problem. E(w) = (1/m)·‖Xw − y‖² has Hessian H = 2·XᵀX/m, and a
 * gradient step converges when η < 2/L, L = λmax(H); ISTA (l1-prox) decreases the objective
 * every step when η ≤ 1/L.
 *   lipschitzBound   L̂ = 2·‖Σ‖·(1 + √(d/m))², Σ the features' covariance: the edge of the
 *                    Marchenko–Pastur law (Bai–Yin), which λmax(XᵀX/m) approaches for
 *                    independent rows; free to compute at any size. η = 1/L̂ stays stable
 *                    even if the true L is up to twice L̂.
 *   estimateLipschitz  the data's own L by power iteration (H·v is the gradient of E with
 *                    every target 0), on the CPU: O(d·n) per iteration, for moderate sizes.
 *   lambdaMax        ‖∇E(0)‖∞ = max_j |(2/n)·Σ_i y_i·x_ij|: the smallest λ1 at which w = 0 is
 *                    optimal (glmnet's λ_max). Useful λ1 lie below it (glmnet's path ends at
 *                    λ_max/100 to λ_max/10,000). Also O(d·n) on the CPU.
 * With a minibatch, m is the batch size: each step's H is built from b rows, and its λmax is
 * larger than the full batch's.
 */
import { initWeights } from '../../engine/cpu/init-weights.ts';
import { covarianceNorm } from './features.ts';
import { computeGradient } from './gradient.ts';
import { addPredictions, residualsOf } from './predict.ts';
import { withoutTargets, type RegressionProblem } from './problem.ts';
import { batchSize, type RegressionSettings } from './settings.ts';

export function lipschitzBound(settings: RegressionSettings): number {
  const ratio = Math.sqrt(settings.features / batchSize(settings));
  return 2 * covarianceNorm(settings.featureKind) * (1 + ratio) ** 2;
}

/** η = 1/L̂: safe at any size (see the module comment). */
export function suggestedStepSize(settings: RegressionSettings): number {
  return 1 / lipschitzBound(settings);
}

/**
 * λmax(2·XᵀX/n) over the full training set by `iterations` power iterations from a hashed
 * start; each estimate is a Rayleigh quotient, so it approaches L from below.
 */
export function estimateLipschitz(problem: RegressionProblem, iterations = 20): number {
  const { features: d, featureKind } = problem.settings;
  const rows = withoutTargets(problem.train);
  const v = new Float32Array(d);
  initWeights(v, { kind: 'symmetric', scale: 1, seed: problem.settings.seed });
  const hv = new Float32Array(d);
  let estimate = 0;
  for (let k = 0; k < iterations; k++) {
    let squares = 0;
    for (const x of v) squares += x * x;
    const norm = Math.sqrt(squares);
    for (let j = 0; j < d; j++) v[j] = v[j]! / norm;
    const predictions = new Float64Array(rows.count);
    addPredictions(predictions, v, 0, featureKind, rows);
    computeGradient(hv, 0, featureKind, rows, residualsOf(predictions, rows), 2 / rows.count);
    // vᵀHv with ‖v‖ = 1.
    estimate = 0;
    for (let j = 0; j < d; j++) estimate += v[j]! * hv[j]!;
    v.set(hv);
  }
  return estimate;
}

export function lambdaMax(problem: RegressionProblem): number {
  const { features: d, featureKind } = problem.settings;
  const { train } = problem;
  const gradient = new Float32Array(d);
  // At w = 0 every residual is −y.
  computeGradient(gradient, 0, featureKind, train, train.targets.map((y) => -y), 2 / train.count);
  return gradient.reduce((max, g) => Math.max(max, Math.abs(g)), 0);
}

