/**
 * The must-show regression, shared by the CPU test (test/problems/) and the GPU test
 * (test/gpu/): d = 10,000 features, k = 20 nonzeros, n = 600 samples, full batch, Gaussian-like
 * features, σ = 0.5. η = 1/L̂ from the Marchenko–Pastur bound (step-size.ts; the power
 * iteration on these data finds L within 5% of it). λ1 = 0.5 is about λ_max/8 and 2.9 times the
 * universal threshold σ·√(2 ln d / n) in scikit-learn's alpha (λ1 = 2·alpha); λ2 = 0.5 for L2,
 * the same strength. ISTA identifies the support in about 160 steps; by 300 its objective moves
 * less than 1e-5 (relative) over 50 steps.
 */
import type { Regulariser, RuleName } from '../../src/engine/types.ts';
import { RegressionProblem } from '../../src/problems/regression/problem.ts';
import type { RegressionRunSettings } from '../../src/problems/regression/regression-run.ts';
import type { RegressionSettings } from '../../src/problems/regression/settings.ts';
import { suggestedStepSize } from '../../src/problems/regression/step-size.ts';

export const MUST_SHOW: RegressionSettings = {
  features: 10_000,
  nonzeros: 20,
  samples: 600,
  testSamples: 400,
  noise: 0.5,
  featureKind: 'gaussian',
  batch: 'full',
  seed: 1,
};

export const LAMBDA = 0.5;
/** Steps by which l1-prox has converged on these data (support found at ~160; the objective moves < 1e-5 over the last 50). */
export const CONVERGED_STEPS = 300;

export function mustShowProblem(): RegressionProblem {
  return RegressionProblem.create(MUST_SHOW);
}

export function regulariser(rule: Extract<RuleName, 'l1-prox' | 'l2'>): Regulariser {
  const lr = suggestedStepSize(MUST_SHOW);
  return rule === 'l2' ? { rule, lr, l1: 0, l2: LAMBDA } : { rule, lr, l1: LAMBDA, l2: 0 };
}

export function runSettings(rule: Extract<RuleName, 'l1-prox' | 'l2'>, steps: number, snapshotEvery = 50): RegressionRunSettings {
  return { regulariser: regulariser(rule), steps, snapshotEvery, epsilon: 1e-3, initScale: 0.01 };
}
