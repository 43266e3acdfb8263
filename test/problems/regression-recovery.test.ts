/**
 * Sparse recovery on the CPU engine, run to convergence: the must-show (d = 10,000,
 * k = 20, n = 600, full batch) with l1-prox finds the support and zeroes the rest exactly,
 * and satisfies the Lasso optimality conditions; L2 on the same data zeroes nothing. Then the
 * claims the README makes: the step size bound holds against the data's own Lipschitz
 * constant, λ_max is where every weight stays 0, λ1 = 2·alpha gives scikit-learn's Lasso
 * solution (checked against a coordinate-descent solver written here), L1 keeps one feature of
 * a correlated group while L2 spreads weight over it, and minibatch runs are reproducible.
 */
import { describe, expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Engine } from '../../src/engine/types.ts';
import { feature, GROUP_SIZE, rowKeys } from '../../src/problems/regression/features.ts';
import { computeGradient } from '../../src/problems/regression/gradient.ts';
import { addPredictions, residualsOf } from '../../src/problems/regression/predict.ts';
import { RegressionProblem } from '../../src/problems/regression/problem.ts';
import { regressionEngineOptions, runRegression, type RegressionFrame, type RegressionResult, type RegressionRunSettings } from '../../src/problems/regression/regression-run.ts';
import { DEFAULT_REGRESSION, type RegressionSettings } from '../../src/problems/regression/settings.ts';
import { estimateLipschitz, lambdaMax, lipschitzBound, suggestedStepSize } from '../../src/problems/regression/step-size.ts';
import { lassoCoordinateDescent } from '../helpers/lasso.ts';
import { CONVERGED_STEPS, LAMBDA, MUST_SHOW, mustShowProblem, runSettings } from './regression-must-show.ts';

interface Outcome {
  result: RegressionResult;
  frames: RegressionFrame[];
  weights: Float32Array;
}

async function run(problem: RegressionProblem, settings: RegressionRunSettings): Promise<Outcome> {
  const engine: Engine = createCpuEngine(regressionEngineOptions(problem, settings.initScale));
  try {
    const frames: RegressionFrame[] = [];
    const result = await runRegression(engine, problem, settings, (frame) => frames.push(frame));
    return { result, frames, weights: await engine.readWeights() };
  } finally {
    engine.destroy();
  }
}

/** ∂E/∂w at `weights` over the whole training set, from the CPU loops. */
function fullGradient(problem: RegressionProblem, weights: Float32Array): Float32Array {
  const { train, settings } = problem;
  const predictions = new Float64Array(train.count);
  addPredictions(predictions, weights, 0, settings.featureKind, train);
  const gradient = new Float32Array(weights.length);
  computeGradient(gradient, 0, settings.featureKind, train, residualsOf(predictions, train), 2 / train.count);
  return gradient;
}

const problem = mustShowProblem();

describe('must-show: d = 10,000, k = 20, n = 600, full batch', () => {
  test('l1-prox converges to the true support with exact zeros everywhere else', async () => {
    const { result, frames, weights } = await run(problem, runSettings('l1-prox', CONVERGED_STEPS));
    const final = result.final;
    console.info(
      `l1-prox after ${CONVERGED_STEPS} steps: F1 ${final.supportF1}, exact zeros ${final.exactZeroFraction}, ` +
        `held-out loss ${final.heldOutLoss?.toFixed(4)}, ‖w − w*‖ ${final.distanceToTruth!.toFixed(4)}, ${result.stepsPerSecond.toFixed(1)} steps/s`,
    );
    expect(final.supportF1).toBeGreaterThanOrEqual(0.95);
    expect(final.exactZeroFraction).toBeGreaterThanOrEqual(0.95);
    expect(result.initial.exactZeroFraction).toBe(0);
    // Converged: the objective no longer moves, and the optimality (KKT) conditions hold.
    const objectives = frames.flatMap((f) => (f.metrics ? [f.metrics.objective] : []));
    const [before, after] = objectives.slice(-2) as [number, number];
    expect(Math.abs(before - after) / after).toBeLessThan(1e-5);
    const gradient = fullGradient(problem, weights);
    let offSupport = 0;
    let onSupport = 0;
    weights.forEach((w, j) => {
      if (w === 0) offSupport = Math.max(offSupport, Math.abs(gradient[j]!));
      else onSupport = Math.max(onSupport, Math.abs(gradient[j]! + LAMBDA * Math.sign(w)));
    });
    expect(offSupport).toBeLessThanOrEqual(LAMBDA);
    expect(onSupport).toBeLessThan(0.02 * LAMBDA);
    // The held-out loss fell from the variance of y to near σ² plus the shrinkage λ1 costs.
    expect(final.heldOutLoss!).toBeLessThan(result.initial.heldOutLoss! / 20);
    // The bins' near-zero count (|w| < 2^−10 here) includes every exact zero.
    expect(final.nearZeroFraction).toBeGreaterThanOrEqual(final.exactZeroFraction);
  }, 180_000); // a ceiling for a hung run: about 20 s on an idle 2-core machine

  test('l2 on the same data: no weight is exactly zero and the support is not found', async () => {
    // L2 zeroes nothing at any step (each weight only shrinks by a factor); 50 steps keep the test short.
    const { result, weights } = await run(problem, runSettings('l2', 50));
    console.info(`l2 after 50 steps: F1 ${result.final.supportF1}, exact zeros ${result.final.exactZeroFraction}, near zero ${result.final.nearZeroFraction}`);
    expect(result.final.exactZeroFraction).toBe(0);
    expect(weights.every((w) => w !== 0)).toBe(true);
    expect(result.final.supportF1).toBeLessThan(0.1);
  }, 180_000);
});

