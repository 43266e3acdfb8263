/**
 * The WebGPU device the GPU tests share, and the guard every GPU test runs under: any
 * validation error (or out-of-memory) raised while the test body runs fails the test.
 * Without an adapter the suite is skipped with a loud warning, except under CI=true,
 * where it fails.
 */
import { inject } from 'vitest';
import { acquireDevice, type AcquiredDevice } from '../../src/engine/gpu/device.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    requireWebGpu: boolean;
  }
}

let acquired: Promise<AcquiredDevice | null> | null = null;

export function sharedDevice(): Promise<AcquiredDevice | null> {
  acquired ??= acquireDevice().then((result) => {
    if (result.ok) return result.value;
    if (inject('requireWebGpu')) throw new Error(`CI=true requires a WebGPU adapter: ${result.reason}`);
    console.warn(`GPU tests SKIPPED: ${result.reason}`);
    return null;
  });
  return acquired;
}

/** Runs `body` inside validation and out-of-memory error scopes and throws on any error. */
export async function withErrorScopes<T>(device: GPUDevice, body: () => Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = await body();
  } finally {
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (validation) throw new Error(`WebGPU validation error: ${validation.message}`);
    if (oom) throw new Error(`WebGPU out-of-memory error: ${oom.message}`);
  }
  return result;
}
