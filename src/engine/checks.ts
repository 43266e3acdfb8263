/**
 * Checks on everything a user hands the engine (regulariser, sizes, initialisation), and
 * turning a regulariser into the exact per-step amounts both engines apply. Checks run
 * here, before anything is allocated or queued.
 */
import * as v from 'valibot';
import { ConfigError } from './config-error.ts';
import { RULE_NAMES, type L1Form, type Regulariser, type RuleName, type UpdateParams, type WeightInit } from './types.ts';

const NON_NEGATIVE = 'a finite number from 0 to 3.4e38';

const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(3.4e38));

/** Field by field, so the first bad field is the one reported. */
const FIELDS = {
  rule: { schema: v.picklist(RULE_NAMES), allowed: `one of ${RULE_NAMES.join(', ')}` },
  lr: { schema: nonNegative, allowed: NON_NEGATIVE },
  l1: { schema: nonNegative, allowed: NON_NEGATIVE },
  l2: { schema: nonNegative, allowed: NON_NEGATIVE },
} as const;

const L1_FORM: Record<RuleName, L1Form | null> = {
  none: null,
  l1: 'sign',
  'l1-clip': 'clip',
  'l1-prox': 'prox',
  l2: null,
};

/** Throws `ConfigError` naming the first field that is wrong. */
export function checkRegulariser(input: Regulariser): Regulariser {
  for (const [field, { schema, allowed }] of Object.entries(FIELDS)) {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (!v.is(schema, value)) throw new ConfigError(field, value, allowed);
  }
  if (input.rule === 'none' && (input.l1 > 0 || input.l2 > 0)) {
    const field = input.l1 > 0 ? 'l1' : 'l2';
    throw new ConfigError(field, input[field], '0 with rule none (pick l1, l1-clip, l1-prox or l2)');
  }
  if (input.rule === 'l2' && input.l1 > 0) {
    throw new ConfigError('l1', input.l1, '0 with rule l2 (for elastic net pick l1, l1-clip or l1-prox and set l2)');
  }
  return input;
}

/**
 * The per-step amounts, rounded to f32 once so both engines see identical values. A
 * subnormal amount becomes 0 (a GPU reads it as 0); one past f32's range is refused.
 */
export function toUpdateParams(input: Regulariser): UpdateParams {
  const reg = checkRegulariser(input);
  const form = L1_FORM[reg.rule];
  const amount = (field: 'l1' | 'l2', value: number): number => {
    const rounded = Math.fround(value);
    if (!Number.isFinite(rounded)) {
      throw new ConfigError(field, reg[field], `a value with lr·${field} ≤ 3.4e38 (the f32 range); lr is ${reg.lr}`);
    }
    return Math.abs(rounded) < F32_MIN_NORMAL ? 0 : rounded;
  };
  const lr = Math.fround(reg.lr);
  return {
    lr: lr < F32_MIN_NORMAL ? 0 : lr,
    l1Step: form ? amount('l1', reg.lr * reg.l1) : 0,
    l2Decay: amount('l2', reg.lr * reg.l2),
    l1Form: form ?? 'sign',
  };
}

const F32_MIN_NORMAL = 2 ** -126;

/** The largest parameter count any engine accepts (a safe integer; u32 indices in WGSL). */
export const MAX_PARAM_COUNT = 2 ** 32 - 4;

/** Throws `ConfigError` unless `count` is a positive safe integer no larger than `limit`. */
export function checkParamCount(count: unknown, limit: number = MAX_PARAM_COUNT, why = ''): number {
  const allowed = `a whole number from 1 to ${limit.toLocaleString('en-US')}${why ? ` (${why})` : ''}`;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > limit) {
    throw new ConfigError('paramCount', count, allowed);
  }
  return count;
}

/** Throws `ConfigError` for a scale that is not a positive finite number or a seed that is not a u32. */
export function checkWeightInit(init: WeightInit): WeightInit {
  if (init.kind !== 'symmetric' && init.kind !== 'positive') {
    throw new ConfigError('init.kind', init.kind, 'symmetric or positive');
  }
  if (typeof init.scale !== 'number' || !Number.isFinite(init.scale) || init.scale <= 0 || init.scale > 3e38) {
    throw new ConfigError('init.scale', init.scale, 'a finite number > 0 and ≤ 3e38');
  }
  if (!Number.isInteger(init.seed) || init.seed < 0 || init.seed > 0xffffffff) {
    throw new ConfigError('seed', init.seed, 'a whole number from 0 to 4294967295');
  }
  return init;
}

/** Throws `ConfigError` unless [start, start + count) lies inside a vector of `length`. */
export function checkRange(field: string, start: number, count: number, length: number): void {
  if (!Number.isSafeInteger(start) || start < 0 || start > length) {
    throw new ConfigError(`${field}.start`, start, `a whole number from 0 to ${length}`);
  }
  if (!Number.isSafeInteger(count) || count < 0 || start + count > length) {
    throw new ConfigError(`${field}.count`, count, `a whole number from 0 to ${length - start}`);
  }
}

/** Throws `ConfigError` unless `length` values written from `offset` fit a vector of `paramCount`. */
export function checkWriteRange(length: number, offset: number, paramCount: number): void {
  if (length > paramCount) {
    throw new ConfigError('values.length', length, `at most paramCount (${paramCount})`);
  }
  const last = paramCount - length;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > last) {
    throw new ConfigError('offset', offset, `a whole number from 0 to ${last} (paramCount ${paramCount} − ${length} values)`);
  }
}
