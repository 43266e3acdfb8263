/**
 * The one error type for bad input anywhere (hyperparameters, sizes, URLs, files, options).
 * Its message always names the field, the value received and what is allowed, so a user can
 * fix the input without reading code.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: got ${describeValue(value)}; allowed: ${allowed}`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  // String(), not JSON: JSON.stringify turns NaN and ±Infinity into "null".
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
