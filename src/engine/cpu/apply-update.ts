/**
 * One update of a weight range on the CPU, written from the maths in `types.ts`, and the
 * statistics pass that can ride along with it. This is the reference the GPU kernels are
 * tested against and also the CPU engine's hot loop. It is not an engine (no step count,
 * no snapshots, no validation of user input beyond the rule's form).
 *
 * f32 is emulated by `Math.fround` after every operation the kernel performs in f32:
 * doubles hold every f32 exactly, and rounding the exact double result of one +, − or ×
 * of two f32 values to f32 gives the correctly rounded f32 result, so each fround here
 * stands for one f32 instruction (no FMA contraction: the contract rounds each product).
 * The one product left unrounded is t·sign(w), which is ±t or 0 and so already an f32.
 *
 * Bit patterns are read and written through an integer view laid over the same bytes as
 * the Float32Array (`bitsView`), so the bins come from the bits, the canonical NaN we
 * write has exactly the bits 0x7fc00000, and a NaN weight, never rewritten, keeps its
 * payload.
 *
 * Speed shapes the code: the CPU engine is the fallback where there is no GPU, and the
 * benchmark holds it to TensorFlow.js's cpu backend. So the three rules are three flat
 * loops rather than one loop testing the form, or one built from small helper functions:
 * in V8 each of those cost 20–25% in native ES modules (a form test per weight; a check
 * of the helper's module binding per call). sign(x) is written +(x > 0) − +(x < 0)
 * because a ternary or Math.sign compiles to branches that mispredict on random signs.
 */
import { BIN_NEG_NORMAL, BIN_POS_NORMAL, BIN_ZERO, binOfBits, COUNT_BECAME_ZERO, COUNT_LEFT_ZERO } from '../stats-layout.ts';
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
/** Weights per statistics chunk: the update runs on a chunk, then the chunk is counted. */
const CHUNK = 4096;

const fround = Math.fround;

type RangeUpdate = (weights: Float32Array, wBits: Int32Array, gradient: Float32Array, start: number, end: number, lr: number, t: number, d: number) => void;

/*
 * The three loops share their frame, which carries the rules common to every form:
 *  - x − x is 0 for finite x and NaN for NaN or ±Inf, so one test finds a non-finite
 *    weight or gradient. A NaN or ±Inf weight is left as it is (not even rewritten); a
 *    finite weight with a non-finite gradient becomes the canonical NaN.
 *  - A subnormal w or g is read as 0 (as a GPU that flushes denormals reads it).
 *  - u = (w − lr·g) − d·w, each product and difference rounded to f32 and flushed.
 *  - A zero or subnormal result is written as +0; −0 too, since WGSL may ignore the sign
 *    of a zero and +0 is what both engines can agree on. NaN fails the test and is kept.
 */

/** A subnormal f32 read as 0. */
function flush(x: number): number {
  // One compare, almost never true: well predicted, unlike a two-sided range test.
  return Math.abs(x) < MIN_NORMAL ? 0 : x;
}

/**
 * u = (w − lr·g) − d·w, with every product and difference rounded to f32 and flushed: the
 * GPU flushes subnormal intermediates (SwiftShader does; a test found 0.5·2^−126 read as
 * 0 inside the update), so the mirror does too.
 */
function stepBeforeL1(w: number, g: number, lr: number, d: number): number {
  return flush(fround(flush(fround(w - flush(fround(lr * g)))) - flush(fround(d * w))));
}

/** sign:  w' = u − t·sign(w)   (notebook eq. 3a/3b; sign(0) = 0) */
function signSteps(weights: Float32Array, wBits: Int32Array, gradient: Float32Array, start: number, end: number, lr: number, t: number, d: number): void {
  for (let i = start; i < end; i++) {
    const w0 = weights[i]!;
    const g0 = gradient[i]!;
    if (w0 - w0 + (g0 - g0) !== 0) {
      if (w0 - w0 === 0) wBits[i] = CANONICAL_NAN;
      continue;
    }
    const w = Math.abs(w0) < MIN_NORMAL ? 0 : w0;
    const g = Math.abs(g0) < MIN_NORMAL ? 0 : g0;
    const u = stepBeforeL1(w, g, lr, d);
    const next = fround(u - t * (+(w > 0) - +(w < 0)));
    weights[i] = Math.abs(next) < MIN_NORMAL ? 0 : next;
  }
}

/**
 * clip:  v = u − t·s with s = sign(w); w' = 0 if s·u ≥ 0 and s·v < 0 (the L1 step itself
 * reached or crossed zero), else v. (s ≠ 0 is implied: s = 0 makes s·v = 0.) A weight the
 * gradient already carried across zero keeps v: the L1 step then pushes it on, as in eq. 3.
 */
function clipSteps(weights: Float32Array, wBits: Int32Array, gradient: Float32Array, start: number, end: number, lr: number, t: number, d: number): void {
  for (let i = start; i < end; i++) {
    const w0 = weights[i]!;
    const g0 = gradient[i]!;
    if (w0 - w0 + (g0 - g0) !== 0) {
      if (w0 - w0 === 0) wBits[i] = CANONICAL_NAN;
      continue;
    }
    const w = Math.abs(w0) < MIN_NORMAL ? 0 : w0;
    const g = Math.abs(g0) < MIN_NORMAL ? 0 : g0;
    const u = stepBeforeL1(w, g, lr, d);
    const s = +(w > 0) - +(w < 0);
    const v = fround(u - t * s);
    weights[i] = (s * u >= 0 && s * v < 0) || Math.abs(v) < MIN_NORMAL ? 0 : v;
  }
}

