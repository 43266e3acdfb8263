/**
 * The roofline's ceiling: how fast the app's device copies one buffer to another with
 * `copyBufferToBuffer`, measured once per device at start-up. A memory-bound kernel cannot
 * beat a plain copy, so the explainer shows the live update's GB/s as a share of this.
 * Timed by wall clock over batches of copies (timestamp queries are optional and quantised),
 * doubling the batch until it lasts long enough to trust, within a small budget so the page
 * is not held up. Its buffers are destroyed whatever happens.
 */
import { copyBytesPerSecond } from './kernel-mapping.ts';

export interface CopyBandwidth {
  bytesPerSecond: number;
  /** Bytes per copy, copies in the timed batch, and how long the batch took. */
  bytes: number;
  copies: number;
  seconds: number;
}

export interface CopyOptions {
  /** Bytes per copy (rounded down to a multiple of 4, capped by the device's maxBufferSize). */
  bytes?: number;
  /** A batch at least this long is trusted. */
  minSeconds?: number;
  /** The most copies in one batch. */
  maxCopies?: number;
}

const DEFAULT_BYTES = 64 * 2 ** 20;

/** Measures the device's copy bandwidth; rejects if the device reports an error. */
export async function measureCopyBandwidth(device: GPUDevice, options: CopyOptions = {}): Promise<CopyBandwidth> {
  const bytes = Math.floor(Math.min(options.bytes ?? DEFAULT_BYTES, device.limits.maxBufferSize) / 4) * 4;
  const minSeconds = options.minSeconds ?? 0.15;
  const maxCopies = options.maxCopies ?? 256;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const source = device.createBuffer({ label: 'explain.copy-bandwidth.source', size: bytes, usage: GPUBufferUsage.COPY_SRC });
  const target = device.createBuffer({ label: 'explain.copy-bandwidth.target', size: bytes, usage: GPUBufferUsage.COPY_DST });
  try {
    const batch = async (copies: number): Promise<number> => {
      const encoder = device.createCommandEncoder({ label: 'explain.copy-bandwidth.encoder' });
      for (let i = 0; i < copies; i++) encoder.copyBufferToBuffer(source, 0, target, 0, bytes);
      const start = performance.now();
      device.queue.submit([encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
      return (performance.now() - start) / 1000;
    };
    await batch(1); // warm-up: first use of both buffers
    let copies = 1;
    let seconds = await batch(copies);
    while (seconds < minSeconds && copies < maxCopies) {
      copies *= 2;
      seconds = await batch(copies);
    }
    if (!(seconds > 0)) throw new Error(`${copies} copies of ${bytes} bytes finished within the page's timer resolution`);
    return { bytesPerSecond: copyBytesPerSecond(bytes, copies, seconds), bytes, copies, seconds };
  } finally {
    source.destroy();
    target.destroy();
    const validation = await device.popErrorScope();
    const outOfMemory = await device.popErrorScope();
    const error = validation ?? outOfMemory;
    if (error) throw new Error(`measuring the copy bandwidth failed: ${error.message}`);
  }
}

/** One measurement per device, shared by the app (which takes it before training starts) and every explainer. */
const measurements = new WeakMap<GPUDevice, Promise<CopyBandwidth>>();

/** The device's copy bandwidth, measured on first request after the work already queued (engine start-up). */
export function copyBandwidthOf(device: GPUDevice): Promise<CopyBandwidth> {
  let measurement = measurements.get(device);
  if (!measurement) {
    measurement = device.queue.onSubmittedWorkDone().then(() => measureCopyBandwidth(device));
    measurements.set(device, measurement);
  }
  return measurement;
}
