/**
 * Reading statistics back without stalling: a small ring of MAP_READ staging buffers. A
 * snapshot step copies the counts and norms into a free staging buffer in the same command
 * encoder; `mapAsync` is started after the submit and never awaited by the step loop.
 * Snapshots are delivered strictly in submission order. When every buffer is still busy the
 * caller skips the snapshot instead of waiting.
 */
import { COUNTER_COUNT } from '../stats-layout.ts';
import type { Snapshot } from '../types.ts';

const COUNTS_BYTES = COUNTER_COUNT * 4;
/** Counts, then ‖w‖₁ and ‖w‖₂² as two f32. */
export const SNAPSHOT_BYTES = COUNTS_BYTES + 8;

interface Slot {
  buffer: GPUBuffer;
  busy: boolean;
}

export class SnapshotRing {
  readonly #slots: Slot[];
  #delivery: Promise<void> = Promise.resolve();
  #failure: Error | null = null;

  constructor(device: GPUDevice, size = 3) {
    this.#slots = Array.from({ length: size }, (_, i) => ({
      buffer: device.createBuffer({
        label: `snapshot-ring.staging[${i}]`,
        size: SNAPSHOT_BYTES,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
      busy: false,
    }));
  }

  /** A free slot, marked busy, or null when all are in flight. */
  acquire(): Slot | null {
    const slot = this.#slots.find((s) => !s.busy && s.buffer.mapState === 'unmapped') ?? null;
    if (slot) slot.busy = true;
    return slot;
  }

  record(encoder: GPUCommandEncoder, slot: Slot, counts: GPUBuffer, norms: GPUBuffer): void {
    encoder.copyBufferToBuffer(counts, 0, slot.buffer, 0, COUNTS_BYTES);
    encoder.copyBufferToBuffer(norms, 0, slot.buffer, COUNTS_BYTES, 8);
  }

  /** Call right after the submit that recorded `slot`. */
  deliverAfterSubmit(slot: Slot, step: number, paramCount: number, deliver: (s: Snapshot) => void): void {
    const mapped = slot.buffer.mapAsync(GPUMapMode.READ);
    this.#delivery = this.#delivery.then(async () => {
      try {
        await mapped;
        const bytes = slot.buffer.getMappedRange().slice(0);
        slot.buffer.unmap();
        const norms = new Float32Array(bytes, COUNTS_BYTES, 2);
        deliver({
          step,
          paramCount,
          counts: new Uint32Array(bytes, 0, COUNTER_COUNT),
          l1Norm: norms[0]!,
          l2NormSquared: norms[1]!,
        });
      } catch (error) {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        slot.busy = false;
      }
    });
  }

  /** Resolves once every snapshot submitted so far has been delivered; rejects if a readback failed. */
  async settled(): Promise<void> {
    await this.#delivery;
    if (this.#failure) throw this.#failure;
  }

  destroy(): void {
    for (const slot of this.#slots) slot.buffer.destroy();
  }
}
