/**
 * The sums over a user's dataset on the CPU, written from the maths: predictions
 * h(x_t) = Σ_j w_j·x_tj and residuals r_t = h(x_t) − y_t, and the gradient
 * ∂E/∂w_j = scale·Σ_t r_t·x_tj (scale = 2/m over the step's m rows). The matrix is the
 * dataset's row-major n×d Float32Array; a row set's keys are row numbers into it. Sums run in
 * f64 and round to f32 once, as predict.ts and gradient.ts do for generated data.
 *
 * Not here: generated data (predict.ts, gradient.ts), reading or writing the engine
 * (dataset-regression.ts).
 */
import type { Dataset } from '../../data/dataset.ts';
import type { RowSet } from './problem.ts';

/** r_t = f32(Σ_j w_j·x_tj − y_t) for every row of `rows`. */
export function datasetResiduals(dataset: Dataset, rows: RowSet, weights: Float32Array): Float32Array {
  const { features: x, featureCount: d } = dataset;
  const residuals = new Float32Array(rows.count);
  for (let t = 0; t < rows.count; t++) {
    const base = rows.keys[t]! * d;
    let prediction = 0;
    for (let j = 0; j < d; j++) prediction += weights[j]! * x[base + j]!;
    residuals[t] = prediction - rows.targets[t]!;
  }
  return residuals;
}

/** Writes f32(scale·Σ_t r_t·x_tj) into `out[j]` for every feature j. */
export function datasetGradient(dataset: Dataset, rows: RowSet, residuals: Float32Array, scale: number, out: Float32Array): void {
  const { features: x, featureCount: d } = dataset;
  // Row by row, so the matrix is read in its own (row-major) order.
  const sums = new Float64Array(d);
  for (let t = 0; t < rows.count; t++) {
    const base = rows.keys[t]! * d;
    const r = residuals[t]!;
    for (let j = 0; j < d; j++) sums[j]! += r * x[base + j]!;
  }
  for (let j = 0; j < d; j++) out[j] = scale * sums[j]!;
}
