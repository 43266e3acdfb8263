/**
 * The `hasChanged` comparisons that keep an element (and its chart) from updating when the
 * mediator hands down a new array of the same things: one level deep, nested objects by
 * identity.
 */
import { describe, expect, test } from 'vitest';
import { itemsChanged, shallowChanged } from '../../src/ui/property-changes.ts';

describe('ui: property changes', () => {
  test('shallow: identical values, and objects with the same fields holding identical values, are unchanged', () => {
    expect(shallowChanged(3, 3)).toBe(false);
    expect(shallowChanged(null, null)).toBe(false);
    expect(shallowChanged({ lo: -3, hi: 2 }, { lo: -3, hi: 2 })).toBe(false);
    expect(shallowChanged(NaN, NaN)).toBe(true); // as Lit's own !== would say
    expect(shallowChanged({ lo: -3, hi: 2 }, { lo: -3, hi: 3 })).toBe(true);
    expect(shallowChanged({ lo: -3, hi: 2 }, { lo: -3 })).toBe(true);
    expect(shallowChanged({ lo: -3 }, { lo: -3, hi: undefined })).toBe(true);
    expect(shallowChanged({ lo: -3, hi: undefined }, { lo: -3, mid: undefined })).toBe(true);
    expect(shallowChanged({ lo: 1 }, null)).toBe(true);
    expect(shallowChanged(null, { lo: 1 })).toBe(true);
    expect(shallowChanged('1', 1)).toBe(true);
  });

  test('shallow: nested objects count only by identity, and arrays are never compared as objects', () => {
    const rows = [{ step: 0 }];
    expect(shallowChanged({ rows, key: 'loss' }, { rows, key: 'loss' })).toBe(false);
    expect(shallowChanged({ rows, key: 'loss' }, { rows: [{ step: 0 }], key: 'loss' })).toBe(true);
    expect(shallowChanged([1], [1])).toBe(true);
  });

  test('items: a new array of the same names or of equal lines is unchanged', () => {
    const rows = [{ step: 0 }];
    const line = (label: string) => ({ label, rows, key: 'loss', colour: '--sw-run-1', dashed: false });
    expect(itemsChanged(['Run 1 (l1-prox)', 'Run 2 (l2)'], ['Run 1 (l1-prox)', 'Run 2 (l2)'])).toBe(false);
    expect(itemsChanged([line('a'), line('b')], [line('a'), line('b')])).toBe(false);
    expect(itemsChanged([0, 1], [0, 1])).toBe(false);
  });

  test('items: another length, order, item or field is a change', () => {
    const rows = [{ step: 0 }];
    expect(itemsChanged(['a', 'b'], ['a'])).toBe(true);
    expect(itemsChanged(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(itemsChanged([0, 1], [0, 2])).toBe(true);
    expect(itemsChanged([{ rows, dashed: false }], [{ rows, dashed: true }])).toBe(true);
    expect(itemsChanged([{ rows }], [{ rows: [...rows] }])).toBe(true);
    expect(itemsChanged([], null)).toBe(true);
    expect(itemsChanged(undefined, [])).toBe(true);
    expect(itemsChanged(null, null)).toBe(false);
  });
});
