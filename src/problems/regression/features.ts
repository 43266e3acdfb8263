/**
 * The design matrix as a function, never stored: feature j of sample i comes from a
 * counter-based hash of (seed, i, j), the same function in TypeScript (here) and in WGSL
 * (shaders/regression-features.wgsl). Sample and feature are hashed one after the other,
 * h = hashAt(hashAt(key, i), j), so n·d may pass 2^32 while each index stays a u32; the
 * inner hashAt(key, i) is the sample's *row key*, computed once per sample on the host.
 *
 * Every feature value is exact in f32 and made by the same single rounding on both engines:
 * integer arithmetic on the hash, then one f32 multiply by a constant.
 *   s(h)        = b0 + b1 + b2 + b3 − 510, the four bytes of h: an integer in [−510, 510],
 *                 mean 0, variance 4·(256² − 1)/12 = 21,845 (Irwin–Hall with four terms)
 *   gaussian    x = f32(s(h)) · f32(1/√21845)                    variance 1
 *   rademacher  x = +1 if the top bit of h is set, else −1
 *   correlated  x = f32(s(hz) + s(h)) · f32(1/√43690)            variance 1
 *               hz = hashAt(latentRowKey, ⌊j/4⌋): a latent factor shared by the group of
 *               four features ⌊j/4⌋, so features in a group correlate at 0.5 and across
 *               groups at 0. Groups of four line up with the vec4s the kernels read.
 * The noise of sample i is gaussian s(hashAt(noiseKey, i)), scaled the same way.
 *
 * Not here: which samples exist (problem.ts), or the sums over samples (predict.ts, gradient.ts).
 */
import { hashAt, streamKey } from '../../engine/hash.ts';
import type { FeatureKind } from './settings.ts';

/** Random streams of one seed, apart from each other and from the engine's weight stream. */
export const STREAM_FEATURES = 0x85ebca6b;
export const STREAM_LATENT = 0xc2b2ae35;
export const STREAM_NOISE = 0x27d4eb2f;
export const STREAM_TRUTH = 0x165667b1;
export const STREAM_ORDER = 0xd3a2646c;

/** Features sharing one latent factor in the `correlated` kind. */
export const GROUP_SIZE = 4;

/** Variance of the sum of four uniform bytes, centred. */
const BYTE_SUM_VARIANCE = 21_845;
/** f32(1/√21845): scales s(h) to variance 1. The WGSL holds its bits as a constant. */
export const GAUSSIAN_SCALE = Math.fround(1 / Math.sqrt(BYTE_SUM_VARIANCE));
/** f32(1/√43690): scales the sum of two independent s(h) to variance 1. */
export const CORRELATED_SCALE = Math.fround(1 / Math.sqrt(2 * BYTE_SUM_VARIANCE));

/** The per-seed keys of the feature and latent streams. */
export interface FeatureKeys {
  features: number;
  latent: number;
}

export function featureKeys(seed: number): FeatureKeys {
  return { features: streamKey(seed, STREAM_FEATURES), latent: streamKey(seed, STREAM_LATENT) };
}

/** A sample's row keys: everything about sample i that its features depend on. */
export interface RowKeys {
  key: number;
  latentKey: number;
}

export function rowKeys(keys: FeatureKeys, sample: number): RowKeys {
  return { key: hashAt(keys.features, sample), latentKey: hashAt(keys.latent, sample) };
}

/**
 * pcgHash (src/engine/hash.ts) with its result as a signed int32: the same 32 bits, for the hot
 * loops. V8 keeps int32 values unboxed, while a u32 past 2^31 returned from a call that is not
 * inlined becomes a heap number: the u32 version ran the gradient 4× slower in Chrome. A test
 * pins the two to the same bits.
 */
export function pcgHash32(input: number): number {
  // 2891336453 − 2^32: the same addition modulo 2^32.
  const state = (Math.imul(input, 747796405) - 1403630843) | 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737);
  return (word >>> 22) ^ word;
}

