/**
 * Snapshots made from a list of weights, as an engine would count them: each f32's value
 * bin from its bit pattern, and the norms over the finite ones. For the UI's data-shaping
 * tests, which need realistic counts without running an engine.
 */
import { binOfBits, COUNTER_COUNT } from '../../src/engine/stats-layout.ts';
import type { Snapshot } from '../../src/engine/types.ts';

export function snapshotOf(weights: readonly number[], step = 1): Snapshot {
  const values = Float32Array.from(weights);
  const counts = new Uint32Array(COUNTER_COUNT);
  for (const b of new Uint32Array(values.buffer)) counts[binOfBits(b)]! += 1;
  const finite = [...values].filter(Number.isFinite);
  return {
    step,
    paramCount: values.length,
    counts,
    l1Norm: Math.fround(finite.reduce((sum, w) => sum + Math.abs(w), 0)),
    l2NormSquared: Math.fround(finite.reduce((sum, w) => sum + w * w, 0)),
  };
}
