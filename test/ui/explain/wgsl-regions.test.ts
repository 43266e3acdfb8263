/**
 * The update kernel's lines tied to the rule: every part the explainer names is marked in
 * shaders/update.wgsl and its lines hold the arithmetic the part is named for, no other
 * region is marked, and malformed markers are errors naming the line.
 */
import { describe, expect, test } from 'vitest';
import { toUpdateParams } from '../../../src/engine/checks.ts';
import { RULE_NAMES } from '../../../src/engine/types.ts';
import { FORM_PARTS, findRegions, KERNEL_PARTS, kernelPartLines, linesByPart, PART_INFO } from '../../../src/ui/explain/wgsl-regions.ts';
import { wgsl } from '../../helpers/wgsl-source.ts';

const SOURCE = wgsl('update');
const LINES = SOURCE.split('\n');
const PARTS = kernelPartLines(SOURCE);

/** The code (comments left out) of a part's lines. */
function code(part: keyof typeof PARTS): string {
  return PARTS[part]
    .flatMap(({ first, last }) => LINES.slice(first - 1, last))
    .map((line) => line.replace(/\/\/.*$/, '').trim())
    .filter(Boolean)
    .join('\n');
}

describe('the markers in shaders/update.wgsl', () => {
  test('every kernel part is found, with lines inside the file', () => {
    for (const part of KERNEL_PARTS) {
      expect(PARTS[part].length, part).toBeGreaterThan(0);
      for (const { first, last } of PARTS[part]) {
        expect(first).toBeGreaterThanOrEqual(1);
        expect(last).toBeGreaterThanOrEqual(first);
        expect(last).toBeLessThanOrEqual(LINES.length);
      }
    }
  });

  test('each part holds the arithmetic it is named for', () => {
    expect(code('gradient-decay')).toBe('let u = (w - params.lr * g) - params.l2Decay * w;');
    expect(code('sign-step')).toBe('next = u - params.l1Step * s;');
    expect(code('prox')).toBe('next = sign(u) * max(abs(u) - params.l1Step, vec4<f32>(0.0));');
    expect(code('sign-of-w')).toBe('let s = sign(w);');
    expect(code('clip')).toContain('let crossed = (s != vec4<f32>(0.0)) & (s * u >= vec4<f32>(0.0)) & (s * next < vec4<f32>(0.0));');
    expect(code('read-flush')).toMatch(/^let w = select\(.*\nlet g = select\(/);
    expect(code('write-flush')).toContain('bits = select(bits, zero4, (bits & exponentMask) == zero4);');
    expect(code('non-finite')).toContain('CANONICAL_NAN');
    expect(code('grid-stride')).toContain('i += threadCount');
    expect(code('grid-stride')).toContain('weights[i] = next;');
  });

  test('no region is marked that the explainer does not know', () => {
    expect([...findRegions(SOURCE).keys()].sort()).toEqual([...KERNEL_PARTS].sort());
  });

  test('every rule runs a form whose parts are listed, each with its equation', () => {
    for (const rule of RULE_NAMES) {
      const form = toUpdateParams({ rule, lr: 1, l1: 0, l2: 0 }).l1Form;
      expect(FORM_PARTS[form].length, rule).toBeGreaterThan(0);
    }
    expect(FORM_PARTS.prox).not.toContain('sign-step');
    expect(FORM_PARTS.clip).toEqual(expect.arrayContaining(['sign-step', 'clip']));
    for (const part of KERNEL_PARTS) expect(PART_INFO[part].tex.length).toBeGreaterThan(0);
  });

  test('linesByPart marks exactly the lines of the parts asked for', () => {
    const byLine = linesByPart(LINES.length, PARTS, ['prox']);
    const marked = byLine.flatMap((parts, i) => (parts.length > 0 ? [i + 1] : []));
    const { first, last } = PARTS.prox[0]!;
    expect(marked).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
  });
});

describe('malformed markers', () => {
  const wrap = (...lines: string[]) => lines.join('\n');

  test.each([
    [wrap('// #region a', 'x', '// #endregion b'), 'line 3: #endregion b closes #region a (line 1)'],
    [wrap('x', '// #endregion a'), 'line 2: #endregion a closes no region'],
    [wrap('// #region a', 'x'), 'line 1: #region a is never closed'],
    [wrap('// #region', 'x', '// #endregion'), 'line 1: #region needs a name'],
    [wrap('// #region a', '// #endregion a'), 'line 2: region a is empty'],
  ])('%#', (source, message) => {
    expect(() => findRegions(source)).toThrow(message);
  });

  test('a part missing from the kernel, or an unknown one, is an error naming it', () => {
    expect(() => kernelPartLines(SOURCE.replace('// #region prox', '// prox').replace('// #endregion prox', '//'))).toThrow('WGSL has no region prox');
    expect(() => kernelPartLines(`${SOURCE}\n// #region extra\nx\n// #endregion extra`)).toThrow('WGSL region extra is not a kernel part');
  });

  test('nested regions and a part marked twice', () => {
    const regions = findRegions(wrap('// #region a', '// #region b', 'x', '// #endregion b', '// #endregion a', '// #region b', 'y', '// #endregion b'));
    expect(regions.get('a')).toEqual([{ first: 2, last: 4 }]);
    expect(regions.get('b')).toEqual([
      { first: 3, last: 3 },
      { first: 7, last: 7 },
    ]);
  });
});
