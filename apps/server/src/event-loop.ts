// Long work on the main thread gives the event loop a turn now and then, so the stream clock's
// timers run on time (issue 4: a scan must not make a chunk late by more than 20 ms).

/** Resolves on the next turn of the event loop, after timers and I/O that are due. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
