/**
 * Which training samples each step sees. A full batch is every sample, in index order, every
 * step. A minibatch of b takes the next b positions of an endless stream made of one
 * shuffle of [0, n) per epoch: epoch e is a Fisher–Yates shuffle driven by
 * hashAt(hashAt(streamKey(seed, STREAM_ORDER), e), i), so the batch of step s depends only on
 * (seed, n, b, s): the same on every engine, for any run length, and lockstep runs share it.
 * A batch may straddle two epochs when b does not divide n.
 *
 * Not here: the rows themselves (problem.ts picks them with `selectRows`).
 */
import { hashAt, streamKey } from '../../engine/hash.ts';
import { STREAM_ORDER } from './features.ts';

export class SampleOrder {
  readonly samples: number;
  /** Samples per step. */
  readonly batch: number;
  readonly #key: number;
  /** The last shuffle made: epochs are visited in order, so one is enough. */
  #epoch = -1;
  #shuffle = new Uint32Array(0);

  /** `batch` = `samples` is the full batch: every sample, in order. */
  constructor(samples: number, batch: number, seed: number) {
    if (!Number.isSafeInteger(batch) || batch < 1 || batch > samples) throw new RangeError(`batch must be in [1, ${samples}], got ${batch}`);
    this.samples = samples;
    this.batch = batch;
    this.#key = streamKey(seed, STREAM_ORDER);
  }

  get full(): boolean {
    return this.batch === this.samples;
  }

  /** Positions in [0, n) of the samples step `step` (counted from 0) sees. */
  batchAt(step: number): Uint32Array {
    const out = new Uint32Array(this.batch);
    if (this.full) return out.map((_, t) => t);
    const n = this.samples;
    const first = step * this.batch;
    for (let t = 0; t < this.batch; t++) {
      const position = first + t;
      out[t] = this.#shuffled(Math.floor(position / n))[position % n]!;
    }
    return out;
  }

  #shuffled(epoch: number): Uint32Array {
    if (epoch !== this.#epoch) {
      const n = this.samples;
      const order = Uint32Array.from({ length: n }, (_, i) => i);
      const key = hashAt(this.#key, epoch >>> 0);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor((hashAt(key, i) / 2 ** 32) * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      this.#epoch = epoch;
      this.#shuffle = order;
    }
    return this.#shuffle;
  }
}
