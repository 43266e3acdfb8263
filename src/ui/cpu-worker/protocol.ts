/**
 * What the page and a CPU engine's worker say to each other. The CPU fallback trains in a
 * worker, one per run, so the page's own thread is left to the charts and to input: drawing
 * then takes no time from training (issue 4's target), and runs step in parallel where there
 * are cores for them. The worker holds a CPU engine (and, for sparse recovery, the CPU sums
 * of the regression that write its gradient); the page holds a `WorkerEngine`, which keeps
 * the Engine contract by sending calls and receiving snapshots and answers.
 *
 * Calls are handled one at a time, in the order sent, so a read sees every step sent before
 * it, as on a GPU queue. A call that wants an answer carries an id; errors come back with it
 * (a ConfigError as its field, value and what is allowed, so the page gets the same error).
 * An error in a call without an id fails the engine: the page's next call throws it.
 *
 * Types and the error codec only: the worker's side is cpu-run-host.ts, the page's
 * worker-engine.ts and worker-regression.ts.
 */
import { ConfigError } from '../../engine/config-error.ts';
import type { Snapshot, UpdateParams, WeightInit } from '../../engine/types.ts';
import type { RegressionSettings, RowSet } from '../../problems/regression/index.ts';

export type CpuRunCall =
  | { op: 'create'; paramCount: number; init: WeightInit }
  | { op: 'initWeights'; init: WeightInit }
  | { op: 'writeWeights'; values: Float32Array; offset: number }
  | { op: 'writeGradient'; values: Float32Array; offset: number }
  | { op: 'step'; params: UpdateParams; snapshot: boolean }
  | { op: 'requestSnapshot' }
  | { op: 'readWeights'; start: number; count: number }
  | { op: 'settled' }
  /** Sparse recovery's sums over this engine's weights, under the page's id `backend` (a Reset makes a new one before dropping the old). */
  | { op: 'regression'; backend: number; settings: RegressionSettings }
  | { op: 'gradient'; backend: number; rows: RowSet }
  | { op: 'residuals'; backend: number }
  | { op: 'gather'; backend: number; indices: Uint32Array }
  | { op: 'dropRegression'; backend: number };

export interface CpuRunRequest {
  /** Null when no answer is wanted. */
  id: number | null;
  call: CpuRunCall;
}

export type CpuRunReply =
  | { kind: 'snapshot'; snapshot: Snapshot }
  | { kind: 'answer'; id: number; value: unknown }
  | { kind: 'error'; id: number | null; error: WireError };

/** An error as it crosses: a ConfigError keeps its parts, anything else its message. */
export interface WireError {
  message: string;
  config?: { field: string; value: unknown; allowed: string };
}

export function toWire(error: unknown): WireError {
  if (error instanceof ConfigError) return { message: error.message, config: { field: error.field, value: error.value, allowed: error.allowed } };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(wire: WireError): Error {
  return wire.config ? new ConfigError(wire.config.field, wire.config.value, wire.config.allowed) : new Error(wire.message);
}

/** One end of the channel as both sides use it: a worker, the worker's global scope, or a MessagePort in tests. */
export interface MessageEnd {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
