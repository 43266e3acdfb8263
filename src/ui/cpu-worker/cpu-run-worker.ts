/**
 * The CPU engine's worker: its entry point, and nothing else (cpu-run-host.ts is the worker's
 * side of the protocol; cpu-workers.ts starts it).
 */
import { serveCpuRun } from './cpu-run-host.ts';
import type { MessageEnd } from './protocol.ts';

// The page's types see `self` as a Window; in a dedicated worker it is the worker's scope.
serveCpuRun(self as unknown as MessageEnd);
