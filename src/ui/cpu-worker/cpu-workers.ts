/**
 * Starting the CPU engines of a session in workers, one per run (protocol.ts says why), under
 * the page's Trusted Types policy: a worker's script URL is a TrustedScriptURL sink, so it
 * goes through a policy of its own (`sparsewatch-worker`, named in index.html's CSP) that
 * admits this one script and nothing else. The script is Vite's build of cpu-run-worker.ts.
 *
 * Null when the page cannot have workers (none in this browser, or one failed to load): the
 * caller then runs the CPU engines on the page's thread, as before workers.
 */
import type { Engine, WeightInit } from '../../engine/types.ts';
import workerUrl from './cpu-run-worker.ts?worker&url';
import { WorkerEngine } from './worker-engine.ts';

/** The part of the Trusted Types API used here (TypeScript's DOM types do not have it yet). */
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(input: string): string }): { createScriptURL(input: string): unknown };
}

const POLICY_NAME = 'sparsewatch-worker';
let policy: { createScriptURL(input: string): unknown } | null = null;

/** The worker script's URL as the Worker constructor accepts it here (trusted where Trusted Types are enforced). */
function scriptUrl(): string {
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  if (!trustedTypes) return workerUrl;
  policy ??= trustedTypes.createPolicy(POLICY_NAME, {
    createScriptURL: (input) => {
      if (input !== workerUrl) throw new TypeError(`${POLICY_NAME} admits only the CPU engine's worker, not ${input}`);
      return input;
    },
  });
  return policy.createScriptURL(workerUrl) as string;
}

/**
 * `count` CPU engines of `paramCount` weights from `init`, each in its own worker, or null
 * if workers cannot be had here. A ConfigError (a size the engine refuses) is thrown, not
 * turned into null: it would be the same on the page's thread.
 */
export async function startWorkerEngines(paramCount: number, count: number, init: WeightInit): Promise<Engine[] | null> {
  if (typeof Worker === 'undefined') return null;
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < count; i++) workers.push(new Worker(scriptUrl(), { type: 'module', name: `sparsewatch CPU engine ${i + 1}` }));
  } catch {
    // Refused outright (a policy or a CSP that does not allow it).
    for (const worker of workers) worker.terminate();
    return null;
  }
  const results = await Promise.allSettled(workers.map((worker) => WorkerEngine.start(worker, { paramCount, init })));
  const engines = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return engines;
  for (const engine of engines) engine.destroy();
  if ((failed.reason as Error)?.name === 'ConfigError') throw failed.reason;
  return null;
}
