/**
 * Reading the WGSL sources in Node, for tests that hold the TypeScript side (uniform
 * packing, constants) to what the shaders declare.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function wgsl(stem: string): string {
  return readFileSync(new URL(`../../shaders/${stem}.wgsl`, import.meta.url), 'utf8');
}

/** Field names of a WGSL struct, in order; every field must be a 4-byte scalar. */
export function structFields(source: string, struct: string): string[] {
  const body = new RegExp(`struct ${struct} \\{([^}]*)\\}`).exec(source)?.[1];
  if (!body) throw new Error(`struct ${struct} not found`);
  return [...body.matchAll(/^\s*(\w+)\s*:\s*(\w+)/gm)].map((m) => {
    expect(['f32', 'u32'], `${struct}.${m[1]} is a 4-byte scalar`).toContain(m[2]);
    return m[1]!;
  });
}

/** A struct of n 4-byte scalars occupies n·4 bytes rounded up to 16 in a uniform buffer. */
export function uniformSize(fields: number): number {
  return Math.ceil((fields * 4) / 16) * 16;
}
