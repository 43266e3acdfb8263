/**
 * The engine's dependency rules, read from import lines (STYLE.md): the CPU engine never
 * reaches GPU code or WebGPU globals; only engine/gpu/shaders.ts imports WGSL (the
 * benchmark's naive baseline, which is not an engine kernel, imports its own); the engine
 * imports no DOM framework; the WGSL repeats the snapshot layout's numbers exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as layout from '../../src/engine/stats-layout.ts';
import { sourceFiles } from '../helpers/source-files.ts';

const FILES = sourceFiles('');

function imports(text: string): string[] {
  return [...text.matchAll(/from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe('engine architecture', () => {
  const cpu = FILES.filter((f) => f.name.startsWith('engine/cpu/'));
  const engine = FILES.filter((f) => f.name.startsWith('engine/'));

  test('the files are found', () => {
    expect(cpu.length).toBeGreaterThanOrEqual(3);
    expect(engine.length).toBeGreaterThan(cpu.length);
  });

  test.each(cpu)('$name: no GPU imports, no WebGPU globals', ({ text }) => {
    expect(imports(text).filter((s) => s.includes('/gpu/') || s.includes('wgsl'))).toEqual([]);
    expect(text).not.toMatch(/\b(navigator\.gpu|GPUBufferUsage|GPUDevice|GPUMapMode)\b/);
  });

  test.each(FILES)('$name: only engine/gpu/shaders.ts imports WGSL', ({ name, text }) => {
    if (name !== 'engine/gpu/shaders.ts' && !name.startsWith('bench/')) expect(imports(text).filter((s) => s.includes('.wgsl'))).toEqual([]);
  });

  test.each(engine)('$name: no Lit, no Chart.js, no UI', ({ text }) => {
    expect(imports(text).filter((s) => s.startsWith('lit') || s.startsWith('chart.js') || s.includes('/ui/'))).toEqual([]);
  });

  test('the WGSL bin constants are the snapshot layout', () => {
    const source = readFileSync(new URL('../../shaders/update.wgsl', import.meta.url), 'utf8');
    const constants = Object.fromEntries([...source.matchAll(/^const (BIN_\w+|COUNT_\w+|COUNTER_COUNT) = (\d+)u;/gm)].map((m) => [m[1]!, Number(m[2])]));
    const expected = Object.fromEntries(Object.entries(layout).filter(([k, v]) => typeof v === 'number' && /^(BIN_|COUNT_|COUNTER_COUNT)/.test(k)));
    expect(constants).toEqual(expected);
  });
});
