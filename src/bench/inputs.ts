/**
 * The benchmark's inputs and the check that each implementation really does the update
 * before it is timed: random weights and gradient, the hyperparameters (elastic net with
 * the L1 sign step, so every term of the update does work), and a plain-JS f32 reference
 * of one step. Not a second CPU engine: no flush-to-zero or non-finite rules, which these
 * inputs never need.
 */
import { toUpdateParams } from '../engine/checks.ts';
import { hashAt, streamKey, unitFromHash, STREAM_WEIGHTS } from '../engine/hash.ts';
import type { Regulariser, UpdateParams } from '../engine/types.ts';

/** λ1 and λ2 both > 0 under rule l1 (elastic net): u = w − ηg − ηλ2·w, then the sign step ηλ1. */
export const BENCH_REGULARISER: Regulariser = { rule: 'l1', lr: 0.01, l1: 0.5, l2: 0.1 };
export const BENCH_PARAMS: UpdateParams = toUpdateParams(BENCH_REGULARISER);

const SEED = 20240607;
/** Any constant other than the weight stream's; the gradient needs its own random numbers. */
const STREAM_BENCH_GRADIENT = 0x6a09e667;

export interface BenchInputs {
  weights: Float32Array<ArrayBuffer>;
  gradient: Float32Array<ArrayBuffer>;
}

/** Weights and gradient uniform in [−1, 1), from the project's counter-based hash. */
export function benchInputs(paramCount: number): BenchInputs {
  return {
    weights: symmetricUniform(paramCount, streamKey(SEED, STREAM_WEIGHTS)),
    gradient: symmetricUniform(paramCount, streamKey(SEED, STREAM_BENCH_GRADIENT)),
  };
}

function symmetricUniform(count: number, key: number): Float32Array<ArrayBuffer> {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = 2 * unitFromHash(hashAt(key, i)) - 1;
  return values;
}

/** One step of the sign-form update in f32, in the engines' order (see engine/types.ts). */
export function referenceStep(inputs: BenchInputs, params: UpdateParams): Float32Array {
  const { weights, gradient } = inputs;
  const f = Math.fround;
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    const u = f(f(w - f(params.lr * gradient[i]!)) - f(params.l2Decay * w));
    out[i] = f(u - f(params.l1Step * Math.sign(w)));
  }
  return out;
}

/**
 * Throws unless `actual` matches `expected` to within a few f32 roundings. Implementations
 * may order the subtractions differently (TensorFlow.js does) or contract to FMA, so exact
 * equality is not the test; a wrong or missing term is off by ≥ ηλ2·|w| or ηλ1, far more.
 */
export function checkAgainstReference(what: string, actual: Float32Array, expected: Float32Array): void {
  if (actual.length < expected.length) {
    throw new Error(`${what}: read back ${actual.length} weights, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (!(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)))) {
      throw new Error(`${what} computed a wrong update: weight ${i} is ${got} after one step, expected ${want}`);
    }
  }
}
