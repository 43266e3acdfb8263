/**
 * Reading a `--resume` file: its bytes (a file that cannot be read is refused naming
 * `resume`), decoded as a sparsewatch checkpoint (src/data/checkpoint.ts), and its settings
 * checked against the schema of what `--save` writes for the problem, a mismatch refused
 * naming `checkpoint.settings.<field>`. Each problem's own module (regression-checkpoint.ts,
 * digits-resume.ts) says which settings it needs and what they must agree with.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { decodeCheckpoint, type Checkpoint } from '../data/checkpoint.ts';
import { ConfigError } from '../engine/config-error.ts';

/** The checkpoint at `path`; throws `ConfigError` naming `resume` or the checkpoint's field. */
export function readCheckpointFile(path: string): Checkpoint {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ConfigError('resume', path, `a sparsewatch checkpoint that can be read (${(error as Error).message}); with --runs, one file per run, named as --save names them`);
  }
  return decodeCheckpoint(bytes);
}

/** The settings as `schema` reads them; throws `ConfigError` naming the first field that is not what --save writes. */
export function savedSettings<S extends v.GenericSchema>(schema: S, settings: Record<string, unknown>): v.InferOutput<S> {
  const result = v.safeParse(schema, settings);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = `checkpoint.settings.${v.getDotPath(issue) ?? ''}`.replace(/\.$/, '');
  throw new ConfigError(field, issue.input, `what sparsewatch --save writes (${issue.expected ?? issue.message})`);
}
