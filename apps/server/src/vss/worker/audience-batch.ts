// What the stream thread tells the main thread about its audience once a second (issue #17):
// sessions that began or ended, bytes sent per output, and how late the chunks left. Batched so
// that 5,000 listeners cost one message a second, not one per connection.
import type { ListenerEnd } from '../../senders/listener-tap.js';

export interface SessionOpened {
  id: number;
  output: string;
  /** ms since the epoch */
  atMs: number;
  address: string;
  userAgent: string;
}

export interface SessionClosed {
  id: number;
  atMs: number;
  bytes: number;
  end: ListenerEnd;
}

/** chunks sent, their summed lateness (µs) and the histogram's counts (LATENESS_BUCKETS_MS) */
export interface LatenessCounts {
  chunks: number;
  sumLateUs: number;
  histogram: number[];
}

export interface AudienceBatch {
  /** when the batch was made (ms since the epoch): everything up to here is in it */
  atMs: number;
  opened: SessionOpened[];
  closed: SessionClosed[];
  /** listeners connected now, per output */
  listeners: Record<string, number>;
  /** bytes sent since the last batch, per output */
  bytes: Record<string, number>;
  /** chunks sent since the last batch, their lateness (µs) and the lateness histogram's counts
   * (LATENESS_BUCKETS_MS) since then */
  chunks: number;
  sumLateUs: number;
  histogram: number[];
  /** the same for the live mounts' chunks (vss/mount-clock.ts), when there are mounts */
  mounts?: LatenessCounts;
  /** the stream thread's event-loop delay over the last interval (ms) */
  loopDelay: { meanMs: number; p99Ms: number; maxMs: number };
}
