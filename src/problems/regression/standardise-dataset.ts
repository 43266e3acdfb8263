/**
 * Making a user's dataset comparable column by column before a regression on it, as the app
 * does: each feature column standardised (mean 0, standard deviation 1, over all rows; a
 * constant column becomes 0) and the target centred, so that one λ means the same for every
 * column and no intercept is needed. Sums run in f64; the result is a new dataset, the
 * original is left as it was.
 *
 * Not here: reading files (src/data/), the problem made of the result (dataset-problem.ts).
 */
import type { Dataset } from '../../data/dataset.ts';

/** A column whose variance is below this share of its squared mean (or of 1) counts as constant. */
const CONSTANT_VARIANCE = 1e-12;

export function standardiseDataset(dataset: Dataset): Dataset {
  const { sampleCount: n, featureCount: d, features, target } = dataset;
  const mean = new Float64Array(d);
  const square = new Float64Array(d);
  let targetMean = 0;
  for (let i = 0; i < n; i++) {
    targetMean += target[i]!;
    for (let j = 0; j < d; j++) {
      const x = features[i * d + j]!;
      mean[j] = mean[j]! + x;
      square[j] = square[j]! + x * x;
    }
  }
  targetMean /= n;
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    mean[j] = mean[j]! / n;
    const variance = square[j]! / n - mean[j]! ** 2;
    scale[j] = variance > CONSTANT_VARIANCE * Math.max(1, mean[j]! ** 2) ? 1 / Math.sqrt(variance) : 0;
  }
  return {
    ...dataset,
    features: Float32Array.from(features, (x, index) => (x - mean[index % d]!) * scale[index % d]!),
    target: Float32Array.from(target, (y) => y - targetMean),
  };
}
