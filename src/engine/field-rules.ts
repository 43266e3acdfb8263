/**
 * The checks a user's numbers go through wherever they are typed: the command line's options
 * (src/cli/option-table.ts), the page's form and its URL (src/ui/settings.ts). One valibot
 * schema over the number and one phrase for what it allows, per kind of field, so that `--lr`,
 * the η box and `lr=` in a URL accept the same values and refuse the rest in the same words.
 * Each surface reads a typed word with `numberFromWord` and adds only the limits that belong
 * to it (such as the page's smaller sample count, given as arguments here).
 *
 * Not here: splitting a command line or a query string (each surface's job), the checks between fields (the problems'
 * own `check…` functions and `toUpdateParams`).
 */
import * as v from 'valibot';
import { RULE_NAMES } from './types.ts';

export interface FieldRule<T extends number | string = number> {
  /** A schema over the value once it is a number (or, for choices, a string). */
  schema: v.GenericSchema<T>;
  /** What the schema allows, in words, for a ConfigError. */
  allowed: string;
  /** Whether the value is a whole number (a command-line or URL word is then digits only). */
  whole: boolean;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?$/i;
const DIGITS = /^[0-9]+$/;

/**
 * A typed word as the number it spells, or NaN (which every number rule refuses): decimal
 * notation only, so no hex, Infinity or blanks that `Number` would read; digits only where a
 * whole number is wanted.
 */
export function numberFromWord(word: string, whole: boolean): number {
  return (whole ? DIGITS : DECIMAL).test(word) ? Number(word) : NaN;
}

const count = (n: number) => n.toLocaleString('en-US');
/** 3.4e38 as a user types it, not JavaScript's 3.4e+38. */
const decimalText = (x: number) => String(x).replace('e+', 'e');
/** The largest finite f32, rounded down: η and λ are f32 on both engines. */
const F32_MAX = 3.4e38;

/** A whole number in [min, max]; `note` says more about it (what 0 means, a cross-field limit). */
export function wholeRule(min: number, max: number, note = ''): FieldRule {
  return {
    schema: v.pipe(v.number(), v.safeInteger(), v.minValue(min), v.maxValue(max)),
    allowed: `a whole number from ${count(min)} to ${count(max)}${note}`,
    whole: true,
  };
}

/** A finite number in [min, max]. */
export function rangeRule(min: number, max: number): FieldRule {
  return { schema: v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max)), allowed: `a finite number from ${decimalText(min)} to ${decimalText(max)}`, whole: false };
}

export function choiceRule(options: readonly string[]): FieldRule<string> {
  return { schema: v.picklist(options) as v.GenericSchema<string>, allowed: `one of ${options.join(', ')}`, whole: false };
}

/** η, λ1 and λ2 (the engine's `toUpdateParams` then checks the per-step products). */
export const STRENGTH_RULE = rangeRule(0, F32_MAX);
export const RULE_RULE = choiceRule(RULE_NAMES);
export const SEED_RULE = wholeRule(0, 2 ** 32 - 1);
/** Near zero means |w| < ε. */
export const EPSILON_RULE: FieldRule = {
  schema: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(F32_MAX)),
  allowed: `a finite number > 0 and ≤ ${decimalText(F32_MAX)}`,
  whole: false,
};
