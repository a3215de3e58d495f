// The HTTP sender's options and their defaults (docs/streaming.md).
import { HTTP_BURST_MS } from '@paraweb/contracts';
import type { Logger } from '../../log.js';
import type { MountProfile } from '../mounts/types.js';
import type { ListenerTap } from '../listener-tap.js';

export interface HttpSenderOptions {
  port: number;
  /** addresses to listen on; empty: all */
  listenAddresses?: readonly string[];
  defaultDeny?: boolean;
  /** a.b.c.d/n entries of the access list */
  access?: readonly string[];
  /** <= 0: unlimited */
  maxClients?: number;
  /** connections the port holds at once, listeners or not (<= 0: unlimited; default: derived
   * from the open-file limit) */
  maxConnections?: number;
  /** connections from one address at once (<= 0: unlimited; 256) */
  maxConnectionsPerAddress?: number;
  /** the whole request must come within this (ms, 10 s) */
  requestTimeoutMs?: number;
  /** a listener more than this many seconds of the stream behind is dropped (30) */
  maxLagS?: number;
  /** how often listeners are checked for lag (ms; 5 s, or less for a small maxLagS) */
  lagCheckMs?: number;
  /** bytes that may wait in user space for one listener before it is dropped (512 KiB) */
  maxQueueBytes?: number;
  /** a new web listener gets at least this much recent audio at once (10 s; see BURST_MS) */
  burstMs?: number;
  /** stream time gathered before it is written to the web listeners (FLUSH_MS) */
  flushMs?: number;
  /** the live mounts it serves (/live.mp3, ...; docs/streaming.md "Live mounts") */
  mounts?: readonly MountProfile[];
  /** streaming listeners move onto the sockwrite addon before their head and burst (true; false:
   * net.Socket throughout, as without the addon; native-writes.ts) */
  nativeWrites?: boolean;
  /** where listener sessions are reported (the audience, issue #17) */
  tap?: ListenerTap | undefined;
  log?: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
}

/** large enough for 1,000+ listeners connecting at once (Icecast 2.4 has 5) */
export const BACKLOG = 1024;
export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_PER_ADDRESS = 256;
export const MAX_LAG_S = 30;
export const MAX_QUEUE_BYTES = 512 * 1024;
/**
 * One write per web listener per second of the stream: a write's cost is mostly fixed (system
 * call, loopback or NIC work), so 1,000 listeners cost the stream thread 3.2 % of a core with
 * 500 ms flushes and 2.2 % with 1 s ones (docs/streaming.md, "Batching"). A listener holds a
 * 10 s burst, so it never waits on the next flush.
 */
export const FLUSH_MS = 1000;
/**
 * Burst on connect: Chromium 156 starts a live MP3 stream only once it holds about 6.5 s (at
 * 128 kbit/s; 8.5 s at 64 kbit/s) whatever the burst before (measured, docs/streaming.md), so
 * new web listeners get the last 10 s at once, and at least Icecast's 64 KiB.
 */
export const BURST_MS = HTTP_BURST_MS;
export const BURST_MIN_BYTES = 64 * 1024;
