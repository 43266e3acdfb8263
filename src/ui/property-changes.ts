/**
 * `hasChanged` functions for element properties that the mediator builds afresh on every
 * render (arrays of names, the lines of a chart, an exponent window), so that an element
 * updates, and its chart redraws, only when what it shows differs, not merely because a new
 * array holds the same things. Lit compares properties with `!==` by default, which would
 * redraw every chart on every frame.
 *
 * Comparisons are one level deep: nested arrays and objects (a line's rows, a snapshot)
 * count as the same only when they are the same object. Whoever changes such an object in
 * place signals it some other way (a history's `version`).
 */

/** True unless `a` and `b` are identical, or plain objects whose own fields are identical. */
export function shallowChanged(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b)) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return true;
  return keys.some((key) => !Object.hasOwn(b, key) || (a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]);
}

/** True unless the arrays are as long and each item is unchanged by `shallowChanged`. */
export function itemsChanged(a: readonly unknown[] | null | undefined, b: readonly unknown[] | null | undefined): boolean {
  if (a === b) return false;
  if (!a || !b || a.length !== b.length) return true;
  return a.some((item, i) => shallowChanged(item, b[i]));
}