describe('the step size and λ', () => {
  test('η = 1/L̂ is safe: the power iteration finds L ≤ L̂·1.05, well inside the stable η < 2/L', () => {
    const estimated = estimateLipschitz(problem, 12);
    const bound = lipschitzBound(MUST_SHOW);
    expect(estimated).toBeGreaterThan(0.8 * bound);
    expect(estimated).toBeLessThan(1.05 * bound);
    expect(suggestedStepSize(MUST_SHOW) * estimated).toBeLessThan(1.05);
  }, 30_000);

  test('λ1 ≥ λ_max keeps w = 0 from a zero start; just below it some weight leaves 0', async () => {
    const small = RegressionProblem.create({ ...DEFAULT_REGRESSION, features: 500, nonzeros: 5, samples: 100, testSamples: 0 });
    const max = lambdaMax(small);
    const lr = suggestedStepSize(small.settings);
    const at = (l1: number) => run(small, { regulariser: { rule: 'l1-prox', lr, l1, l2: 0 }, steps: 5, snapshotEvery: 5, epsilon: 1e-3, initScale: 0 });
    expect((await at(max * 1.001)).result.final.nonzeros).toBe(0);
    expect((await at(max * 0.95)).result.final.nonzeros).toBeGreaterThan(0);
  });

  test('λ1 = 2·alpha: l1-prox reaches the minimiser of scikit-learn Lasso’s (1/2n)‖y − Xw‖² + alpha‖w‖₁', async () => {
    const settings: RegressionSettings = { ...DEFAULT_REGRESSION, features: 40, nonzeros: 4, samples: 120, testSamples: 0, seed: 5 };
    const small = RegressionProblem.create(settings);
    const alpha = 0.05;
    const { weights, result } = await run(small, { regulariser: { rule: 'l1-prox', lr: suggestedStepSize(settings), l1: 2 * alpha, l2: 0 }, steps: 3_000, snapshotEvery: 3_000, epsilon: 1e-6, initScale: 0 });
    const reference = lassoCoordinateDescent(designMatrix(small), small.train.targets, alpha);
    expect(Array.from(weights, (w) => w !== 0)).toEqual(Array.from(reference, (w) => w !== 0));
    reference.forEach((w, j) => expect(weights[j]).toBeCloseTo(w, 4));
    expect(result.final.nonzeros).toBe(reference.filter((w) => w !== 0).length);
  }, 30_000);
});

/** The training set's features built from `feature` (the definition, not the fast loops), in f64, row by row. */
function designMatrix(problem: RegressionProblem): Float64Array[] {
  const { features: d, samples: n, featureKind } = problem.settings;
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, j) => feature(featureKind, rowKeys(problem.keys, i), j)));
}

describe('correlated features: groups of four sharing a latent factor (correlation 0.5)', () => {
  test('L1 keeps the true feature of each group and zeroes its three mates; L2 spreads weight over them', async () => {
    const correlated = RegressionProblem.create({ ...DEFAULT_REGRESSION, features: 400, nonzeros: 5, samples: 200, testSamples: 0, noise: 0.3, featureKind: 'correlated' });
    const lr = suggestedStepSize(correlated.settings);
    const steps = { steps: 400, snapshotEvery: 400, epsilon: 1e-3, initScale: 0 };
    const l1 = await run(correlated, { regulariser: { rule: 'l1-prox', lr, l1: 0.3, l2: 0 }, ...steps });
    const l2 = await run(correlated, { regulariser: { rule: 'l2', lr, l1: 0, l2: 0.3 }, ...steps });
    const shares: number[] = [];
    for (const j of correlated.truth.indices) {
      const mates = [0, 1, 2, 3].map((k) => j - (j % GROUP_SIZE) + k).filter((k) => k !== j);
      const share = (w: Float32Array) => mates.reduce((s, k) => s + Math.abs(w[k]!), 0) / (Math.abs(w[j]!) + mates.reduce((s, k) => s + Math.abs(w[k]!), 0));
      expect(l1.weights[j]).not.toBe(0);
      expect(mates.map((k) => l1.weights[k])).toEqual([0, 0, 0]);
      expect(mates.every((k) => l2.weights[k] !== 0)).toBe(true);
      shares.push(share(l2.weights));
    }
    console.info(`correlated: L2 gives the group mates ${shares.map((x) => x.toFixed(2)).join(', ')} of each group's |w|; L1 gives them 0`);
    expect(Math.min(...shares)).toBeGreaterThan(0.25);
    expect(l1.result.final.supportF1).toBe(1);
  }, 30_000);
});

describe('minibatches', () => {
  test('a minibatch run is reproducible, learns, and is not the full-batch run', async () => {
    const settings = { ...DEFAULT_REGRESSION, features: 300, nonzeros: 5, samples: 200, testSamples: 50, batch: 32 };
    const minibatch = RegressionProblem.create(settings);
    const runWith = (p: RegressionProblem) =>
      run(p, { regulariser: { rule: 'l1-prox', lr: suggestedStepSize(p.settings), l1: 0.3, l2: 0 }, steps: 60, snapshotEvery: 60, epsilon: 1e-3, initScale: 0 });
    const [a, b] = [await runWith(minibatch), await runWith(RegressionProblem.create(settings))];
    expect(a.weights).toEqual(b.weights);
    expect(a.result.final.heldOutLoss!).toBeLessThan(a.result.initial.heldOutLoss! / 2);
    // The same data, all 200 rows a step: other steps, other weights.
    const full = await runWith(RegressionProblem.create({ ...settings, batch: 'full' }));
    expect(full.weights).not.toEqual(a.weights);
  }, 30_000);
});
