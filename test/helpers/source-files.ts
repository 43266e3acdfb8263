/**
 * The project's TypeScript sources as text, for tests that check dependency rules by
 * reading import lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceFile {
  /** Path relative to the folder asked for, with forward slashes. */
  name: string;
  text: string;
}

/** Every .ts file under `src/<folder>` (or all of src/ when folder is ''). */
export function sourceFiles(folder: string): SourceFile[] {
  const root = fileURLToPath(new URL(`../../src/${folder}`, import.meta.url));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  return walk(root).map((path) => ({ name: relative(root, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));
}
