/** The figures' controls: in-range numbers pass; anything else is a ConfigError naming field, value and range. */
import { describe, expect, test } from 'vitest';
import { allowedText, checkFigureValue, checkFigureValues, type FigureField } from '../../../src/ui/explain/figure-fields.ts';
import { expectConfigError } from '../../helpers/config-error.ts';

const RATE: FigureField = { id: 'lr', label: 'Learning rate η', min: 0, max: 100, step: 'any' };
const STEPS: FigureField = { id: 'steps', label: 'Steps', min: 1, max: 200_000, step: 1, integer: true };

describe('figure fields', () => {
  test('in range passes, ends included', () => {
    expect([0, 0.5, 100].map((x) => checkFigureValue(RATE, x))).toEqual([0, 0.5, 100]);
    expect(checkFigureValue(STEPS, 200_000)).toBe(200_000);
  });

  test.each([
    [RATE, -1, 'got -1; allowed: a number from 0 to 100'],
    [RATE, NaN, 'got NaN'],
    [RATE, Infinity, 'got Infinity'],
    [RATE, '1', 'got "1"'],
    [STEPS, 2.5, 'got 2.5; allowed: a whole number from 1 to 200,000'],
    [STEPS, 0, 'got 0'],
  ])('%#: %s', (field, value, words) => {
    expectConfigError(() => checkFigureValue(field, value), field.id, words);
  });

  test('several fields: the first bad one is reported', () => {
    expect(checkFigureValues([RATE, STEPS], { lr: 1, steps: 3 })).toEqual({ lr: 1, steps: 3 });
    expectConfigError(() => checkFigureValues([RATE, STEPS], { lr: -1, steps: -1 }), 'lr');
    expectConfigError(() => checkFigureValues([RATE, STEPS], { lr: 1 }), 'steps', 'got nothing');
    expect(allowedText(STEPS)).toBe('a whole number from 1 to 200,000');
  });
});
