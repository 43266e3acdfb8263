/**
 * One sparse-recovery problem made concrete from its settings, on the host: the k-sparse
 * truth w*, and for every training and held-out sample its row keys and its target
 * y_i = w*·x_i + σ·noise_i. Both engines train on these very rows, so the data cannot differ
 * between them; only the sums over features (the design matrix, never stored) run on the
 * engine's side. Memory is O(n + n_test + k), whatever d is.
 *
 * The truth: k distinct indices drawn uniformly from [0, d) by the hash (stream
 * STREAM_TRUTH), sorted; each value ±(1 + u) with u in [0, 1) from 23 hash bits and the sign
 * from another, so |w*_j| ∈ [1, 2), exact in f32. Targets sum w*_j·x_ij in f64 and round once.
 *
 * Not here: checks (settings.ts), the sample order of minibatches (sample-order.ts), the sums
 * over features (residual.ts, gradient.ts, and their kernels).
 */
import { hashAt, streamKey } from '../../engine/hash.ts';
import { feature, featureKeys, gaussianFromHash, rowKeys, STREAM_NOISE, STREAM_TRUTH, type FeatureKeys } from './features.ts';
import { checkRegressionSettings, TEST_SAMPLE_OFFSET, type RegressionSettings } from './settings.ts';

/** Samples as the sums over features see them: row keys and targets, one entry per sample. */
export interface RowSet {
  count: number;
  /**
   * What the backend finds each sample's features by: its row key (features.ts) for generated
   * data; for a user's dataset (dataset-problem.ts), its row number in the dataset.
   */
  keys: Uint32Array;
  /** The correlated kind's latent row keys (generated data; zeros for a dataset). */
  latentKeys: Uint32Array;
  targets: Float32Array;
}

/** The true weights: sorted distinct indices and their values. */
export interface Truth {
  indices: Uint32Array;
  values: Float32Array;
}

/**
 * What a run (regression-run.ts) trains on and measures against, whichever problem it is: the
 * generated one below or a user's dataset (dataset-problem.ts).
 */
export interface RegressionData {
  /** d: one weight per feature. */
  readonly features: number;
  /** n, the batch and the seed (of the sample order and the starting weights). */
  readonly settings: Pick<RegressionSettings, 'samples' | 'batch' | 'seed'>;
  /** The true weights when the data were made from them; null for a user's data. */
  readonly truth: Truth | null;
  readonly train: RowSet;
  readonly test: RowSet;
}

export class RegressionProblem implements RegressionData {
  readonly settings: RegressionSettings;
  readonly keys: FeatureKeys;
  readonly truth: Truth;
  /** Samples [0, n). */
  readonly train: RowSet;
  /** Samples [2^31, 2^31 + n_test). */
  readonly test: RowSet;

  private constructor(settings: RegressionSettings) {
    this.settings = settings;
    this.keys = featureKeys(settings.seed);
    this.truth = drawTruth(settings);
    this.train = this.#rows(0, settings.samples);
    this.test = this.#rows(TEST_SAMPLE_OFFSET, settings.testSamples);
  }

  /** Throws `ConfigError` naming the first bad setting. */
  static create(settings: RegressionSettings): RegressionProblem {
    return new RegressionProblem({ ...checkRegressionSettings(settings) });
  }

  get features(): number {
    return this.settings.features;
  }

  #rows(first: number, count: number): RowSet {
    const { featureKind, noise } = this.settings;
    const noiseKey = streamKey(this.settings.seed, STREAM_NOISE);
    const rows: RowSet = { count, keys: new Uint32Array(count), latentKeys: new Uint32Array(count), targets: new Float32Array(count) };
    const { indices, values } = this.truth;
    for (let t = 0; t < count; t++) {
      const sample = first + t;
      const row = rowKeys(this.keys, sample);
      let y = 0;
      for (let s = 0; s < indices.length; s++) y += values[s]! * feature(featureKind, row, indices[s]!);
      rows.keys[t] = row.key;
      rows.latentKeys[t] = row.latentKey;
      rows.targets[t] = y + noise * gaussianFromHash(hashAt(noiseKey, sample));
    }
    return rows;
  }
}

/** The rows at `positions` of `rows` (a minibatch of the training set). */
export function selectRows(rows: RowSet, positions: Uint32Array): RowSet {
  const pick = <T extends Uint32Array | Float32Array>(from: T, to: T): T => {
    positions.forEach((p, t) => (to[t] = from[p]!));
    return to;
  };
  const count = positions.length;
  return {
    count,
    keys: pick(rows.keys, new Uint32Array(count)),
    latentKeys: pick(rows.latentKeys, new Uint32Array(count)),
    targets: pick(rows.targets, new Float32Array(count)),
  };
}

/** The same samples with every target 0: E's gradient is then 2·(XᵀX/m)·w (power iteration). */
export function withoutTargets(rows: RowSet): RowSet {
  return { ...rows, targets: new Float32Array(rows.count) };
}

function drawTruth({ features: d, nonzeros: k, seed }: RegressionSettings): Truth {
  const key = streamKey(seed, STREAM_TRUTH);
  const indexKey = hashAt(key, 0);
  const valueKey = hashAt(key, 1);
  const chosen = new Set<number>();
  // Rejection of repeats: k ≤ d, and k ≪ d in any sparse problem, so this ends quickly.
  for (let c = 0; chosen.size < k; c++) chosen.add(Math.floor((hashAt(indexKey, c >>> 0) / 2 ** 32) * d));
  const indices = Uint32Array.from(chosen).sort();
  const values = Float32Array.from(indices, (_, s) => {
    const h = hashAt(valueKey, s);
    return (h & 1 ? -1 : 1) * (1 + (h >>> 9) * 2 ** -23);
  });
  return { indices, values };
}
