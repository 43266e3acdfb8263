/**
 * Numbers as the walkthrough shows them: an f32 by the shortest decimal that reads back as
 * the same f32 (so 0.3 − 0.1 in f32 shows as 0.20000002: a rounded display would hide the
 * rounding, the double 0.20000001788139343 would invent digits), as plain text or as TeX
 * (1.4901161 × 10^{−8}). No DOM, no KaTeX: the strings are tested to parse in
 * test/ui/explain/.
 */

/** The shortest decimal (at most 9 significant digits, which always suffice) naming the f32 `x`. */
export function f32Text(x: number): string {
  const value = Math.fround(x);
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return '0';
  for (let digits = 1; digits < 9; digits++) {
    const text = shortest(value, digits);
    if (Math.fround(Number(text)) === value) return text;
  }
  return shortest(value, 9);
}

/** `value` to `digits` significant digits, positional between 1e-4 and 1e7, else with an exponent. */
function shortest(value: number, digits: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e7) return String(Number(value.toPrecision(digits)));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e') as [string, string];
  return `${String(Number(mantissa))}e${Number(exponent)}`;
}

/** A decimal as `f32Text` writes it, in TeX: 1.49e-8 becomes 1.49 \times 10^{-8}. */
export function texNumber(x: number): string {
  const text = f32Text(x);
  if (text === 'NaN') return '\\text{NaN}';
  if (text.endsWith('Infinity')) return text.startsWith('-') ? '-\\infty' : '\\infty';
  const [mantissa, exponent] = text.split('e');
  return exponent === undefined ? mantissa! : `${mantissa}\\times 10^{${exponent}}`;
}

/** As `texNumber`, in parentheses when negative (for a number after an operator: 1 \cdot (-0.1)). */
export function texOperand(x: number): string {
  const text = texNumber(x);
  return text.startsWith('-') ? `(${text})` : text;
}