/**
 * pcgHash32 of features j0 … j0 + 3 (j0 a multiple of 4) and of their group ⌊j0/4⌋: the parts
 * of the feature hashes that depend on the feature alone, computed once per group by loops
 * over samples.
 */
export function columnHashes(j0: number): [number, number, number, number, number] {
  return [pcgHash32(j0), pcgHash32(j0 + 1), pcgHash32(j0 + 2), pcgHash32(j0 + 3), pcgHash32(j0 / GROUP_SIZE)];
}

/** The uncentred sum of the four bytes of h, in [0, 1020]. */
export function rawByteSum(h: number): number {
  return (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24);
}

/** s(h): the centred sum of the four bytes of h, an integer in [−510, 510]. */
export function byteSum(h: number): number {
  return rawByteSum(h) - 510;
}

/** A Gaussian-like draw of variance 1 from one hash. */
export function gaussianFromHash(h: number): number {
  return Math.fround(byteSum(h) * GAUSSIAN_SCALE);
}

/** Feature j of the sample with these row keys: the definition the fast loops and the WGSL follow. */
export function feature(kind: FeatureKind, row: RowKeys, j: number): number {
  const h = hashAt(row.key, j);
  if (kind === 'rademacher') return h >>> 31 === 1 ? 1 : -1;
  if (kind === 'gaussian') return gaussianFromHash(h);
  const z = hashAt(row.latentKey, Math.floor(j / GROUP_SIZE));
  return Math.fround((byteSum(z) + byteSum(h)) * CORRELATED_SCALE);
}

/** The `FEATURE_KIND` override of the kernels (shaders/regression-features.wgsl). */
export const KIND_CODE = { gaussian: 0, rademacher: 1, correlated: 2 } as const satisfies Record<FeatureKind, number>;

/**
 * The hot loops' form of `feature` (predict.ts, gradient.ts), the same for every kind so the
 * loops hold no per-feature branch: x = values[index] with
 *   index = ((S(h) + latent) & sumMask) | ((h >>> 31) & bitMask)
 * S the uncentred byte sum, latent = S(hashAt(latentRowKey, group)) when `correlated`, else 0.
 * Gaussian and correlated index by the byte sums (bitMask 0), rademacher by the top bit
 * (sumMask 0). Each entry of `values` is the f32 the definition gives, so a lookup replaces
 * the multiply and its rounding.
 */
export interface FeatureIndexing {
  values: Float64Array;
  sumMask: number;
  bitMask: number;
  correlated: boolean;
}

const INDEXING: Record<FeatureKind, FeatureIndexing> = {
  gaussian: {
    values: Float64Array.from({ length: 1021 }, (_, i) => Math.fround((i - 510) * GAUSSIAN_SCALE)),
    sumMask: ~0,
    bitMask: 0,
    correlated: false,
  },
  rademacher: { values: Float64Array.of(-1, 1), sumMask: 0, bitMask: 1, correlated: false },
  correlated: {
    values: Float64Array.from({ length: 2041 }, (_, i) => Math.fround((i - 1020) * CORRELATED_SCALE)),
    sumMask: ~0,
    bitMask: 0,
    correlated: true,
  },
};

export function featureIndexing(kind: FeatureKind): FeatureIndexing {
  return INDEXING[kind];
}

/** The index into `FeatureIndexing.values` for feature hash h. */
export function featureIndex(h: number, latent: number, sumMask: number, bitMask: number): number {
  return ((rawByteSum(h) + latent) & sumMask) | ((h >>> 31) & bitMask);
}

/**
 * The largest eigenvalue of the features' covariance Σ: 1 for independent features; for the
 * correlated kind a group's block 0.5·I + 0.5·11ᵀ has 1 + (GROUP_SIZE − 1)·0.5 = 2.5.
 */
export function covarianceNorm(kind: FeatureKind): number {
  return kind === 'correlated' ? 1 + (GROUP_SIZE - 1) * 0.5 : 1;
}
