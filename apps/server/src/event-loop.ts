// Long work on the main thread gives the event loop a turn now and then, so that the command
// port and the web API answer meanwhile (and the stream clock, where the engine runs in process).

/** Resolves on the next turn of the event loop, after timers and I/O that are due. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
