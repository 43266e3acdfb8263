/**
 * From regression options to what train runs: the problem (generated, or the user's file
 * loaded), the checkpoints to resume, and each run's settings with the defaults that depend on
 * the data filled in: η = 1/L̂ (step-size.ts for generated data, dataset-problem.ts for a file),
 * λ = λ_max/8 rounded to two significant digits (computed only when a run needs it: it costs a
 * full gradient), the step count from --epochs, and about 20 snapshots a run. Every problem
 * found is a `ConfigError` naming the option; nothing has been trained or written yet.
 */
import { ConfigError } from '../engine/config-error.ts';
import {
  batchSize,
  checkRegressionRun,
  DatasetProblem,
  datasetLambdaMax,
  datasetStepSize,
  lambdaMax,
  RegressionProblem,
  suggestedStepSize,
  type RegressionRunSettings,
  type ResumePoint,
} from '../problems/regression/index.ts';
import { loadDataset } from './data-files.ts';
import { asOptionError, type RunName } from './option-table.ts';
import { DEFAULTS, REGRESSION_DEFAULTS, regulariserFor, type RegressionOptions, type RuleDefaults } from './options.ts';
import { checkpointPaths } from './outputs.ts';
import { readRegressionCheckpoint, resumedGeneratedSettings, resumedSplit, type ResumedRun, type SavedData, type SavedRegression } from './regression-checkpoint.ts';

/** λ_max is divided by this for the default λ: on the must-show data that gives the tests' 0.5. */
const LAMBDA_FRACTION = 8;

export interface PlannedRun {
  label: RunName;
  settings: RegressionRunSettings;
  resume: ResumePoint | null;
}

export interface RegressionPlan {
  problem: RegressionProblem | DatasetProblem;
  /** What a checkpoint records about the data. */
  data: SavedData;
  runs: PlannedRun[];
  /** The default η, 1/L̂. */
  stepSize: number;
  /** λ_max, when it was computed (a run took the default λ). */
  lambdaMax: number | null;
  /** The step the runs start from (0, or the checkpoint's). */
  firstStep: number;
  steps: number;
}

export function planRegression(options: RegressionOptions): RegressionPlan {
  try {
    return plan(options);
  } catch (error) {
    throw error instanceof ConfigError ? asOptionError(error) : error;
  }
}

function plan(options: RegressionOptions): RegressionPlan {
  const { source, rules } = options;
  // Resuming needs the run names before the problem: they name the checkpoint files.
  const resumed = options.resume === null ? null : resumedRuns(options);
  const labels = rules.names ?? [resumed ? resumed[0]!.saved.run : DEFAULTS.rule];

  let problem: RegressionProblem | DatasetProblem;
  let data: SavedData;
  if (source.kind === 'generated') {
    const settings = resumed ? resumedGeneratedSettings(source, resumed) : source.settings;
    problem = RegressionProblem.create(settings);
    data = { kind: 'generated', ...problem.settings };
  } else {
    const dataset = loadDataset(source.data, source.target);
    const split = resumed ? resumedSplit(source, resumed, dataset.featureCount) : source.split;
    problem = DatasetProblem.create(dataset, split);
    data = { kind: 'file', file: source.data, target: source.target, rows: dataset.sampleCount, features: dataset.featureCount, ...split };
  }

  const stepSize = problem instanceof DatasetProblem ? datasetStepSize(problem) : suggestedStepSize(problem.settings);
  let lambda: number | null = null;
  const strength = () => {
    lambda ??= problem instanceof DatasetProblem ? datasetLambdaMax(problem) : lambdaMax(problem);
    return Number((lambda / LAMBDA_FRACTION).toPrecision(2)) || 0;
  };
  const steps = stepCount(options, problem);
  const firstStep = resumed?.[0]?.checkpoint.step ?? 0;
  const snapshotEvery = options.snapshotEvery ?? Math.ceil(steps / REGRESSION_DEFAULTS.snapshots);
  const runs = labels.map((label, i): PlannedRun => {
    const from = resumed?.[i];
    const regulariser = regulariserFor(label, rules, lazyDefaults(stepSize, strength, from?.saved));
    const settings: RegressionRunSettings = { regulariser, steps, snapshotEvery, epsilon: options.epsilon, initScale: options.initScale };
    checkRegressionRun(settings);
    return { label, settings, resume: from ? { weights: from.checkpoint.weights, step: from.checkpoint.step } : null };
  });
  return { problem, data, runs, stepSize, lambdaMax: lambda, firstStep, steps };
}

/** η and λ defaults: a resumed checkpoint's own, else the data's (λ computed only if read). */
function lazyDefaults(stepSize: number, strength: () => number, saved: SavedRegression | undefined): RuleDefaults {
  return {
    lr: saved?.lr ?? stepSize,
    get l1() {
      return saved && saved.l1 > 0 ? saved.l1 : strength();
    },
    get l2() {
      return saved && saved.l2 > 0 ? saved.l2 : strength();
    },
  };
}

function resumedRuns(options: RegressionOptions): ResumedRun[] {
  const path = options.resume!;
  const names = options.rules.names;
  if (names === null) return [readRegressionCheckpoint(path)];
  const runs = checkpointPaths(path, names).map(readRegressionCheckpoint);
  const steps = new Set(runs.map((run) => run.checkpoint.step));
  if (steps.size > 1) throw new ConfigError('resume', path, `checkpoints of one lockstep run, all at the same step (found steps ${[...steps].join(', ')})`);
  return runs;
}

/** Steps from --steps, --epochs (passes over the training samples), or the default. */
function stepCount(options: RegressionOptions, problem: RegressionProblem | DatasetProblem): number {
  const { length } = options;
  if (length === null) return REGRESSION_DEFAULTS.steps;
  if ('steps' in length) return length.steps;
  return Math.ceil((length.epochs * problem.settings.samples) / batchSize(problem.settings));
}
