/**
 * Numbers in the walkthrough: the shortest decimal naming an f32 reads back as that f32 and
 * no shorter one does; TeX forms parse in KaTeX's strict mode.
 */
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { f32Text, texNumber, texOperand } from '../../../src/ui/explain/tex-number.ts';

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });

/** Significant digits of a decimal, trailing zeros of an integer not counted (6193580 has 6). */
function significantDigits(text: string): number {
  return Number(text).toExponential().replace(/^-/, '').replace(/e.*$/, '').replace('.', '').length;
}

describe('f32Text', () => {
  test('the values the walkthrough shows', () => {
    const f = Math.fround;
    expect(f32Text(f(f(0.3) - f(0.1)))).toBe('0.20000002');
    expect(f32Text(f(f(0.8) - f(0.1)))).toBe('0.7');
    expect(f32Text(0.1)).toBe('0.1');
    expect(f32Text(2 ** -26)).toBe('1.4901161e-8');
    expect(f32Text(-(2 ** -26))).toBe('-1.4901161e-8');
    expect(f32Text(2 ** -149)).toBe('1e-45');
    expect(f32Text(3.4e38)).toBe('3.4e38');
    expect(f32Text(1234567)).toBe('1234567');
    expect(f32Text(0)).toBe('0');
    expect(f32Text(-0)).toBe('0');
    expect([f32Text(NaN), f32Text(Infinity), f32Text(-Infinity)]).toEqual(['NaN', 'Infinity', '-Infinity']);
  });

  test('reads back as the same f32, and one digit fewer would not', () => {
    fc.assert(
      fc.property(f32, (x) => {
        const text = f32Text(x);
        expect(Math.fround(Number(text))).toBe(Object.is(x, -0) ? 0 : x);
        const digits = significantDigits(text);
        if (digits > 1) expect(Math.fround(Number(x.toPrecision(digits - 1)))).not.toBe(x);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('texNumber', () => {
  test('exponents as powers of ten; negatives in parentheses as operands', () => {
    expect(texNumber(2 ** -26)).toBe('1.4901161\\times 10^{-8}');
    expect(texNumber(0.72)).toBe('0.72');
    expect(texNumber(Infinity)).toBe('\\infty');
    expect(texNumber(NaN)).toBe('\\text{NaN}');
    expect(texOperand(-0.1)).toBe('(-0.1)');
    expect(texOperand(0.1)).toBe('0.1');
  });

  test('every f32 gives TeX that KaTeX parses in strict mode', () => {
    fc.assert(
      fc.property(fc.float(), (x) => {
        expect(() => katex.renderToString(`w = ${texOperand(x)}`, { throwOnError: true, strict: 'error' })).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
