/**
 * The controls of the walkthrough's figures: each a number with a range, checked with a
 * valibot schema and reported as a `ConfigError` naming the field, the value and what is
 * allowed (as every input in the app is). No DOM: the figure element reads its inputs and
 * hands the numbers here.
 */
import * as v from 'valibot';
import { ConfigError } from '../../engine/config-error.ts';

export interface FigureField {
  /** The field's name in error messages and its form id. */
  id: string;
  /** The label a reader sees (a real <label>). */
  label: string;
  min: number;
  max: number;
  /** The input's step (`any` for real numbers). */
  step: number | 'any';
  integer?: boolean;
  hint?: string;
}

export type FigureValues = Readonly<Record<string, number>>;

/** What a field allows, in words. */
export function allowedText(field: FigureField): string {
  const range = `from ${field.min.toLocaleString('en-US')} to ${field.max.toLocaleString('en-US')}`;
  return field.integer ? `a whole number ${range}` : `a number ${range}`;
}

function schemaOf(field: FigureField): v.GenericSchema<number> {
  const base = field.integer ? v.pipe(v.number(), v.safeInteger()) : v.pipe(v.number(), v.finite());
  return v.pipe(base, v.minValue(field.min), v.maxValue(field.max));
}

/** `value` if the field allows it; else a `ConfigError` on the field. */
export function checkFigureValue(field: FigureField, value: unknown): number {
  if (!v.is(schemaOf(field), value)) throw new ConfigError(field.id, value, allowedText(field));
  return value as number;
}

/** Every field's value checked, in the order of `fields` (the first bad one is reported). */
export function checkFigureValues(fields: readonly FigureField[], values: FigureValues): FigureValues {
  return Object.fromEntries(fields.map((field) => [field.id, checkFigureValue(field, values[field.id])]));
}
