/**
 * The assertion for bad input: a `ConfigError` naming the field, the value and what is allowed.
 */
import { expect } from 'vitest';
import { ConfigError } from '../../src/engine/config-error.ts';

/**
 * Runs `action`, expecting a ConfigError on exactly `field` whose message starts
 * `field: got …` and holds every fragment (the value shown, words of what is allowed).
 */
export function expectConfigError(action: () => unknown, field: string, ...fragments: string[]): ConfigError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ConfigError on ${field}`).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  expect(error.field).toBe(field);
  expect(error.message.startsWith(`${field}: got `), error.message).toBe(true);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

/** As `expectConfigError`, for an action that rejects (file loaders). */
export async function expectConfigErrorAsync(action: () => Promise<unknown>, field: string, ...fragments: string[]): Promise<ConfigError> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  return expectConfigError(() => {
    if (caught !== undefined) throw caught;
  }, field, ...fragments);
}
