/**
 * A pause until the next macrotask, for long CPU passes that run on a page's main thread:
 * awaiting it between pieces of work lets the page paint and answer input. An awaited
 * promise that is already resolved does not do this (it continues in the same task).
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
