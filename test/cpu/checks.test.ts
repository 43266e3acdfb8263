/**
 * Every kind of bad input is a ConfigError whose message names the field, shows the value
 * and says what is allowed; and the CPU engine checks before it allocates anything.
 */
import { describe, expect, test } from 'vitest';
import { checkParamCount, checkRegulariser, checkWeightInit, toUpdateParams } from '../../src/engine/checks.ts';
import { CPU_MAX_PARAM_COUNT, createCpuEngine } from '../../src/engine/cpu/cpu-engine.ts';
import type { Regulariser, WeightInit } from '../../src/engine/types.ts';
import { expectConfigError } from '../helpers/config-error.ts';


const GOOD: Regulariser = { rule: 'l1-clip', lr: 0.5, l1: 0.2, l2: 0 };
const INIT: WeightInit = { kind: 'symmetric', scale: 1, seed: 1 };

describe('regulariser', () => {
  for (const field of ['lr', 'l1', 'l2'] as const) {
    for (const [bad, shown] of [
      [-1, '-1'],
      [-0.001, '-0.001'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ] as const) {
      test(`${field} = ${shown}`, () => {
        expectConfigError(() => checkRegulariser({ ...GOOD, [field]: bad }), field, `got ${shown}`, 'a finite number from 0 to 3.4e38');
      });
    }
    test(`${field} given as a string`, () => {
      expectConfigError(() => checkRegulariser({ ...GOOD, [field]: '0.1' as unknown as number }), field, 'got "0.1"', 'from 0 to 3.4e38');
    });
  }

  test('unknown rule', () => {
    const bad = { ...GOOD, rule: 'l3' } as unknown as Regulariser;
    expectConfigError(() => checkRegulariser(bad), 'rule', 'got "l3"', 'one of none, l1, l1-clip, l1-prox, l2');
  });

  test('rule none with l1 > 0 or l2 > 0', () => {
    expectConfigError(() => checkRegulariser({ rule: 'none', lr: 1, l1: 0.1, l2: 0 }), 'l1', 'got 0.1', '0 with rule none');
    expectConfigError(() => checkRegulariser({ rule: 'none', lr: 1, l1: 0, l2: 0.5 }), 'l2', 'got 0.5', '0 with rule none');
  });

  test('rule l2 with l1 > 0 (elastic net is an l1 rule)', () => {
    expectConfigError(() => toUpdateParams({ rule: 'l2', lr: 1, l1: 0.25, l2: 0.1 }), 'l1', 'got 0.25', '0 with rule l2');
  });

  test('the first bad field is the one reported', () => {
    expectConfigError(() => checkRegulariser({ rule: 'l1', lr: -1, l1: Number.NaN, l2: -2 }), 'lr', 'got -1');
  });

  test('good input becomes f32 step amounts', () => {
    expect(toUpdateParams({ rule: 'l1-prox', lr: 0.5, l1: 0.2, l2: 0.1 })).toEqual({
      lr: 0.5,
      l1Step: Math.fround(0.1),
      l2Decay: Math.fround(0.05),
      l1Form: 'prox',
    });
    expect(toUpdateParams({ rule: 'l2', lr: 2, l1: 0, l2: 0.25 })).toEqual({ lr: 2, l1Step: 0, l2Decay: 0.5, l1Form: 'sign' });
  });
});

describe('paramCount', () => {
  const LIMIT_TEXT = 'a whole number from 1 to 4,294,967,292';
  for (const [bad, shown] of [
    [0, '0'],
    [-1, '-1'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    [2 ** 53, '9007199254740992'],
    [2 ** 32, '4294967296'],
    ['1000', '"1000"'],
    [undefined, 'nothing'],
  ] as const) {
    test(`${shown}`, () => {
      expectConfigError(() => checkParamCount(bad), 'paramCount', `got ${shown}`, LIMIT_TEXT);
    });
  }

  test('a custom limit and its reason appear in the message', () => {
    expectConfigError(() => checkParamCount(11, 10, 'ten at most here'), 'paramCount', 'got 11', 'from 1 to 10 (ten at most here)');
    expect(checkParamCount(10, 10)).toBe(10);
  });
});

describe('weight init', () => {
  for (const [bad, shown] of [
    [0, '0'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [4e38, '4e+38'],
  ] as const) {
    test(`scale ${shown}`, () => {
      expectConfigError(() => checkWeightInit({ ...INIT, scale: bad }), 'init.scale', `got ${shown}`, 'a finite number > 0 and ≤ 3e38');
    });
  }
  for (const [bad, shown] of [
    [-1, '-1'],
    [1.5, '1.5'],
    [2 ** 32, '4294967296'],
    [Number.NaN, 'NaN'],
  ] as const) {
    test(`seed ${shown}`, () => {
      expectConfigError(() => checkWeightInit({ ...INIT, seed: bad }), 'seed', `got ${shown}`, 'a whole number from 0 to 4294967295');
    });
  }
  test('unknown kind', () => {
    const bad = { ...INIT, kind: 'gaussian' } as unknown as WeightInit;
    expectConfigError(() => checkWeightInit(bad), 'init.kind', 'got "gaussian"', 'symmetric or positive');
  });
});

describe('createCpuEngine checks before allocating', () => {
  test('paramCount 2^40 is a ConfigError, not a RangeError from new Float32Array', () => {
    expectConfigError(() => createCpuEngine({ paramCount: 2 ** 40, init: INIT }), 'paramCount', 'got 1099511627776');
  });

  test('one past the CPU limit is refused, with the reason', () => {
    expect(CPU_MAX_PARAM_COUNT).toBe(2 ** 30);
    expectConfigError(
      () => createCpuEngine({ paramCount: CPU_MAX_PARAM_COUNT + 1, init: INIT }),
      'paramCount',
      'got 1073741825',
      'from 1 to 1,073,741,824',
      'Float32Array',
    );
  });

  test('bad sizes and a bad init are ConfigErrors', () => {
    expectConfigError(() => createCpuEngine({ paramCount: 0, init: INIT }), 'paramCount', 'got 0');
    expectConfigError(() => createCpuEngine({ paramCount: 2.5, init: INIT }), 'paramCount', 'got 2.5');
    expectConfigError(() => createCpuEngine({ paramCount: 16, init: { ...INIT, scale: -1 } }), 'init.scale', 'got -1');
    expectConfigError(() => createCpuEngine({ paramCount: 16, init: { ...INIT, seed: -3 } }), 'seed', 'got -3');
  });
});

describe('per-step amounts', () => {
  test('lr·λ past the f32 range is refused, naming the field', () => {
    expectConfigError(() => toUpdateParams({ rule: 'l1', lr: 1e20, l1: 1e20, l2: 0 }), 'l1', 'got 100000000000000000000', 'lr·l1 ≤ 3.4e38');
  });

  test('subnormal amounts become 0, as a GPU reads them', () => {
    const p = toUpdateParams({ rule: 'l1', lr: 1e-20, l1: 1e-20, l2: 1e-20 });
    expect(p).toEqual({ lr: Math.fround(1e-20), l1Step: 0, l2Decay: 0, l1Form: 'sign' });
    expect(toUpdateParams({ rule: 'none', lr: 1e-40, l1: 0, l2: 0 }).lr).toBe(0);
  });
});
