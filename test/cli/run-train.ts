/**
 * `sparsewatch train` in process, as the executable runs it but with its output captured: the
 * exit code, stdout's lines, stderr's lines, and the JSON lines parsed. No progress bar (the
 * stream is not a terminal) and no relaunch (the GPU engine's tests run the executable).
 */
import { runTrain } from '../../src/cli/train.ts';

export interface TrainOutcome {
  code: number;
  stdout: string[];
  stderr: string[];
}

export async function train(...args: string[]): Promise<TrainOutcome> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runTrain(args, { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line), progress: { isTTY: false, write: () => true } });
  return { code, stdout, stderr };
}

export type JsonLine = Record<string, unknown>;

export const jsonLines = (stdout: readonly string[]): JsonLine[] => stdout.map((line) => JSON.parse(line) as JsonLine);

/** The summary's runs, by name. */
export function summaryRuns(lines: readonly JsonLine[]): Record<string, JsonLine & { metrics: Record<string, number | null> }> {
  const summary = lines.at(-1)!;
  if (summary.type !== 'summary') throw new Error(`the last line is not a summary: ${JSON.stringify(summary)}`);
  return Object.fromEntries((summary.runs as (JsonLine & { run: string; metrics: Record<string, number | null> })[]).map((run) => [run.run, run]));
}
