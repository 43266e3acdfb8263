/**
 * `--resume` for `--problem digits`: every run starts from its checkpoint's weights and biases
 * (one file per run, named as --save names them), checked against the network the file names
 * (src/problems/digits/digits-checkpoint.ts). The network (`hidden`, `loss`), the minibatch
 * and the seed default to the checkpoints', which must agree; a value typed differently for
 * the network is refused (the weights are of that network), while a typed batch or seed is
 * taken. The rule, η and λ default to each checkpoint's; typed ones override them. Steps
 * count from 0 again, over --epochs, as the app does after a load.
 *
 * Not here: reading the file (checkpoint-file.ts), running the group (digits-train.ts).
 */
import * as v from 'valibot';
import { toUpdateParams } from '../engine/checks.ts';
import { ConfigError } from '../engine/config-error.ts';
import { RULE_NAMES, type Regulariser } from '../engine/types.ts';
import { checkDigitsSettings, readDigitsCheckpoint, type DigitsSettings, type DigitsStart, type SavedDigits } from '../problems/digits/index.ts';
import { runLabel } from '../problems/walkthrough.ts';
import { readCheckpointFile, savedSettings } from './checkpoint-file.ts';
import { asOptionError, type RunName } from './option-table.ts';
import { DIGITS_RULE_DEFAULTS, regulariserFor, type DigitsOptions } from './options.ts';
import { checkpointPaths } from './outputs.ts';

export interface DigitsPlan {
  settings: DigitsSettings;
  runs: { label: string; regulariser: Regulariser }[];
  /** Per run, a checkpoint's weights and biases; undefined: from the seed. */
  from: DigitsStart[] | undefined;
  /** The step the checkpoints were saved at (0 without --resume). */
  resumedStep: number;
}

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const number = v.pipe(v.number(), v.finite());
/** What --save (and the app) write besides the network, which readDigitsCheckpoint checks. */
const SAVED = v.object({ rule: v.picklist(RULE_NAMES), lr: number, l1: number, l2: number, batch: v.pipe(count, v.minValue(1)), seed: count });

interface ResumedDigits {
  path: string;
  step: number;
  network: SavedDigits;
  saved: v.InferOutput<typeof SAVED>;
}

/** The run's settings, runs and starting points; throws `ConfigError` naming the option or the checkpoint's field. */
export function planDigits(options: DigitsOptions): DigitsPlan {
  if (options.resume === null) return { settings: options.settings, runs: options.runs, from: undefined, resumedStep: 0 };
  try {
    return resumedPlan(options, options.resume);
  } catch (error) {
    throw error instanceof ConfigError ? asOptionError(error) : error;
  }
}

function resumedPlan(options: DigitsOptions, path: string): DigitsPlan {
  const names = options.rules.names;
  const resumed = (names === null ? [path] : checkpointPaths(path, names)).map(readResumed);
  const first = resumed[0]!;
  for (const run of resumed) {
    const differs = (['hiddenText', 'loss'] as const).find((key) => run.network[key] !== first.network[key]);
    const field = (['batch', 'seed'] as const).find((key) => run.saved[key] !== first.saved[key]);
    if (differs || field || run.step !== first.step) {
      throw new ConfigError('resume', run.path, `checkpoints of one lockstep group: the same network, batch, seed and step (${first.path} holds ${first.network.network.name}, ${first.network.loss}, batch ${first.saved.batch}, seed ${first.saved.seed}, step ${first.step})`);
    }
  }
  const recorded = { hidden: first.network.hidden, loss: first.network.loss, batch: first.saved.batch, seed: first.saved.seed };
  for (const field of ['hidden', 'loss'] as const) {
    if (options.given.has(field) && JSON.stringify(options.settings[field]) !== JSON.stringify(recorded[field])) {
      const shown = field === 'hidden' ? first.network.hiddenText : recorded.loss;
      throw new ConfigError(field, field === 'hidden' ? options.settings.hidden.join(',') : options.settings.loss, `${JSON.stringify(shown)}, the value ${first.path} was trained with (leave it out to take the checkpoint's)`);
    }
  }
  const settings = { ...options.settings };
  for (const field of ['hidden', 'loss', 'batch', 'seed'] as const) {
    if (!options.given.has(field)) Object.assign(settings, { [field]: recorded[field] });
  }
  checkDigitsSettings(settings);
  const runs = resumed.map(({ saved }, i) => {
    const label = names?.[i] ?? (runLabel(saved) as RunName);
    const defaults = { lr: saved.lr, l1: saved.l1 > 0 ? saved.l1 : DIGITS_RULE_DEFAULTS.l1, l2: saved.l2 > 0 ? saved.l2 : DIGITS_RULE_DEFAULTS.l2 };
    const regulariser = regulariserFor(label, options.rules, defaults);
    toUpdateParams(regulariser);
    return { label, regulariser };
  });
  return { settings, runs, from: resumed.map((run) => run.network.start), resumedStep: first.step };
}

function readResumed(path: string): ResumedDigits {
  const checkpoint = readCheckpointFile(path);
  if (checkpoint.settings.problem !== 'digits') {
    throw new ConfigError('resume', path, `a checkpoint of --problem digits (this one is of ${JSON.stringify(checkpoint.settings.problem)})`);
  }
  const network = readDigitsCheckpoint(checkpoint);
  return { path, step: checkpoint.step, network, saved: savedSettings(SAVED, checkpoint.settings) };
}
