/**
 * The regression problem's public face, for the command line and the app: settings and their
 * checks, the problem, the run driver, the metrics, and choosing η and λ. The GPU side is not
 * exported: the run loads it by itself when handed a WebGPU engine, so importing this module
 * never pulls in WGSL or WebGPU code.
 */
export type { RegressionBackend } from './backend.ts';
export { meanSquare, regressionMetrics, type RegressionMetrics } from './metrics.ts';
export { DatasetProblem, datasetLambdaMax, datasetStepSize, type DatasetSplit } from './dataset-problem.ts';
export { RegressionProblem, selectRows, type RegressionData, type RowSet, type Truth } from './problem.ts';
export {
  checkRegressionRun,
  MAX_STEPS,
  regressionBackend,
  RegressionRun,
  regressionEngineOptions,
  runRegression,
  type RegressionFrame,
  type RegressionRate,
  type RegressionResult,
  type RegressionRunSettings,
  type ResumePoint,
} from './regression-run.ts';
export {
  batchSize,
  checkRegressionSettings,
  DEFAULT_REGRESSION,
  FEATURE_KINDS,
  MAX_NOISE,
  MAX_NONZEROS,
  MAX_SAMPLES,
  type FeatureKind,
  type RegressionSettings,
} from './settings.ts';
export { SampleOrder } from './sample-order.ts';
export { estimateLipschitz, lambdaMax, lipschitzBound, suggestedStepSize } from './step-size.ts';
