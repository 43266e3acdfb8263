/**
 * `sparsewatch train`: checks the options, picks the engine (engine-choice.ts, which may ask
 * for the command to be relaunched on SwiftShader), and hands over to the problem's trainer
 * (walkthrough-train.ts, regression-train.ts, digits-train.ts). A bad option, file or setting found before the
 * first step is one line on stderr naming the field, the value and what is allowed.
 *
 * Exit codes: 0 done, 1 failed while running (or --engine gpu with no GPU to be had), 2 bad
 * options or input files.
 */
import { ConfigError } from '../engine/config-error.ts';
import { trainDigits } from './digits-train.ts';
import { chooseEngine } from './engine-choice.ts';
import { parseTrainArgs, type TrainOptions } from './options.ts';
import type { ProgressStream } from './progress-bar.ts';
import { trainRegression } from './regression-train.ts';
import { TRAIN_USAGE } from './train-usage.ts';
import { trainWalkthrough } from './walkthrough-train.ts';

export interface TrainIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Where the progress bar draws (a TTY only). */
  progress: ProgressStream;
  /**
   * Runs this same command again with extra environment and resolves to its exit code; absent
   * where the command cannot be rerun (a test calling runTrain in process).
   */
  relaunch?: (env: Record<string, string>) => Promise<number>;
}

/** Why a run on the user's data takes the CPU engine. */
export const DATA_ON_CPU = 'a run on --data computes its sums on the CPU (the GPU kernels generate their features)';

export async function runTrain(args: readonly string[], io: TrainIo): Promise<number> {
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
  const onData = options.problem === 'regression' && options.source.kind === 'file';
  const decision = await chooseEngine(options.engine, onData ? DATA_ON_CPU : null);
  if (decision.kind === 'relaunch' && io.relaunch) {
    io.stderr('GPU engine: no adapter in this process; running again on SwiftShader, a software Vulkan driver');
    return io.relaunch(decision.env);
  }
  if (decision.kind !== 'ready') {
    const reason = decision.kind === 'unavailable' ? decision.reason : 'SwiftShader needs a relaunch, which this caller cannot do';
    io.stderr(`error: --engine gpu: no WebGPU device: ${reason}. Use --engine auto or cpu for the CPU engine.`);
    return 1;
  }
  try {
    if (options.problem === 'digits') return await trainDigits(options, decision.maker, io);
    return options.problem === 'walkthrough' ? await trainWalkthrough(options, decision.maker, io) : await trainRegression(options, decision.maker, io);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(error.message);
    return 2;
  } finally {
    decision.maker.close();
  }
}
