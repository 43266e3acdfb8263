/**
 * The walkthrough's figures computed live from the CPU engine's own update (`applyUpdate`,
 * the reference the GPU kernels are tested against): trajectories of a few weights, the
 * amount one step removes, many weights under a constant or a noisy gradient, and the one
 * thing that is not the engine, labelled as such: L2's decay in IEEE f32 without the
 * engine's flush to zero, to show where plain f32 stalls. No DOM, no charts.
 */
import { applyUpdate } from '../../engine/cpu/apply-update.ts';
import { hashAt, streamKey } from '../../engine/hash.ts';
import { BIN_ZERO, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO, COUNTER_COUNT } from '../../engine/stats-layout.ts';
import type { UpdateParams } from '../../engine/types.ts';
import { gaussianFromHash } from '../../problems/regression/features.ts';

/** Per weight, its value at step 0, 1, …, `steps` (f32, as the engine holds it). */
export function trajectories(w0: readonly number[], params: UpdateParams, steps: number, gradient?: Float32Array): Float32Array[] {
  const weights = Float32Array.from(w0);
  const g = gradient ?? new Float32Array(weights.length);
  const series = w0.map(() => new Float32Array(steps + 1));
  const record = (step: number) => weights.forEach((w, i) => (series[i]![step] = w));
  record(0);
  for (let step = 1; step <= steps; step++) {
    applyUpdate(weights, g, params, null);
    record(step);
  }
  return series;
}

/** What one step removes from each weight with the gradient at 0: w − w′. */
export function pulls(w: Float32Array, params: UpdateParams): Float32Array {
  const next = w.slice();
  applyUpdate(next, new Float32Array(w.length), params, null);
  return w.map((x, i) => Math.fround(x - next[i]!));
}

/**
 * Weights starting at 0, each with its own constant gradient (`gradient[i]` for weight i),
 * stepped `steps` times: per weight, the share of the steps after which it was exactly 0,
 * and its value at the end.
 */
export function zeroShares(gradient: Float32Array, params: UpdateParams, steps: number): { share: Float32Array; last: Float32Array } {
  const weights = new Float32Array(gradient.length);
  const atZero = new Uint32Array(gradient.length);
  for (let step = 0; step < steps; step++) {
    applyUpdate(weights, gradient, params, null);
    weights.forEach((w, i) => {
      if (w === 0) atZero[i]! += 1;
    });
  }
  return { share: Float32Array.from(atZero, (n) => n / steps), last: weights };
}

/** The noise stream of the flicker figure, apart from every stream the engine and problems draw. */
export const STREAM_FLICKER = 0x6a09e667;

export interface FlickerSettings {
  /** Weights, all starting at exactly 0. */
  count: number;
  steps: number;
  /** The full-batch gradient ḡ, the same for every weight. */
  meanGradient: number;
  /** The minibatch noise's standard deviation σ. */
  noise: number;
  seed: number;
}

export interface FlickerStep {
  step: number;
  /** Fractions of the weights: exactly 0 after the step, and those that left or reached 0 in it. */
  zero: number;
  left: number;
  became: number;
}

export interface FlickerResult {
  steps: FlickerStep[];
  /** Weights that were non-zero after at least one step. */
  everLeft: number;
  /** Steps in which a weight left zero, summed over the weights. */
  departures: number;
}

/**
 * Weights at 0 stepped with a minibatch gradient ḡ + σ·z per weight and step (z a Gaussian-like
 * draw of variance 1 from the counter hash, seeded), counted by the engine's own statistics
 * (its exact-zero bin and became/left-zero counters).
 */
export function flicker(settings: FlickerSettings, params: UpdateParams): FlickerResult {
  const { count, steps, meanGradient, noise, seed } = settings;
  const key = streamKey(seed, STREAM_FLICKER);
  const weights = new Float32Array(count);
  const gradient = new Float32Array(count);
  const left = new Uint8Array(count);
  const result: FlickerResult = { steps: [], everLeft: 0, departures: 0 };
  for (let step = 1; step <= steps; step++) {
    for (let i = 0; i < count; i++) gradient[i] = meanGradient + noise * gaussianFromHash(hashAt(key, (step - 1) * count + i));
    const counts = new Uint32Array(COUNTER_COUNT);
    applyUpdate(weights, gradient, params, counts);
    weights.forEach((w, i) => {
      if (w !== 0) left[i] = 1;
    });
    result.departures += counts[COUNT_LEFT_ZERO]!;
    result.steps.push({ step, zero: counts[BIN_ZERO]! / count, left: counts[COUNT_LEFT_ZERO]! / count, became: counts[COUNT_BECAME_ZERO]! / count });
  }
  result.everLeft = left.reduce((sum, x) => sum + x, 0);
  return result;
}

/**
 * Not the engine: w ← w − (ηλ2·w) in IEEE f32 with gradual underflow (no flush to zero), each
 * operation rounded as the engine rounds it. Below 2^−126 the engine writes 0; this goes on
 * into the subnormals, where it stops changing once ηλ2·w rounds to less than half their
 * spacing 2^−149.
 */
export function ieeeDecay(w0: number, l2Decay: number, steps: number): Float32Array {
  const out = new Float32Array(steps + 1);
  const d = Math.fround(l2Decay);
  let w = Math.fround(w0);
  out[0] = w;
  for (let step = 1; step <= steps; step++) {
    w = Math.fround(w - Math.fround(d * w));
    out[step] = w;
  }
  return out;
}

/**
 * Where a series of a deterministic update with a fixed gradient first repeats a value (the
 * step and the value): from there it never changes again, since the next value depends on
 * the current one alone.
 */
export function firstStall(series: Float32Array): { step: number; value: number } | null {
  for (let step = 1; step < series.length; step++) {
    if (Object.is(series[step], series[step - 1])) return { step, value: series[step]! };
  }
  return null;
}

/** The first step at which a series is exactly 0, or null. */
export function firstZero(series: Float32Array): number | null {
  const step = series.findIndex((w) => w === 0);
  return step < 0 ? null : step;
}
