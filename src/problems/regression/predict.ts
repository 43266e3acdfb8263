/**
 * The forward half of a step on the CPU: predictions h(x_t) = w·x_t summed over features,
 * then residuals r_t = h(x_t) − y_t. Mirrors shaders/regression-predict.wgsl (the sums) and
 * shaders/regression-residual.wgsl (the subtraction), written from the maths, not from them.
 *
 * Sums run over the weights a chunk at a time (the caller reads them from the engine in
 * chunks, so no second d-long array is needed), feature groups of four at a time: the
 * grouping that lets the correlated kind hash each latent factor once, as the kernels do.
 * A group of four zero weights is skipped: under L1 most are, so the predictions cost
 * O(nonzeros·m), not O(d·m) (the kernel skips tiles of 256 vec4s whose weights are all zero).
 * Accumulation is in f64 and each residual is rounded to f32 once, so the CPU is the more
 * accurate of the two engines; tests compare them with a tolerance.
 */
import * as features from './features.ts';
import type { RowSet } from './problem.ts';
import type { FeatureKind } from './settings.ts';

// Module-local bindings for the hot loop: an imported function called there went through the
// module loader's accessor on every call under vitest and tsx (5–10× slower).
const { columnHashes, featureIndex: index, featureIndexing, GROUP_SIZE, pcgHash32: hash, rawByteSum } = features;

/**
 * Adds w_j·x_tj to `predictions[t]` for every row t and every j in [offset, offset + weights.length).
 * `offset` must be a multiple of 4, so groups line up with the correlated kind's.
 */
export function addPredictions(predictions: Float64Array, weights: Float32Array, offset: number, kind: FeatureKind, rows: RowSet): void {
  if (offset % GROUP_SIZE !== 0) throw new RangeError(`offset must be a multiple of ${GROUP_SIZE}, got ${offset}`);
  const { values, sumMask, bitMask, correlated } = featureIndexing(kind);
  const { keys, latentKeys, count } = rows;
  for (let base = 0; base < weights.length; base += GROUP_SIZE) {
    const w0 = weights[base] ?? 0;
    const w1 = weights[base + 1] ?? 0;
    const w2 = weights[base + 2] ?? 0;
    const w3 = weights[base + 3] ?? 0;
    if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
    const j = offset + base;
    const [c0, c1, c2, c3, group] = columnHashes(j);
    for (let t = 0; t < count; t++) {
      const key = keys[t]! | 0;
      const z = correlated ? rawByteSum(hash(group ^ latentKeys[t]!)) : 0;
      predictions[t]! +=
        w0 * values[index(hash(c0 ^ key), z, sumMask, bitMask)]! +
        w1 * values[index(hash(c1 ^ key), z, sumMask, bitMask)]! +
        w2 * values[index(hash(c2 ^ key), z, sumMask, bitMask)]! +
        w3 * values[index(hash(c3 ^ key), z, sumMask, bitMask)]!;
    }
  }
}

/** r_t = f32(prediction_t − y_t). */
export function residualsOf(predictions: Float64Array, rows: RowSet): Float32Array {
  return Float32Array.from(rows.targets, (y, t) => predictions[t]! - y);
}

