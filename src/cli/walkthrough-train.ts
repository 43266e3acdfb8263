/**
 * `sparsewatch train --problem walkthrough`: one engine per run, the runs stepped in lockstep
 * (each run's step k before any run's step k + 1, all from the same weights), snapshots and a
 * summary as a table, JSON lines and, with --csv, CSV, and with --save a checkpoint per run.
 * The problem's logic is src/problems/walkthrough.ts; the strings are walkthrough-report.ts.
 */
import { encodeCheckpoint } from '../data/checkpoint.ts';
import type { Engine } from '../engine/types.ts';
import { caveatsFor } from '../problems/walkthrough-caveats.ts';
import { runLabel, Walkthrough, walkthroughEngineOptions, type WalkthroughFrame } from '../problems/walkthrough.ts';
import { createEngines, type EngineMaker } from './engine-choice.ts';
import type { WalkthroughOptions } from './options.ts';
import { OutputFiles } from './outputs.ts';
import { ProgressBar } from './progress-bar.ts';
import { describeNearZero, describeUpdate } from './report-format.ts';
import type { TrainIo } from './train.ts';
import { csvHeader, csvRow, snapshotLine, summaryLine, summaryTable, tableHeader, tableRow, type RunFrame } from './walkthrough-report.ts';

export async function trainWalkthrough(options: WalkthroughOptions, maker: EngineMaker, io: TrainIo): Promise<number> {
  const outputs = OutputFiles.open(options.csv, options.save, options.runs.map((run) => runLabel(run.regulariser)));
  try {
    const made = await createEngines(maker, options.runs.map(walkthroughEngineOptions), options.engine === 'auto');
    io.stderr(made.maker.line);
    try {
      await train(options, made.engines, made.maker.kind, io, outputs);
    } finally {
      for (const engine of made.engines) engine.destroy();
    }
  } finally {
    outputs.close();
  }
  return 0;
}

async function train(options: WalkthroughOptions, engines: Engine[], engineKind: string, io: TrainIo, outputs: OutputFiles): Promise<void> {
  const settings = options.runs[0]!;
  const runs: Walkthrough[] = [];
  for (const [i, run] of options.runs.entries()) runs.push(await Walkthrough.start(engines[i]!, run));
  const first = runs[0]!;
  const tracked = first.initial.weights.length;
  const caveats = caveatsFor(options.runs);
  const bar = new ProgressBar(io.progress, settings.steps, 'train');
  const out = (line: string) => {
    bar.clear();
    io.stdout(line);
  };

  if (!options.json) {
    const n = first.initial.stats!.paramCount;
    const weights = settings.weights.kind === 'given' ? `w0 = ${settings.weights.w0.join(', ')}` : `${n.toLocaleString('en-US')} weights drawn in (0, 1), seed ${settings.weights.seed}`;
    out(`walkthrough: ${weights}; gradient 0 (penalty only); ${settings.steps.toLocaleString('en-US')} steps`);
    for (const run of runs) out(describeUpdate(run.label, run.settings.regulariser, run.params));
    out(describeNearZero(first.nearZero));
    for (const caveat of caveats) out(`note: ${caveat.message}`);
    out('');
    out(tableHeader(tracked));
  }
  outputs.writeCsv(csvHeader(tracked));
  const emit = (run: Walkthrough, frame: WalkthroughFrame) => {
    if (!frame.stats) return;
    const row: RunFrame = { run: run.label, frame: { ...frame, stats: frame.stats } };
    out(options.json ? snapshotLine(row) : tableRow(row));
    outputs.writeCsv(csvRow(row));
  };

  for (const run of runs) emit(run, run.initial);
  for (let step = 1; step <= settings.steps; step++) {
    for (const run of runs) emit(run, await run.advance());
    bar.update(step);
  }
  bar.clear();

  const results = runs.map((run) => run.result());
  if (outputs.saving) for (const [i, run] of runs.entries()) outputs.writeCheckpoint(i, await checkpoint(run, engines[i]!));
  if (options.json) {
    out(summaryLine(results, { engine: engineKind, nearZero: first.nearZero, caveats }));
  } else {
    out('');
    for (const line of summaryTable(results)) out(line);
  }
}

/** One run's weights after the last step as a sparsewatch checkpoint (safetensors: tensor `weights`). */
async function checkpoint(run: Walkthrough, engine: Engine): Promise<Uint8Array> {
  const { regulariser, weights, steps } = run.settings;
  return encodeCheckpoint({
    weights: await engine.readWeights(),
    step: steps,
    settings: { problem: 'walkthrough', run: run.label, ...regulariser, weights },
  });
}
