/**
 * `sparsewatch train --problem regression`: sparse recovery on generated data or a user's
 * file. regression-setup.ts turns the options into a plan (problem, runs, resume points);
 * here one engine per run is made, the runs are stepped in lockstep over the same data from
 * the same weights, and the metrics are written as a table, JSON lines and, with --csv, CSV;
 * with --save, a checkpoint per run records the weights, the step reached and what --resume
 * needs. The strings are regression-report.ts.
 */
import { encodeCheckpoint } from '../data/checkpoint.ts';
import type { Engine } from '../engine/types.ts';
import { RegressionRun, regressionEngineOptions, type RegressionFrame } from '../problems/regression/index.ts';
import { createEngines, type EngineMaker } from './engine-choice.ts';
import type { RegressionOptions } from './options.ts';
import { OutputFiles } from './outputs.ts';
import { ProgressBar } from './progress-bar.ts';
import type { SavedRegression } from './regression-checkpoint.ts';
import { csvHeader, csvRow, describeData, snapshotLine, summaryLine, summaryTable, tableHeader, tableRow } from './regression-report.ts';
import { planRegression, type RegressionPlan } from './regression-setup.ts';
import { describeNearZero, describeUpdate, showNumber } from './report-format.ts';
import type { TrainIo } from './train.ts';

export async function trainRegression(options: RegressionOptions, maker: EngineMaker, io: TrainIo): Promise<number> {
  const plan = planRegression(options);
  const outputs = OutputFiles.open(options.csv, options.save, plan.runs.map((run) => run.label));
  try {
    const engineOptions = plan.runs.map(() => regressionEngineOptions(plan.problem, options.initScale));
    const made = await createEngines(maker, engineOptions, options.engine === 'auto');
    io.stderr(made.maker.line);
    const runs: RegressionRun[] = [];
    try {
      for (const [i, run] of plan.runs.entries()) runs.push(await RegressionRun.start(made.engines[i]!, plan.problem, run.settings, run.resume ?? undefined));
      await train(options, plan, runs, made.engines, made.maker.kind, io, outputs);
    } finally {
      for (const run of runs) run.destroy();
      for (const engine of made.engines) engine.destroy();
    }
  } finally {
    outputs.close();
  }
  return 0;
}

async function train(options: RegressionOptions, plan: RegressionPlan, runs: RegressionRun[], engines: Engine[], engineKind: string, io: TrainIo, outputs: OutputFiles): Promise<void> {
  const bar = new ProgressBar(io.progress, plan.steps, 'train');
  const out = (line: string) => {
    bar.clear();
    io.stdout(line);
  };
  const first = runs[0]!;
  if (!options.json) {
    out(describeData(plan.data));
    const lambda = plan.lambdaMax === null ? '' : `; λ_max = ${showNumber(plan.lambdaMax)} (from λ1 = λ_max on, w = 0 is optimal)`;
    const from = plan.firstStep > 0 ? ` from step ${plan.firstStep.toLocaleString('en-US')} (resumed)` : '';
    out(`${plan.steps.toLocaleString('en-US')} steps${from}; 1/L̂ = ${showNumber(plan.stepSize)}${lambda}`);
    for (const run of runs) out(describeUpdate(run.label, run.settings.regulariser, run.params));
    out(describeNearZero(first.nearZero));
    out('');
    out(tableHeader());
  }
  outputs.writeCsv(csvHeader());
  const emit = (run: RegressionRun, frame: RegressionFrame) => {
    if (!frame.metrics) return;
    const row = { run: run.label, metrics: frame.metrics, rate: frame.rate };
    out(options.json ? snapshotLine(row) : tableRow(row));
    outputs.writeCsv(csvRow(row));
  };

  for (const run of runs) emit(run, { step: run.step, metrics: run.initial, rate: null });
  for (let step = 1; step <= plan.steps; step++) {
    for (const run of runs) emit(run, await run.advance());
    bar.update(step);
  }
  bar.clear();

  const results = runs.map((run) => run.result());
  for (const [i, run] of runs.entries()) {
    if (!outputs.saving) break;
    const settings: SavedRegression = { problem: 'regression', run: plan.runs[i]!.label, ...run.settings.regulariser, data: plan.data, initScale: options.initScale };
    outputs.writeCheckpoint(i, encodeCheckpoint({ weights: await engines[i]!.readWeights(), step: run.step, settings: { ...settings } }));
  }
  if (options.json) {
    out(summaryLine(results, { engine: engineKind, data: plan.data, paramCount: plan.problem.features, firstStep: plan.firstStep, lambdaMax: plan.lambdaMax, nearZero: first.nearZero }));
  } else {
    out('');
    for (const line of summaryTable(results)) out(line);
  }
}
