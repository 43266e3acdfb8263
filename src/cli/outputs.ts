/**
 * The files `sparsewatch train` writes: `--csv` (metrics per snapshot) and `--save` (one
 * checkpoint per run). They are opened before the first step, so a path that cannot be written
 * is an option error (exit 2) rather than a run lost at the end; and after any `--resume`
 * file is read, so saving over the checkpoint one resumes from is safe.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { ConfigError } from '../engine/config-error.ts';

/**
 * Where each run's checkpoint goes (and, for --resume, comes from): FILE itself for one run;
 * with several, FILE with the run's name before the extension (w.safetensors →
 * w.l1-prox.safetensors), so every file is a plain sparsewatch checkpoint the app can load.
 */
export function checkpointPaths(path: string, labels: readonly string[]): string[] {
  if (labels.length === 1) return [path];
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const [stem, extension] = dot > slash + 1 ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  return labels.map((label) => `${stem}.${label}${extension}`);
}

export class OutputFiles {
  readonly #csv: number | null;
  /** One descriptor per run, in run order (none without --save). */
  readonly #save: number[];

  private constructor(csv: number | null, save: number[]) {
    this.#csv = csv;
    this.#save = save;
  }

  /** Opens (truncating) every file; throws `ConfigError` on `csv` or `save`, with nothing left open. */
  static open(csv: string | null, save: string | null, labels: readonly string[]): OutputFiles {
    const opened: number[] = [];
    try {
      const csvFile = csv === null ? null : openForWriting('csv', csv, opened);
      const saveFiles = save === null ? [] : checkpointPaths(save, labels).map((path) => openForWriting('save', path, opened));
      return new OutputFiles(csvFile, saveFiles);
    } catch (error) {
      for (const fd of opened) closeSync(fd);
      throw error;
    }
  }

  get saving(): boolean {
    return this.#save.length > 0;
  }

  writeCsv(line: string): void {
    if (this.#csv !== null) writeSync(this.#csv, `${line}\n`);
  }

  /** Run `run`'s checkpoint. writeFileSync, unlike one writeSync, keeps writing until a large file is all out. */
  writeCheckpoint(run: number, bytes: Uint8Array): void {
    writeFileSync(this.#save[run]!, bytes);
  }

  close(): void {
    for (const fd of [this.#csv, ...this.#save]) if (fd !== null) closeSync(fd);
  }
}

function openForWriting(field: string, path: string, opened: number[]): number {
  try {
    const fd = openSync(path, 'w');
    opened.push(fd);
    return fd;
  } catch (error) {
    throw new ConfigError(field, path, `a file that can be written (${(error as Error).message})`);
  }
}
