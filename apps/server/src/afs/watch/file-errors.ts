// The per-file errors of the watched folders, for the status: the newest of each path, the oldest
// dropped past MAX_ERRORS; a path is logged when it starts failing, not again while it keeps failing.
import type { WatchOptions, WatchStatus } from './types.js';

/** per-file errors kept for the status, the oldest dropped first */
const MAX_ERRORS = 1000;

export class FileErrors {
  private readonly errors = new Map<string, { reason: string; at: number }>();

  constructor(private readonly opts: Pick<WatchOptions, 'log'>) {}

  fail(p: string, reason: string): void {
    const first = !this.errors.has(p);
    this.errors.delete(p); // the newest last
    this.errors.set(p, { reason, at: Date.now() });
    if (this.errors.size > MAX_ERRORS) this.errors.delete(this.errors.keys().next().value!);
    if (first) this.opts.log.warn(`watched folder: ${JSON.stringify(p)}: ${reason}`);
  }

  /** the path was added: its error is over */
  clear(p: string): void {
    this.errors.delete(p);
  }

  /** newest first */
  list(): WatchStatus['errors'] {
    return [...this.errors].reverse().map(([p, e]) => ({
      path: p,
      reason: e.reason,
      at: new Date(e.at).toISOString(),
    }));
  }
}
