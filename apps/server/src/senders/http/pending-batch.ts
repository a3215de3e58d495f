// What gathers between two flushes of a stream (`/` or a live mount) and its hand-over: one
// buffer per flush, written once to each listener by the BatchWriter, and kept by the ring of
// recent chunks instead of the chunks themselves (bursts are a few views of it).
import type { BatchWriter } from './batch-writer.js';
import type { Listener } from './listener.js';
import type { RecentChunks } from './recent.js';

export class PendingBatch<T> {
  private pending: Uint8Array[] = [];
  /** bytes gathered since the last flush (a listener starting now got them with its burst) */
  bytes = 0;
  private entries = 0;
  private us = 0;

  constructor(
    private readonly recent: RecentChunks,
    private readonly writer: BatchWriter<T>,
    private readonly flushUs: number,
  ) {}

  /** Gathers `data` (already in the ring) of `us` play time; true when a flush is due. */
  add(data: Uint8Array, us: number): boolean {
    this.pending.push(data);
    this.bytes += data.length;
    this.entries++;
    this.us += us;
    return this.us >= this.flushUs;
  }

  /**
   * Hands what gathered to `listeners()`: one write each. `now` writes everything before
   * returning (before listeners are closed or the file changes); otherwise the writes are
   * spread over event-loop turns.
   */
  flush(listeners: () => Listener[], now: boolean, tag: T): void {
    let buf: Buffer | undefined;
    let to: Listener[] = [];
    if (this.entries > 0) {
      if (this.bytes > 0) {
        buf = Buffer.concat(this.pending, this.bytes);
        this.recent.rebase(buf, this.entries);
      }
      this.pending = [];
      this.bytes = 0;
      this.entries = 0;
      this.us = 0;
      to = listeners();
    }
    this.writer.add(buf, to, now, tag);
  }
}
