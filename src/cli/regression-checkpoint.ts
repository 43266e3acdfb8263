/**
 * Regression checkpoints on the command line: what `--save` records beside the weights (the
 * run's rule, η and λ, and what the data were), and `--resume`, which reads those files back
 * and checks they fit the problem the options describe. A checkpoint is a plain sparsewatch
 * checkpoint (src/data/checkpoint.ts); its settings are checked here with a valibot schema, so
 * a file from elsewhere, or edited, is refused naming the field at fault.
 *
 * Resuming generated data takes every data setting the user did not type from the checkpoint,
 * and refuses one typed differently (the weights were trained on other data). Resuming on a
 * user's file needs the same --data again and checks the feature count. The rule, η and λ
 * default to the checkpoint's; typed ones override them (say, to continue with a smaller λ).
 */
import * as v from 'valibot';
import type { Checkpoint } from '../data/checkpoint.ts';
import { ConfigError } from '../engine/config-error.ts';
import { RULE_NAMES, type Regulariser } from '../engine/types.ts';
import { checkRegressionSettings, FEATURE_KINDS, type DatasetSplit, type RegressionSettings } from '../problems/regression/index.ts';
import { readCheckpointFile, savedSettings } from './checkpoint-file.ts';
import { RUN_NAMES, type RunName } from './option-table.ts';
import type { FileSource, GeneratedSource } from './options.ts';

/** What the data were, as a checkpoint records them. */
export type SavedData =
  | ({ kind: 'generated' } & RegressionSettings)
  | { kind: 'file'; file: string; target: string | null; rows: number; features: number; testSamples: number; batch: number | 'full'; seed: number };

export interface SavedRegression extends Regulariser {
  problem: 'regression';
  run: RunName;
  data: SavedData;
  initScale: number;
}

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const batch = v.union([v.literal('full'), v.pipe(count, v.minValue(1))]);
const number = v.pipe(v.number(), v.finite());
const SAVED = v.object({
  problem: v.literal('regression'),
  run: v.picklist(RUN_NAMES),
  rule: v.picklist(RULE_NAMES),
  lr: number,
  l1: number,
  l2: number,
  initScale: number,
  data: v.variant('kind', [
    v.object({
      kind: v.literal('generated'),
      features: count,
      nonzeros: count,
      samples: count,
      testSamples: count,
      noise: number,
      featureKind: v.picklist(FEATURE_KINDS),
      batch,
      seed: count,
    }),
    v.object({
      kind: v.literal('file'),
      file: v.string(),
      target: v.nullable(v.string()),
      rows: count,
      features: count,
      testSamples: count,
      batch,
      seed: count,
    }),
  ]),
});

export interface ResumedRun {
  path: string;
  checkpoint: Checkpoint;
  saved: SavedRegression;
}

/** Reads and checks one checkpoint; throws `ConfigError` naming `resume` or the checkpoint's field. */
export function readRegressionCheckpoint(path: string): ResumedRun {
  const checkpoint = readCheckpointFile(path);
  if (checkpoint.settings.problem !== 'regression') {
    throw new ConfigError('resume', path, `a checkpoint of --problem regression (this one is of ${JSON.stringify(checkpoint.settings.problem)})`);
  }
  if (checkpoint.biases !== undefined) throw new ConfigError('checkpoint.biases', `[${checkpoint.biases.length}]`, 'none (a regression has weights only)');
  const saved = savedSettings(SAVED, checkpoint.settings) as SavedRegression;
  if (saved.data.features !== checkpoint.weights.length) {
    throw new ConfigError('resume', path, `a checkpoint with one weight per feature (it records ${saved.data.features} features and holds ${checkpoint.weights.length} weights)`);
  }
  return { path, checkpoint, saved };
}

/**
 * The generated data a resumed run continues on: the checkpoint's settings, with any the user
 * typed checked against them. All checkpoints of a lockstep resume must agree.
 */
export function resumedGeneratedSettings(source: GeneratedSource, resumed: readonly ResumedRun[]): RegressionSettings {
  let settings: RegressionSettings | null = null;
  for (const { path, saved } of resumed) {
    if (saved.data.kind !== 'generated') {
      throw new ConfigError('resume', path, `a checkpoint of a run on generated data (this one was trained on --data ${saved.data.file}; give --data again)`);
    }
    const { kind: _kind, ...recorded } = saved.data;
    for (const field of source.given) {
      if (source.settings[field] !== recorded[field]) {
        throw new ConfigError(field, source.settings[field], `${JSON.stringify(recorded[field])}, the value ${path} was trained with (leave it out to take the checkpoint's)`);
      }
    }
    if (settings && JSON.stringify(settings) !== JSON.stringify(recorded)) {
      throw new ConfigError('resume', path, `checkpoints of runs on the same data (${resumed[0]!.path} was trained on other settings)`);
    }
    settings = recorded;
  }
  return checkRegressionSettings(settings!);
}

/**
 * The split a resumed run on the user's file continues with: the checkpoint's, with any the
 * user typed checked against it; the file must have the checkpoint's feature count.
 */
export function resumedSplit(source: FileSource, resumed: readonly ResumedRun[], features: number): DatasetSplit {
  let split: DatasetSplit | null = null;
  for (const { path, saved } of resumed) {
    if (saved.data.kind !== 'file') {
      throw new ConfigError('resume', path, 'a checkpoint of a run on --data (this one was trained on generated data; leave out --data)');
    }
    if (saved.data.features !== features) {
      throw new ConfigError('resume', path, `a checkpoint with ${features} weights, one per feature of ${source.data} (this one holds ${saved.data.features}, from ${saved.data.file})`);
    }
    const { testSamples, batch, seed } = saved.data;
    const recorded: DatasetSplit = { testSamples, batch, seed };
    for (const field of source.given) {
      if (source.split[field] !== recorded[field]) {
        throw new ConfigError(field, source.split[field], `${JSON.stringify(recorded[field])}, the value ${path} was trained with (leave it out to take the checkpoint's)`);
      }
    }
    split = recorded;
  }
  return split!;
}
