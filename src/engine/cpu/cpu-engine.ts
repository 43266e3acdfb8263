/**
 * The CPU engine: the `Engine` contract over two Float32Arrays, using `applyUpdate` and
 * `initWeights`. It is the reference the WebGPU engine is tested against and the fallback
 * where there is no adapter. Work runs synchronously inside each call, but snapshots are
 * delivered later (in a promise chain, in step order), so a consumer sees the same timing
 * shape as with the GPU engine. It has no shards, staging buffers or workgroups: the GPU
 * options `maxShardParams` and `workgroupCount` are accepted and ignored, and no snapshot
 * is ever dropped.
 */
import { checkParamCount, checkRange, checkWeightInit, checkWriteRange, MAX_PARAM_COUNT } from '../checks.ts';
import { COUNTER_COUNT } from '../stats-layout.ts';
import type { Engine, EngineOptions, Snapshot, SnapshotListener, UpdateParams, WeightInit } from '../types.ts';
import { applyUpdate, computeStats, type NormSums } from './apply-update.ts';
import { initWeights } from './init-weights.ts';

/**
 * The most parameters the CPU engine takes: 2^30. Weights and gradient are two
 * Float32Arrays of N floats, so this is 4 GiB each, 8 GiB together, about what a 64-bit
 * JS engine lets one ArrayBuffer hold (V8 in Node 20 allows 2^32 elements per typed array;
 * browsers vary and are lower). Indices below 2^30 also stay small integers in V8 builds
 * with pointer compression, which keeps the hot loop fast. Past this, use the GPU engine.
 */
export const CPU_MAX_PARAM_COUNT = Math.min(2 ** 30, MAX_PARAM_COUNT);
const LIMIT_REASON = 'the CPU engine holds weights and gradient as two Float32Arrays of this length';

export function createCpuEngine(options: EngineOptions): Engine {
  return new CpuEngine(options);
}

class CpuEngine implements Engine {
  readonly kind = 'cpu';
  readonly deviceName = 'CPU (TypeScript, f32)';
  readonly droppedSnapshots = 0;
  readonly paramCount: number;

  #weights: Float32Array;
  #gradient: Float32Array;
  #stepCount = 0;
  #listeners = new Set<SnapshotListener>();
  /** Resolves once every snapshot queued so far has been delivered. */
  #delivered: Promise<void> = Promise.resolve();
  #destroyed = false;

  constructor(options: EngineOptions) {
    // Validate before allocating: a bad size must be a ConfigError, not a RangeError or OOM.
    this.paramCount = checkParamCount(options.paramCount, CPU_MAX_PARAM_COUNT, LIMIT_REASON);
    checkWeightInit(options.init);
    this.#weights = new Float32Array(this.paramCount);
    this.#gradient = new Float32Array(this.paramCount);
    initWeights(this.#weights, options.init);
  }

  get stepCount(): number {
    return this.#stepCount;
  }

  initWeights(init: WeightInit): void {
    this.#assertAlive('initWeights');
    initWeights(this.#weights, init);
    this.#stepCount = 0;
  }

  writeWeights(values: Float32Array, offset = 0): void {
    this.#assertAlive('writeWeights');
    checkWriteRange(values.length, offset, this.paramCount);
    this.#weights.set(values, offset);
  }

  writeGradient(values: Float32Array, offset = 0): void {
    this.#assertAlive('writeGradient');
    checkWriteRange(values.length, offset, this.paramCount);
    this.#gradient.set(values, offset);
  }

  step(params: UpdateParams, options?: { snapshot?: boolean }): void {
    this.#assertAlive('step');
    if (options?.snapshot) {
      const counts = new Uint32Array(COUNTER_COUNT);
      const sums = applyUpdate(this.#weights, this.#gradient, params, counts);
      this.#stepCount += 1;
      this.#queue(counts, sums);
    } else {
      applyUpdate(this.#weights, this.#gradient, params, null);
      this.#stepCount += 1;
    }
  }

  requestSnapshot(): void {
    this.#assertAlive('requestSnapshot');
    const counts = new Uint32Array(COUNTER_COUNT);
    this.#queue(counts, computeStats(this.#weights, counts));
  }

  onSnapshot(listener: SnapshotListener): () => void {
    this.#assertAlive('onSnapshot');
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async readWeights(start = 0, count = this.paramCount - start): Promise<Float32Array> {
    this.#assertAlive('readWeights');
    checkRange('readWeights', start, count, this.paramCount);
    // slice() of a Float32Array copies bytes, so NaN payloads come back unchanged.
    return this.#weights.slice(start, start + count);
  }

  settled(): Promise<void> {
    return this.#delivered;
  }

  /** Frees the arrays and drops undelivered snapshots; a second call does nothing. */
  destroy(): void {
    this.#destroyed = true;
    this.#listeners.clear();
    this.#weights = new Float32Array(0);
    this.#gradient = new Float32Array(0);
  }

  #queue(counts: Uint32Array, sums: NormSums): void {
    // Reported as f32, like the GPU's sums: past f32's range a norm is Infinity.
    const snapshot: Snapshot = {
      step: this.#stepCount,
      paramCount: this.paramCount,
      counts,
      l1Norm: Math.fround(sums.l1Norm),
      l2NormSquared: Math.fround(sums.l2NormSquared),
    };
    this.#delivered = this.#delivered.then(() => this.#deliver(snapshot));
  }

  #deliver(snapshot: Snapshot): void {
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        // Like EventTarget: report the error without stopping other listeners or later snapshots.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  #assertAlive(method: string): void {
    if (this.#destroyed) throw new Error(`CPU engine: ${method}() called after destroy()`);
  }
}
