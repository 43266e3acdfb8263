/**
 * Later macrotasks, for work on a page's main thread that must let the page paint and answer
 * input between its pieces (an awaited promise that is already resolved does not: it goes on
 * in the same task). A MessageChannel post rather than setTimeout(0), which browsers clamp to
 * 4 ms once timeouts nest. The same in Node.
 */

/** Tasks run in later macrotasks, in the order posted, until `close`. */
export interface MacrotaskQueue {
  post(task: () => void): void;
  /** Drops the channel (queued tasks do not run); in Node, lets the process exit. */
  close(): void;
}

export function macrotaskQueue(): MacrotaskQueue {
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  return {
    post(task) {
      tasks.push(task);
      channel.port2.postMessage(null);
    },
    close: () => channel.port1.close(),
  };
}

/** Resolves in a later macrotask. */
export function nextMacrotask(): Promise<void> {
  const queue = macrotaskQueue();
  return new Promise((resolve) =>
    queue.post(() => {
      queue.close();
      resolve();
    }),
  );
}
