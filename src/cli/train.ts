/**
 * `sparsewatch train`: checks the options, creates one CPU engine per run, steps the runs in
 * lockstep (each run's step k before any run's step k + 1, all from the same weights) and
 * writes snapshots and a summary as a table, JSON lines and, with --csv, CSV. The problem's
 * logic is src/problems/walkthrough.ts; the strings are train-report.ts.
 *
 * The engine is the CPU engine: GPU in Node needs Dawn's bindings (npm `webgpu`), not wired
 * in yet, so `--engine gpu` is refused and `--engine auto` says on stderr why it took the CPU.
 * Exit codes: 0 done, 1 failed while running, 2 bad options.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { encodeCheckpoint } from '../data/checkpoint.ts';
import { ConfigError } from '../engine/config-error.ts';
import { createCpuEngine } from '../engine/cpu/cpu-engine.ts';
import type { Engine } from '../engine/types.ts';
import { caveatsFor } from '../problems/walkthrough-caveats.ts';
import { runLabel, Walkthrough, walkthroughEngineOptions, type WalkthroughFrame } from '../problems/walkthrough.ts';
import { ENGINE_GPU_UNAVAILABLE, parseTrainArgs, TRAIN_USAGE, type TrainOptions } from './options.ts';
import { ProgressBar, type ProgressStream } from './progress-bar.ts';
import { csvHeader, csvRow, describeNearZero, shortF32, snapshotLine, summaryLine, summaryTable, tableHeader, tableRow, type RunFrame } from './train-report.ts';

export interface TrainIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Where the progress bar draws (a TTY only). */
  progress: ProgressStream;
}

const processIo: TrainIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  progress: process.stderr,
};

export async function runTrain(args: readonly string[], io: TrainIo = processIo): Promise<number> {
  let options: TrainOptions;
  try {
    options = parseTrainArgs(args);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(error.message);
    io.stderr('Run `sparsewatch train --help` for the options.');
    return 2;
  }
  if (options.help) {
    io.stdout(TRAIN_USAGE);
    return 0;
  }
  const files: number[] = [];
  try {
    // Opened before any work, so a path that cannot be written is an option error, not a lost run.
    let outputs: OutputFiles;
    try {
      const saves = options.save === null ? [] : checkpointPaths(options.save, options.runs.map((run) => runLabel(run.regulariser)));
      outputs = { csv: openForWriting('csv', options.csv, files), save: saves.map((path) => openForWriting('save', path, files)!) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr(error.message);
      return 2;
    }
    const why = options.engine === 'cpu' ? 'asked for with --engine cpu' : ENGINE_GPU_UNAVAILABLE;
    io.stderr(`CPU engine: ${why}`);
    const engines: Engine[] = [];
    try {
      return await train(options, engines, io, outputs);
    } finally {
      for (const engine of engines) engine.destroy();
    }
  } finally {
    for (const fd of files) closeSync(fd);
  }
}

/** A descriptor open for writing, or null without a path; a path that cannot be written is a ConfigError. */
function openForWriting(field: string, path: string | null, opened: number[]): number | null {
  if (path === null) return null;
  try {
    const fd = openSync(path, 'w');
    opened.push(fd);
    return fd;
  } catch (error) {
    throw new ConfigError(field, path, `a file that can be written (${(error as Error).message})`);
  }
}

interface OutputFiles {
  csv: number | null;
  /** One checkpoint file per run, in run order (none without --save). */
  save: number[];
}

/**
 * Where each run's checkpoint goes: FILE itself for one run; with several, FILE with the
 * run's name before the extension (w.safetensors → w.l1-prox.safetensors), so every file
 * is a plain sparsewatch checkpoint the app can load.
 */
export function checkpointPaths(path: string, labels: readonly string[]): string[] {
  if (labels.length === 1) return [path];
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const [stem, extension] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  return labels.map((label) => `${stem}.${label}${extension}`);
}

async function train(options: TrainOptions, engines: Engine[], io: TrainIo, { csv, save }: OutputFiles): Promise<number> {
  const settings = options.runs[0]!;
  const runs: Walkthrough[] = [];
  for (const run of options.runs) {
    const engine = createCpuEngine(walkthroughEngineOptions(run));
    engines.push(engine);
    runs.push(await Walkthrough.start(engine, run));
  }
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
    for (const run of runs) {
      const { lr, l1, l2 } = run.settings.regulariser;
      out(`  ${run.label}: η = ${lr}, λ1 = ${l1}, λ2 = ${l2} (per step in f32: ηλ1 = ${shortF32(run.params.l1Step)}, ηλ2 = ${shortF32(run.params.l2Decay)})`);
    }
    out(describeNearZero(first.nearZero));
    for (const caveat of caveats) out(`note: ${caveat.message}`);
    out('');
    out(tableHeader(tracked));
  }
  if (csv !== null) writeSync(csv, `${csvHeader(tracked)}\n`);
  const emit = (run: Walkthrough, frame: WalkthroughFrame) => {
    if (!frame.stats) return;
    const row: RunFrame = { run: run.label, frame: { ...frame, stats: frame.stats } };
    out(options.json ? snapshotLine(row) : tableRow(row));
    if (csv !== null) writeSync(csv, `${csvRow(row)}\n`);
  };

  for (const run of runs) emit(run, run.initial);
  for (let step = 1; step <= settings.steps; step++) {
    for (const run of runs) emit(run, await run.advance());
    bar.update(step);
  }
  bar.clear();

  const results = runs.map((run) => run.result());
  // writeFileSync, unlike one writeSync, keeps writing until a large checkpoint is all out.
  for (const [i, fd] of save.entries()) writeFileSync(fd, await checkpoint(runs[i]!, engines[i]!));
  if (options.json) {
    out(summaryLine(results, { engine: 'cpu', nearZero: first.nearZero, caveats }));
  } else {
    out('');
    for (const line of summaryTable(results)) out(line);
  }
  return 0;
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