/** prox:  w' = sign(u)·max(|u| − t, 0)   (soft threshold, ISTA) */
function proxSteps(weights: Float32Array, wBits: Int32Array, gradient: Float32Array, start: number, end: number, lr: number, t: number, d: number): void {
  for (let i = start; i < end; i++) {
    const w0 = weights[i]!;
    const g0 = gradient[i]!;
    if (w0 - w0 + (g0 - g0) !== 0) {
      if (w0 - w0 === 0) wBits[i] = CANONICAL_NAN;
      continue;
    }
    const w = Math.abs(w0) < MIN_NORMAL ? 0 : w0;
    const g = Math.abs(g0) < MIN_NORMAL ? 0 : g0;
    const u = stepBeforeL1(w, g, lr, d);
    const next = fround((+(u > 0) - +(u < 0)) * Math.max(fround(Math.abs(u) - t), 0));
    weights[i] = Math.abs(next) < MIN_NORMAL ? 0 : next;
  }
}

const RANGE_UPDATES: Readonly<Record<L1Form, RangeUpdate>> = { sign: signSteps, clip: clipSteps, prox: proxSteps };

/**
 * Adds the value bins of weights [start, end) to `counts` and their norms to `sums`. With
 * `wasZero` (1 where weight start + k was ±0 before the step), also counts the weights that
 * became or left zero. A normal number's bin is computed here without branches (its sign
 * would mispredict); zeros, subnormals, NaN and ±Inf go to `binOfBits`.
 */
function tally(weights: Float32Array, wBits: Int32Array, start: number, end: number, wasZero: Uint8Array | null, counts: Uint32Array, sums: NormSums): void {
  let l1Norm = 0;
  let l2NormSquared = 0;
  for (let i = start; i < end; i++) {
    const bits = wBits[i]!;
    const exponent = (bits >>> 23) & 0xff;
    const isZero = (bits & MAGNITUDE_MASK) === 0;
    if (isZero) counts[BIN_ZERO]! += 1;
    else if (exponent === 0 || exponent === 0xff) counts[binOfBits(bits)]! += 1;
    else counts[BIN_NEG_NORMAL + ((bits >>> 31) ^ 1) * (BIN_POS_NORMAL - BIN_NEG_NORMAL) + exponent - 1]! += 1;
    if (wasZero !== null && wasZero[i - start] !== +isZero) counts[isZero ? COUNT_BECAME_ZERO : COUNT_LEFT_ZERO]! += 1;
    if (exponent !== 0xff) {
      const magnitude = Math.abs(weights[i]!);
      l1Norm += magnitude;
      l2NormSquared += magnitude * magnitude;
    }
  }
  sums.l1Norm += l1Norm;
  sums.l2NormSquared += l2NormSquared;
}

/**
 * The bit patterns of `values`, as int32: the same bits, but V8 keeps int32 reads on its
 * small-integer fast path, where a Uint32Array read of a negative weight's bits (≥ 2^31)
 * would fall back to doubles. `binOfBits` and the masks read either form alike.
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
  const update = Object.hasOwn(RANGE_UPDATES, params.l1Form) ? RANGE_UPDATES[params.l1Form] : undefined;
  if (update === undefined) throw new Error(`applyUpdate: unknown l1Form ${JSON.stringify(params.l1Form)}`);
  if (gradient.length < end) throw new Error(`applyUpdate: gradient has ${gradient.length} entries, range ends at ${end}`);
  // The GPU reads these from an f32 uniform and may flush a subnormal one, so rounding and
  // flushing here match it (toUpdateParams already did both); V8 also keeps them unboxed.
  const lr = flush(fround(params.lr));
  const t = flush(fround(params.l1Step));
  const d = flush(fround(params.l2Decay));
  const wBits = bitsView(weights);
  if (counts === null) {
    update(weights, wBits, gradient, start, end, lr, t, d);
    return null;
  }
  // Chunk by chunk: note which weights are zero, update the chunk, count it while it is
  // still in cache. The update loops stay free of statistics work.
  const sums: NormSums = { l1Norm: 0, l2NormSquared: 0 };
  const wasZero = new Uint8Array(CHUNK);
  for (let from = start; from < end; from += CHUNK) {
    const to = Math.min(from + CHUNK, end);
    // w === 0 holds exactly for the bit patterns ±0 (not for subnormals, not for NaN).
    for (let i = from; i < to; i++) wasZero[i - from] = +(weights[i] === 0);
    update(weights, wBits, gradient, from, to, lr, t, d);
    tally(weights, wBits, from, to, wasZero, counts, sums);
  }
  return sums;
}

/**
 * Statistics of weights as they are, without an update: value bins are added to `counts`
 * and the norm sums returned; the zero-transition counters are left alone (no step, so
 * nothing became or left zero).
 */
export function computeStats(weights: Float32Array, counts: Uint32Array): NormSums {
  const sums: NormSums = { l1Norm: 0, l2NormSquared: 0 };
  tally(weights, bitsView(weights), 0, weights.length, null, counts, sums);
  return sums;
}
