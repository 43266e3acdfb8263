/**
 * runRegression with no frame listener: every step is taken. (`onFrame?.(await run.advance())`
 * skips its argument, the step itself, when there is no listener: the loop then spun forever.)
 */
import { expect, test } from 'vitest';
import { createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import { RegressionProblem } from '../../src/problems/regression/problem.ts';
import { regressionEngineOptions, runRegression } from '../../src/problems/regression/regression-run.ts';
import { DEFAULT_REGRESSION } from '../../src/problems/regression/settings.ts';

test('runRegression without a frame listener takes every step', async () => {
  const problem = RegressionProblem.create({ ...DEFAULT_REGRESSION, features: 40, nonzeros: 2, samples: 20, testSamples: 5 });
  const engine = createCpuEngine(regressionEngineOptions(problem, 0));
  const result = await runRegression(engine, problem, { regulariser: { rule: 'none', lr: 0.01, l1: 0, l2: 0 }, steps: 3, snapshotEvery: 3, epsilon: 1e-3, initScale: 0 });
  expect(result.final.step).toBe(3);
  engine.destroy();
});
