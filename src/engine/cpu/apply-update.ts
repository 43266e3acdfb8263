/**
 * One update of a weight range on the CPU, written from the maths in `types.ts`, and the
 * statistics pass that can ride along with it. This is the reference the GPU kernels are
 * tested against and also the CPU engine's hot loop, so it is a plain loop over typed
 * arrays: no per-element allocation, no callbacks. It is not an engine (no step count,
 * no snapshots, no validation of user input beyond the rule's form).
 *
 * f32 is emulated by `Math.fround` after every operation the kernel performs in f32:
 * doubles hold every f32 exactly, and rounding the exact double result of one +, − or ×
 * of two f32 values to f32 gives the correctly rounded f32 result, so each fround here
 * stands for one f32 instruction (no FMA contraction: the contract rounds each product).
 *
 * Bit patterns are read through a Uint32Array laid over the same bytes as the
 * Float32Array, so NaN payloads survive (a weight that is NaN is never rewritten) and
 * the canonical NaN we write has exactly the bits 0x7fc00000.
 */
import { binOfBits, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO } from '../stats-layout.ts';
import type { L1Form, UpdateParams } from '../types.ts';

/** ‖w‖₁ and ‖w‖₂² over the finite weights of a range, summed in f64. */
export interface NormSums {
  l1Norm: number;
  l2NormSquared: number;
}

const EXPONENT_MASK = 0x7f800000;
const MAGNITUDE_MASK = 0x7fffffff;
const CANONICAL_NAN = 0x7fc00000;
/** The smallest normal f32; anything smaller in magnitude (but non-zero) is subnormal. */
const MIN_NORMAL = 2 ** -126;

// Small integers for the form so the loop compares numbers, not strings.
const SIGN = 0;
const CLIP = 1;
const PROX = 2;
const FORM_CODE: Readonly<Record<L1Form, number>> = { sign: SIGN, clip: CLIP, prox: PROX };

const fround = Math.fround;

/** sign() as WGSL defines it: 0 for ±0 (never a kick away from zero, DESIGN §4). */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** A subnormal f32 read as 0, as a GPU that flushes denormals would read it. */
function flushed(x: number): number {
  return Math.abs(x) < MIN_NORMAL ? 0 : x;
}

/**
 * The new value of one finite weight with a finite gradient, both already flushed. The
 * result is an f32 value, possibly ±Inf or NaN from overflow, not yet flushed.
 */
function updatedWeight(w: number, g: number, lr: number, t: number, d: number, form: number): number {
  const u = fround(fround(w - fround(lr * g)) - fround(d * w));
  if (form === PROX) {
    const su = sign(u);
    return fround(su * Math.max(fround(Math.abs(u) - t), 0));
  }
  const s = sign(w);
  const v = fround(u - fround(t * s));
  // Clip only when the L1 step itself reaches or crosses zero; a weight the gradient
  // already carried across zero keeps v (the L1 step then pushes it further, as in eq. 3).
  if (form === CLIP && s !== 0 && s * u >= 0 && s * v < 0) return 0;
  return v;
}

/**
 * Applies the update to weights[i], non-finite rules included: a NaN or ±Inf weight is
 * not even rewritten (so a NaN keeps its payload), a finite weight with a non-finite
 * gradient becomes the canonical NaN, and a zero or subnormal result is written as +0
 * (−0 too: WGSL may ignore the sign of a zero, so +0 is what both engines can agree on).
 */
function updateAt(weights: Float32Array, wBits: Int32Array, gradient: Float32Array, i: number, lr: number, t: number, d: number, form: number): void {
  const w = weights[i]!;
  const g = gradient[i]!;
  // x − x is 0 for finite x and NaN for NaN or ±Inf: one test covers both inputs.
  if (w - w + (g - g) === 0) {
    const next = updatedWeight(flushed(w), flushed(g), lr, t, d, form);
    weights[i] = Math.abs(next) < MIN_NORMAL ? 0 : next; // NaN fails the test and is kept
  } else if (w - w === 0) {
    wBits[i] = CANONICAL_NAN;
  }
}

