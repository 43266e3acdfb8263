/**
 * src/data runs in the browser as well as in Node and takes bytes or text, never paths:
 * no Node built-ins, no network, nothing from the UI, the engines or the CLI.
 */
import { expect, test } from 'vitest';
import { sourceFiles } from '../helpers/source-files.ts';

const FILES = sourceFiles('data');
const ALLOWED = /^(\.\/[a-z-]+\.ts|\.\.\/engine\/config-error\.ts|papaparse)$/;

test('the data modules are found', () => {
  expect(FILES.map((f) => f.name)).toEqual(expect.arrayContaining(['csv.ts', 'npy.ts', 'safetensors.ts', 'checkpoint.ts']));
});

test.each(FILES)('$name imports only src/data, the ConfigError and papaparse; no dynamic loading or fetching', ({ text }) => {
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  for (const specifier of specifiers) expect(specifier).toMatch(ALLOWED);
  expect(text).not.toMatch(/\bimport\(|\brequire\(|\bfetch\(|XMLHttpRequest|\bprocess\./);
});
