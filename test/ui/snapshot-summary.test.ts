/**
 * The numbers printed beside the histogram: which counters they come from, and formatting
 * that never rounds a lone non-zero weight away.
 */
import { describe, expect, test } from 'vitest';
import {
  BIN_NAN,
  BIN_NEG_INF,
  BIN_NEG_SUBNORMAL,
  BIN_POS_INF,
  BIN_POS_SUBNORMAL,
  BIN_ZERO,
  COUNT_BECAME_ZERO,
  COUNT_LEFT_ZERO,
  COUNTER_COUNT,
} from '../../src/engine/stats-layout.ts';
import { formatCount, formatFraction, formatNumber, formatRate, summarise } from '../../src/ui/snapshot-summary.ts';
import { RateMeter } from '../../src/ui/rate-meter.ts';

describe('ui: snapshot summary', () => {
  test('reads each counter from its place in the layout', () => {
    const counts = new Uint32Array(COUNTER_COUNT);
    counts[BIN_ZERO] = 250;
    counts[BIN_NEG_SUBNORMAL] = 2;
    counts[BIN_POS_SUBNORMAL] = 3;
    counts[BIN_NAN] = 4;
    counts[BIN_POS_INF] = 5;
    counts[BIN_NEG_INF] = 6;
    counts[COUNT_BECAME_ZERO] = 7;
    counts[COUNT_LEFT_ZERO] = 8;
    expect(summarise({ step: 9, paramCount: 1_000, counts, l1Norm: 1.5, l2NormSquared: 2.5 })).toEqual({
      step: 9,
      paramCount: 1_000,
      zero: 250,
      zeroFraction: 0.25,
      becameZero: 7,
      leftZero: 8,
      subnormal: 5,
      nan: 4,
      infinite: 11,
      l1Norm: 1.5,
      l2NormSquared: 2.5,
    });
  });

  test('counts are exact with separators', () => {
    expect(formatCount(1_048_576)).toBe('1,048,576');
    expect(formatCount(0)).toBe('0');
  });

  test('fractions: only exactly 0 and 1 print as 0% and 100%', () => {
    expect(formatFraction(0)).toBe('0%');
    expect(formatFraction(1)).toBe('100%');
    expect(formatFraction(0.5)).toBe('50.00%');
    expect(formatFraction(1 / 1_048_576)).toBe('< 0.01%');
    expect(formatFraction(1 - 1 / 1_048_576)).toBe('> 99.99%');
    expect(formatFraction(NaN)).toBe('—');
  });

  test('norms: six significant digits, exponent form when very small or large', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(131_177.25)).toBe('131177');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(1.5e-7)).toBe('1.5000e-7');
    expect(formatNumber(3e38)).toBe('3.0000e+38');
    expect(formatNumber(Infinity)).toBe('Infinity');
  });

  test('rates', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(13.94)).toBe('13.9');
    expect(formatRate(1234.4)).toBe('1,234');
  });
});

describe('ui: rate meter', () => {
  test('steps per second over the window', () => {
    const meter = new RateMeter(1_000);
    expect(meter.rate()).toBeNull();
    meter.sample(0, 0);
    expect(meter.rate()).toBeNull();
    meter.sample(10, 500);
    expect(meter.rate()).toBe(20);
    for (let t = 600; t <= 3_000; t += 100) meter.sample(t / 10, t);
    // Samples every 100 ms at 100 steps/s; old ones have left the window.
    expect(meter.rate()).toBeCloseTo(100, 9);
  });

  test('a step count that goes back (a reset) starts afresh instead of going negative', () => {
    const meter = new RateMeter();
    meter.sample(100, 0);
    meter.sample(200, 1_000);
    meter.sample(0, 1_100);
    expect(meter.rate()).toBeNull();
    meter.sample(5, 1_200);
    expect(meter.rate()).toBe(50);
  });

  test('reset forgets everything', () => {
    const meter = new RateMeter();
    meter.sample(0, 0);
    meter.sample(10, 100);
    meter.reset();
    expect(meter.rate()).toBeNull();
  });
});
