// A buffer between callbacks and an async generator (tRPC subscriptions): bounded, optionally
// collapsing runs of one kind of event (progress, status) into the newest, and ending at once
// when the subscriber goes away.

export class EventQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private aborted = false;
  private error: unknown;
  private hasError = false;

  constructor(
    signal?: AbortSignal,
    private readonly max = 10_000,
  ) {
    if (signal?.aborted) this.abort();
    else signal?.addEventListener('abort', () => this.abort(), { once: true });
  }

  /** `replaces(last)` true: the new item takes the place of the last one instead of queueing */
  push(item: T, replaces?: (last: T) => boolean): void {
    if (this.ended) return;
    const last = this.items.at(-1);
    if (replaces && last !== undefined && replaces(last)) this.items[this.items.length - 1] = item;
    else {
      if (this.items.length >= this.max) this.items.shift();
      this.items.push(item);
    }
    this.notify();
  }

  /** the items queued so far are delivered, then the error */
  fail(err: unknown): void {
    if (this.ended) return;
    this.error = err;
    this.hasError = true;
    this.end();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  private abort(): void {
    this.aborted = true;
    this.end();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.aborted) return;
      const next = this.items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) {
        if (this.hasError) throw this.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
