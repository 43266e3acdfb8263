/**
 * The digits metrics (src/problems/digits/metrics.ts) as rows the line charts read: one row
 * per run and snapshot, with the accuracies, the losses, and each layer's exact-zero and
 * near-zero fractions under keys of their own (`exact0`, `near0`, … input side first), since a
 * chart line reads one key of every row. Null where there is nothing yet (no training score
 * at step 0): such rows give no point.
 *
 * Not here: keeping the rows (a MetricsHistory per run, in digits-loop.ts), drawing.
 */
import type { DigitsMetrics } from '../problems/digits/metrics.ts';

export type LayerKey = `exact${number}` | `near${number}`;

export type DigitsRow = {
  step: number;
  heldOutAccuracy: number | null;
  trainAccuracy: number | null;
  heldOutLoss: number | null;
  trainLoss: number | null;
} & Record<LayerKey, number>;

export type DigitsKey = Exclude<keyof DigitsRow, 'step'>;

export const exactKey = (layer: number): LayerKey => `exact${layer}`;
export const nearKey = (layer: number): LayerKey => `near${layer}`;

export function digitsRow(metrics: DigitsMetrics): DigitsRow {
  const row: Record<string, number | null> = {
    step: metrics.step,
    heldOutAccuracy: metrics.heldOutAccuracy,
    trainAccuracy: metrics.trainAccuracy,
    heldOutLoss: metrics.heldOutLoss,
    trainLoss: metrics.trainLoss,
  };
  metrics.layers.forEach((layer, l) => {
    row[exactKey(l)] = layer.exactZeroFraction;
    row[nearKey(l)] = layer.nearZeroFraction;
  });
  return row as DigitsRow;
}
