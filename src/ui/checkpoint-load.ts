/**
 * What loading a checkpoint does to the page, decided before anything changes: the draft the
 * page takes (the checkpoint's problem, with its seed, run 1's rule, η and λ, and for a digits
 * network its hidden widths, loss and batch) and where every run starts (the file's weights,
 * and a digits network's biases). Every reason to refuse the file is a `ConfigError` naming
 * the checkpoint's field, its value and what is allowed, so the page can say so and keep its
 * session as it was. A digits checkpoint must fit the network it names
 * (src/problems/digits/digits-checkpoint.ts); a file without biases cannot start a digits
 * page, and a file with them starts nothing else.
 *
 * Not here: reading the file, applying the draft and restarting the runs (sparsewatch-app.ts).
 */
import type { Checkpoint } from '../data/checkpoint.ts';
import { ConfigError } from '../engine/config-error.ts';
import type { EngineKind } from '../engine/types.ts';
import { readDigitsCheckpoint, type SavedDigits } from '../problems/digits/digits-checkpoint.ts';
import { digitsSize } from './digits-workload.ts';
import { resolveSize } from './engines.ts';
import type { ProblemId } from './problems.ts';
import { checkField, defaultDraft, parseSettings, type SettingsDraft } from './settings.ts';

export interface CheckpointPage {
  /** The page's draft now. */
  draft: SettingsDraft;
  /** The engine kind of the running session. */
  kind: EngineKind;
  /** The loaded table's feature count, if a CSV is loaded. */
  featureCount: number | undefined;
}

/** Where every run starts after a load. */
export interface CheckpointStart {
  weights: Float32Array;
  /** A digits network's biases, every layer's in layer order. */
  biases?: Float32Array;
}

export interface CheckpointLoad {
  draft: SettingsDraft;
  start: CheckpointStart;
  /** The step the file was saved at (the runs count from 0 again). */
  step: number;
}

/** Settings taken from the checkpoint when present: its key → the form's field (run 1's for the rule). */
const TAKEN = { seed: 'seed', rule: 'rule1', lr: 'lr', l1: 'l1_1', l2: 'l2_1' } as const;
/** Besides those, a digits checkpoint's minibatch (its hidden widths and loss are required). */
const TAKEN_DIGITS = { ...TAKEN, batch: 'batch' } as const;

/** Throws `ConfigError` naming the checkpoint's field unless the page can load the file. */
export function checkpointLoad(checkpoint: Checkpoint, page: CheckpointPage): CheckpointLoad {
  const { weights, biases, settings } = checkpoint;
  const problem = settings.problem;
  const digits = problem === 'digits';
  if (!digits && page.draft.problem === 'digits') {
    throw new ConfigError(
      'checkpoint.settings.problem',
      problem,
      '"digits" on a page running digits, with the biases (this file is not a digits network; switch the page to its problem first)',
    );
  }
  if (!digits && biases !== undefined) {
    throw new ConfigError('checkpoint.biases', `[${biases.length}]`, `none: only a digits checkpoint holds biases (checkpoint.settings.problem is ${JSON.stringify(problem)})`);
  }
  let draft = { ...page.draft };
  if (problem !== undefined && problem !== draft.problem) {
    checkField('problem', problem, 'checkpoint.settings.problem');
    draft = { ...defaultDraft(problem as ProblemId), seed: draft.seed };
  }
  const saved = digits ? digitsNetwork(checkpoint, draft, page.kind) : null;
  if (!saved) sizeFor(weights, draft, page);
  for (const [key, field] of Object.entries(digits ? TAKEN_DIGITS : TAKEN)) {
    if (!(key in settings)) continue;
    const value = settings[key];
    checkField(field, value, `checkpoint.settings.${key}`);
    (draft as Record<string, unknown>)[field] = value;
  }
  try {
    parseSettings(draft);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(`checkpoint.settings.${error.field}`, error.value, error.allowed);
  }
  return { draft, start: saved ? saved.start : { weights }, step: checkpoint.step };
}

/** The digits network the file names, checked against its tensors and this page's engine; into the draft. */
function digitsNetwork(checkpoint: Checkpoint, draft: SettingsDraft, kind: EngineKind): SavedDigits {
  const saved = readDigitsCheckpoint(checkpoint);
  // The page's own cap on weights, then the engine's (the CPU engine takes fewer).
  checkField('hidden', saved.hiddenText, 'checkpoint.settings.hidden');
  try {
    digitsSize(kind, saved.hidden);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError('checkpoint.settings.hidden', saved.hiddenText, error.allowed);
  }
  draft.hidden = saved.hiddenText;
  draft.loss = saved.loss;
  draft.size = null;
  return saved;
}

/** The other problems: the weights are the size, which the engine must take (a CSV's: the table's width). */
function sizeFor(weights: Float32Array, draft: SettingsDraft, page: CheckpointPage): void {
  checkField('size', weights.length, 'checkpoint.weights.shape');
  if (draft.problem === 'csv' && weights.length !== page.featureCount) {
    throw new ConfigError('checkpoint.weights.shape', [weights.length], `[${page.featureCount ?? 'the loaded table’s feature count'}] for the loaded table`);
  }
  draft.size = draft.problem === 'csv' ? null : weights.length;
  try {
    resolveSize(page.kind, weights.length, { webgpu: weights.length, cpu: weights.length });
  } catch (error) {
    throw new ConfigError('checkpoint.weights.shape', [weights.length], (error as ConfigError).allowed);
  }
}
