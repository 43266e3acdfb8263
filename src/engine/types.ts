/**
 * The contract every engine keeps: the hyperparameters of one update, the snapshot of
 * sparsity statistics, and the `Engine` interface itself. Types only (plus the rule names,
 * which the schema and UI list): no DOM, no WebGPU objects, no arithmetic.
 *
 * The update rules, with learning rate η, gradient g = ∂E0/∂w and λ1, λ2 ≥ 0 (the notebook
 * takes η = 1); all arithmetic in f32:
 *   none      w ← w − ηg
 *   l1        w ← w − ηg − ηλ1·sign(w)                 (notebook eq. 3a/3b; sign(0) = 0)
 *   l1-clip   as l1, but a weight whose L1 step would reach or cross zero stops at exactly 0
 *   l1-prox   u = w − ηg;  w ← sign(u)·max(|u| − ηλ1, 0)  (soft threshold, ISTA)
 *   l2        w ← w − ηg − ηλ2·w                       (notebook eq. 4)
 * Elastic net is an L1 rule with λ2 > 0: the L2 decay joins the gradient step (u above
 * becomes w − ηg − ηλ2·w) before the L1 step.
 *
 * Exact f32 semantics, identical on both engines (t = l1Step, d = l2Decay, s = sign(w)):
 *   u = (w − lr·g) − d·w          each product and difference rounded to f32
 *   sign:  w' = u − t·s
 *   clip:  v = u − t·s;  w' = 0 if s ≠ 0, s·u ≥ 0 and s·v < 0 (the L1 step reached or
 *          crossed zero), else v
 *   prox:  w' = sign(u)·max(|u| − t, 0)
 * Flush to zero, made explicit because GPUs may flush and JS never does: a subnormal w or
 * g is read as 0, every subnormal intermediate is 0, and a zero or subnormal result is
 * written as +0.
 * Non-finite values (found by bit pattern): a NaN or ±Inf weight is left as it is; a
 * finite weight with a NaN or ±Inf gradient becomes NaN (bits 0x7fc00000). Overflow of a
 * finite computation gives ±Inf as IEEE says.
 */

/** The named rules a user picks from (URL, command line, UI). */
export const RULE_NAMES = ['none', 'l1', 'l1-clip', 'l1-prox', 'l2'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** How the L1 term is applied: the notebook's sign step, clipped at zero, or proximal. */
export type L1Form = 'sign' | 'clip' | 'prox';

/** What a user sets: a rule plus its strengths. Validated by `parseRegulariser`. */
export interface Regulariser {
  rule: RuleName;
  /** Learning rate η ≥ 0. */
  lr: number;
  /** λ1 ≥ 0; only the l1 rules use it. */
  l1: number;
  /** λ2 ≥ 0; used by `l2`, and by the l1 rules for elastic net. */
  l2: number;
}

/**
 * One update as both engines execute it: the rule resolved to an L1 form and the two
 * per-step amounts. `l1Step` = ηλ1 and `l2Decay` = ηλ2 are rounded to f32 once, on the
 * host, so both engines use the identical values.
 */
export interface UpdateParams {
  lr: number;
  l1Step: number;
  l2Decay: number;
  l1Form: L1Form;
}

/** How weights start: drawn from a counter-based hash of (seed, index), identical on both engines. */
export interface WeightInit {
  /**
   * `symmetric`: scale·(2k − 2^24)·2^−24 with k the hash's top 24 bits, in [−scale, scale);
   * `positive`: scale·(2k + 1)·2^−24 with k its top 23 bits, in (0, scale).
   */
  kind: 'symmetric' | 'positive';
  scale: number;
  /** Any u32. */
  seed: number;
}

/**
 * Sparsity statistics of the whole parameter vector after one step. Counts are exact
 * integers; `counts` is laid out as in `stats-layout.ts` and its value bins sum to N.
 */
export interface Snapshot {
  /** Steps taken when the snapshot was computed (0 for the initial weights). */
  step: number;
  paramCount: number;
  counts: Uint32Array;
  /** ‖w‖₁ over the finite weights, as an f32 (Infinity past f32's range). */
  l1Norm: number;
  /** ‖w‖₂² over the finite weights, as an f32 (Infinity past f32's range). */
  l2NormSquared: number;
}

export type EngineKind = 'webgpu' | 'cpu';

export interface EngineOptions {
  paramCount: number;
  init: WeightInit;
  /**
   * Largest shard, in parameters (a multiple of 4). Defaults to what one storage binding
   * holds; tests set it small to exercise sharding at small N.
   */
  maxShardParams?: number;
  /**
   * Workgroups launched per shard by the grid-stride kernels (a tunable: few long-lived
   * groups suit software adapters, more suit big GPUs). Past 65,535 the grid spills into y.
   */
  workgroupCount?: number;
}

export type SnapshotListener = (snapshot: Snapshot) => void;

/**
 * A parameter vector, its gradient and the update. Both engines implement it; the CPU
 * engine is the reference the GPU engine is tested against.
 *
 * Work is queued, never awaited inside the step loop: `step` returns at once, snapshots
 * arrive later through listeners, in step order. A snapshot that cannot be read back
 * because every staging buffer is busy is dropped (and counted), never waited for.
 */
export interface Engine {
  readonly kind: EngineKind;
  /** The adapter's name, or a description of the CPU engine. */
  readonly deviceName: string;
  readonly paramCount: number;
  /** Steps applied so far. */
  readonly stepCount: number;
  /** Snapshots dropped because no staging buffer was free. */
  readonly droppedSnapshots: number;

  /** Redraw every weight from the hash and reset the step count to 0. */
  initWeights(init: WeightInit): void;
  /** Overwrite weights [offset, offset + values.length). */
  writeWeights(values: Float32Array, offset?: number): void;
  /** Overwrite gradient entries [offset, offset + values.length). */
  writeGradient(values: Float32Array, offset?: number): void;
  /** Apply one update to every weight; with `snapshot`, also compute statistics in the same pass. */
  step(params: UpdateParams, options?: { snapshot?: boolean }): void;
  /** Statistics of the current weights without updating them. */
  requestSnapshot(): void;
  onSnapshot(listener: SnapshotListener): () => void;
  /**
   * Copy weights [start, start + count) back; by default the whole vector (tests and
   * checkpoints). A few weights (trajectories) are cheap; never read the whole vector in
   * the step loop.
   */
  readWeights(start?: number, count?: number): Promise<Float32Array>;
  /** Resolves when all queued work is done and its snapshots delivered. */
  settled(): Promise<void>;
  destroy(): void;
}
