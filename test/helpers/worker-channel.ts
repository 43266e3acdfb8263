/**
 * A CPU engine "in a worker" for Node tests: the worker's side (serveCpuRun) on one port of a
 * MessageChannel, a WorkerEngine on the other, exactly as the page talks to a Worker.
 * `terminate` closes both ports.
 */
import type { EngineOptions } from '../../src/engine/types.ts';
import { serveCpuRun } from '../../src/ui/cpu-worker/cpu-run-host.ts';
import type { MessageEnd } from '../../src/ui/cpu-worker/protocol.ts';
import { WorkerEngine, type WorkerLink } from '../../src/ui/cpu-worker/worker-engine.ts';

export function workerChannel(): WorkerLink {
  const { port1, port2 } = new MessageChannel();
  serveCpuRun(port2 as unknown as MessageEnd);
  return Object.assign(port1 as unknown as MessageEnd, {
    terminate: () => {
      port1.close();
      port2.close();
    },
  });
}

export function startWorkerEngine(options: EngineOptions): Promise<WorkerEngine> {
  return WorkerEngine.start(workerChannel(), options);
}
