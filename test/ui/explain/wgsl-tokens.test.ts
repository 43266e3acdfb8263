/** The listing's lexer: lossless on every line of every shader, and kinds where they matter. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { tokenizeLine } from '../../../src/ui/explain/wgsl-tokens.ts';
import { wgsl } from '../../helpers/wgsl-source.ts';

const STEMS = readdirSync(new URL('../../../shaders/', import.meta.url)).filter((f) => f.endsWith('.wgsl')).map((f) => f.slice(0, -5));

describe('tokenizeLine', () => {
  test.each(STEMS)('%s.wgsl: the tokens give back every line exactly', (stem) => {
    for (const line of wgsl(stem).split('\n')) expect(tokenizeLine(line).map((t) => t.text).join('')).toBe(line);
  });

  test('kinds', () => {
    const kinds = (line: string) => tokenizeLine(line).filter((t) => t.kind !== 'text').map((t) => `${t.kind}:${t.text}`);
    expect(kinds('  let u = (w - params.lr * g) - params.l2Decay * w; // eq. 4')).toEqual(['keyword:let', 'comment:// eq. 4']);
    expect(kinds('override L1_FORM: u32 = 0u;')).toEqual(['keyword:override', 'type:u32', 'number:0u']);
    expect(kinds('@compute @workgroup_size(WORKGROUP_SIZE)')).toEqual(['attribute:@compute', 'attribute:@workgroup_size']);
    expect(kinds('next = select(next, vec4<f32>(0.0), crossed);')).toEqual(['builtin:select', 'type:vec4', 'type:f32', 'number:0.0']);
    expect(kinds('const EXPONENT_MASK = 0x7f800000u;')).toEqual(['keyword:const', 'number:0x7f800000u']);
    expect(tokenizeLine('')).toEqual([]);
  });
});