/** Adds one weight's value bin and zero transition to `counts`; "zero" is ±0 only. */
function countWeight(counts: Uint32Array, wasZero: boolean, newBits: number): void {
  counts[binOfBits(newBits)]! += 1;
  const isZero = (newBits & MAGNITUDE_MASK) === 0;
  if (wasZero !== isZero) counts[isZero ? COUNT_BECAME_ZERO : COUNT_LEFT_ZERO]! += 1;
}

/**
 * The bit patterns of `values`, as int32: the same bits, but V8 keeps int32 reads on its
 * small-integer fast path, where a Uint32Array read of a negative weight's bits (≥ 2^31)
 * would fall back to doubles. `binOfBits` and the masks below read either form alike.
 */
function bitsView(values: Float32Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/**
 * Applies one update to weights [start, end) in place. With `counts`, also adds each new
 * weight's value bin and its zero transitions to `counts` and returns the norm sums of the
 * range; without, returns null and does no statistics work.
 */
export function applyUpdate(
  weights: Float32Array,
  gradient: Float32Array,
  params: UpdateParams,
  counts: Uint32Array,
  start?: number,
  end?: number,
): NormSums;
export function applyUpdate(
  weights: Float32Array,
  gradient: Float32Array,
  params: UpdateParams,
  counts: null,
  start?: number,
  end?: number,
): null;
export function applyUpdate(
  weights: Float32Array,
  gradient: Float32Array,
  params: UpdateParams,
  counts: Uint32Array | null,
  start?: number,
  end?: number,
): NormSums | null;
export function applyUpdate(
  weights: Float32Array,
  gradient: Float32Array,
  params: UpdateParams,
  counts: Uint32Array | null,
  start = 0,
  end = weights.length,
): NormSums | null {
  const form = FORM_CODE[params.l1Form];
  if (form === undefined) throw new Error(`applyUpdate: unknown l1Form ${JSON.stringify(params.l1Form)}`);
  if (gradient.length < end) throw new Error(`applyUpdate: gradient has ${gradient.length} entries, range ends at ${end}`);
  // The GPU reads these from an f32 uniform, so rounding here matches it (they are f32
  // already when they come from toUpdateParams); as f32 values V8 also keeps them unboxed.
  const lr = fround(params.lr);
  const t = fround(params.l1Step);
  const d = fround(params.l2Decay);
  const wBits = bitsView(weights);
  let l1Norm = 0;
  let l2NormSquared = 0;

  if (counts === null) {
    for (let i = start; i < end; i++) updateAt(weights, wBits, gradient, i, lr, t, d, form);
    return null;
  }
  for (let i = start; i < end; i++) {
    // w === 0 holds exactly for the bit patterns ±0 (not for subnormals, not for NaN).
    const wasZero = weights[i] === 0;
    updateAt(weights, wBits, gradient, i, lr, t, d, form);
    const newBits = wBits[i]!;
    countWeight(counts, wasZero, newBits);
    if ((newBits & EXPONENT_MASK) !== EXPONENT_MASK) {
      const magnitude = Math.abs(weights[i]!);
      l1Norm += magnitude;
      l2NormSquared += magnitude * magnitude;
    }
  }
  return { l1Norm, l2NormSquared };
}

/**
 * Statistics of weights as they are, without an update: value bins are added to `counts`
 * and the norm sums returned; the zero-transition counters are left alone (no step, so
 * nothing became or left zero).
 */
export function computeStats(weights: Float32Array, counts: Uint32Array): NormSums {
  const wBits = bitsView(weights);
  let l1Norm = 0;
  let l2NormSquared = 0;
  for (let i = 0; i < weights.length; i++) {
    const bits = wBits[i]!;
    countWeight(counts, (bits & MAGNITUDE_MASK) === 0, bits);
    if ((bits & EXPONENT_MASK) !== EXPONENT_MASK) {
      const magnitude = Math.abs(weights[i]!);
      l1Norm += magnitude;
      l2NormSquared += magnitude * magnitude;
    }
  }
  return { l1Norm, l2NormSquared };
}
