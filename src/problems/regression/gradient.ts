/**
 * The backward half of a step on the CPU: ∂E/∂w_j = scale·Σ_t r_t·x_tj with scale = 2/m over
 * the m rows of the step. Mirrors shaders/regression-gradient.wgsl, written from the maths.
 * Features are visited in groups of four (the kernel's vec4s, and the correlated kind's
 * groups); each sum runs over all rows in f64 and is rounded to f32 once.
 */
import * as features from './features.ts';
import type { RowSet } from './problem.ts';
import type { FeatureKind } from './settings.ts';

// Module-local bindings for the hot loop: an imported function called there went through the
// module loader's accessor on every call under vitest and tsx (5–10× slower).
const { columnHashes, featureIndex: index, featureIndexing, GROUP_SIZE, pcgHash32: hash, rawByteSum } = features;

/**
 * Writes ∂E/∂w_j into `out[j − offset]` for j in [offset, offset + out.length). `offset`
 * must be a multiple of 4.
 */
export function computeGradient(out: Float32Array, offset: number, kind: FeatureKind, rows: RowSet, residuals: Float32Array, scale: number): void {
  if (offset % GROUP_SIZE !== 0) throw new RangeError(`offset must be a multiple of ${GROUP_SIZE}, got ${offset}`);
  const { values, sumMask, bitMask, correlated } = featureIndexing(kind);
  const { keys, latentKeys, count } = rows;
  for (let base = 0; base < out.length; base += GROUP_SIZE) {
    const j = offset + base;
    const [c0, c1, c2, c3, group] = columnHashes(j);
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let t = 0; t < count; t++) {
      const r = residuals[t]!;
      const key = keys[t]! | 0;
      const z = correlated ? rawByteSum(hash(group ^ latentKeys[t]!)) : 0;
      a0 += r * values[index(hash(c0 ^ key), z, sumMask, bitMask)]!;
      a1 += r * values[index(hash(c1 ^ key), z, sumMask, bitMask)]!;
      a2 += r * values[index(hash(c2 ^ key), z, sumMask, bitMask)]!;
      a3 += r * values[index(hash(c3 ^ key), z, sumMask, bitMask)]!;
    }
    // The last group may hang past the end: its extra lanes are computed and dropped.
    const sums = [a0, a1, a2, a3];
    for (let lane = 0; lane < GROUP_SIZE && base + lane < out.length; lane++) out[base + lane] = scale * sums[lane]!;
  }
}

