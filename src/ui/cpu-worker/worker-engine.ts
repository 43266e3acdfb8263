/**
 * The page's side of a CPU run in a worker (protocol.ts says why): an `Engine` whose calls
 * are sent to the worker's CPU engine and whose snapshots come back from it. To its users it
 * looks like the WebGPU engine: `step` queues work and returns at once, snapshots arrive
 * later and in step order, reads resolve once the worker has done every call before them.
 *
 * What the CPU engine throws at once (a write past the end, a bad initialisation, a call
 * after destroy) is checked here and thrown at once too, with the same ConfigError; what only
 * the worker can find (it could not start, a size it refuses) comes back as the rejection of
 * `start` or of a read. An error in a call that has no answer fails the engine, and every
 * later call throws it, so the training loop stops and says why. `destroy` ends the worker.
 *
 * `post` and `request` are for the calls of worker-regression.ts, which share this channel.
 */
import { checkRange, checkWeightInit, checkWriteRange } from '../../engine/checks.ts';
import type { Engine, EngineOptions, SnapshotListener, UpdateParams, WeightInit } from '../../engine/types.ts';
import { fromWire, type CpuRunCall, type CpuRunReply, type CpuRunRequest, type MessageEnd } from './protocol.ts';

/** A worker, as far as this engine needs it (tests hand in a MessagePort with `terminate` closing it). */
export interface WorkerLink extends MessageEnd {
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WorkerEngine implements Engine {
  readonly kind = 'cpu';
  readonly deviceName = 'CPU (TypeScript, f32, in a worker)';
  readonly droppedSnapshots = 0;
  readonly paramCount: number;

  readonly #link: WorkerLink;
  readonly #listeners = new Set<SnapshotListener>();
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #stepCount = 0;
  #failure: Error | null = null;
  #destroyed = false;

  /** The CPU engine made on the far side of `link`; rejects with the worker's error (a ConfigError for a bad size) if it cannot be. */
  static async start(link: WorkerLink, options: EngineOptions): Promise<WorkerEngine> {
    const engine = new WorkerEngine(link, options.paramCount);
    try {
      await engine.request({ op: 'create', paramCount: options.paramCount, init: options.init });
    } catch (error) {
      engine.destroy();
      throw error;
    }
    return engine;
  }

  private constructor(link: WorkerLink, paramCount: number) {
    this.#link = link;
    this.paramCount = paramCount;
    link.onmessage = (event) => this.#receive(event.data as CpuRunReply);
    link.onerror = (event) => {
      event.preventDefault();
      this.#fail(new Error(`the CPU engine's worker failed: ${event.message || 'it could not be loaded'}`));
    };
  }

  get stepCount(): number {
    return this.#stepCount;
  }

  initWeights(init: WeightInit): void {
    this.#assertUsable('initWeights');
    checkWeightInit(init);
    this.post({ op: 'initWeights', init });
    this.#stepCount = 0;
  }

  writeWeights(values: Float32Array, offset = 0): void {
    this.#assertUsable('writeWeights');
    checkWriteRange(values.length, offset, this.paramCount);
    this.post({ op: 'writeWeights', values, offset }); // copied as it is sent: the caller may reuse its array
  }

  writeGradient(values: Float32Array, offset = 0): void {
    this.#assertUsable('writeGradient');
    checkWriteRange(values.length, offset, this.paramCount);
    this.post({ op: 'writeGradient', values, offset });
  }

  step(params: UpdateParams, options?: { snapshot?: boolean }): void {
    this.#assertUsable('step');
    this.post({ op: 'step', params, snapshot: options?.snapshot ?? false });
    this.#stepCount += 1;
  }

  requestSnapshot(): void {
    this.#assertUsable('requestSnapshot');
    this.post({ op: 'requestSnapshot' });
  }

  onSnapshot(listener: SnapshotListener): () => void {
    this.#assertUsable('onSnapshot');
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async readWeights(start = 0, count = this.paramCount - start): Promise<Float32Array> {
    this.#assertUsable('readWeights');
    checkRange('readWeights', start, count, this.paramCount);
    return this.request<Float32Array>({ op: 'readWeights', start, count });
  }

  /** Resolves once the worker has done every call sent before and its snapshots are delivered; at once when nothing more will come. */
  async settled(): Promise<void> {
    if (this.#destroyed || this.#failure) return;
    await this.request({ op: 'settled' }).catch(() => undefined);
  }

  /** Ends the worker; reads still waiting reject, undelivered snapshots are dropped. A second call does nothing. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#listeners.clear();
    this.#link.terminate();
    this.#rejectAll(new Error('CPU engine: destroyed while a read was waiting'));
  }

  /** Sends a call that wants no answer (throws the engine's failure, or after destroy). */
  post(call: CpuRunCall): void {
    this.#assertUsable(call.op);
    const request: CpuRunRequest = { id: null, call };
    this.#link.postMessage(request, []);
  }

  /** Sends a call and resolves with its answer, once every call before it is done. */
  request<T = void>(call: CpuRunCall): Promise<T> {
    try {
      this.#assertUsable(call.op);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: CpuRunRequest = { id, call };
      this.#link.postMessage(request, []);
    });
  }

  #receive(reply: CpuRunReply): void {
    if (this.#destroyed) return;
    switch (reply.kind) {
      case 'snapshot':
        for (const listener of this.#listeners) {
          try {
            listener(reply.snapshot);
          } catch (error) {
            // As the CPU engine does: report it without stopping other listeners or later snapshots.
            queueMicrotask(() => {
              throw error;
            });
          }
        }
        return;
      case 'answer':
        this.#settle(reply.id)?.resolve(reply.value);
        return;
      case 'error':
        if (reply.id === null) this.#fail(fromWire(reply.error));
        else this.#settle(reply.id)?.reject(fromWire(reply.error));
        return;
      default:
        reply satisfies never;
    }
  }

  #settle(id: number): Waiting | undefined {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    return waiting;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#rejectAll(error);
  }

  #rejectAll(error: Error): void {
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }

  #assertUsable(method: string): void {
    if (this.#destroyed) throw new Error(`CPU engine: ${method}() called after destroy()`);
    if (this.#failure) throw this.#failure;
  }
}
