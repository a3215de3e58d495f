// Drops a listener that is too far behind real time (docs/streaming.md, "Slow listeners"): what
// waits for it in the server and in the kernel's socket buffer (SIOCOUTQ through the sockwrite
// addon; /proc/net/tcp for net.Socket listeners when the addon is not there), in seconds of the
// stream. Icecast
// drops a listener whose queue exceeds its queue size (512 KiB: 32 s at 128 kbit/s); the default
// here is 30 s whatever the bitrate.
import type net from 'node:net';
import { setImmediate as turn } from 'node:timers/promises';
import type { Listener } from './listener.js';
import { NodeOutput } from './listener-output.js';
import { kernelSendQueues } from './send-queue.js';

export interface LagWatchOptions {
  /** seconds behind real time a listener may be (30) */
  maxLagS: number;
  /** how often the queues are looked at (ms) */
  everyMs: number;
  /** the port the listeners are connected to (where the kernel's queues are found) */
  port(): number;
  /** bytes per second of the stream `l` listens to now; 0 when nothing streams */
  bytesPerSecond(l: Listener): number;
  /** the listeners being streamed to */
  listeners(): Iterable<Listener>;
  /** SIOCOUTQ of a socket not taken over (the sockwrite addon's fdQueued); undefined: unknown */
  socketQueued?: (socket: net.Socket) => number | undefined;
  drop(l: Listener, why: string): void;
}

/** listeners looked at per event-loop turn (the stream clock runs on this thread) */
const PER_TURN = 500;

export class LagWatch {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** when the kernel's queues cannot be read: only what waits in the server is counted */
  kernelQueues = true;
  /** checks that read /proc/net (tests: none while the addon answers for every listener) */
  procReads = 0;

  constructor(private readonly opts: LagWatchOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.opts.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks every listener now, a slice per event-loop turn; resolves when done. */
  async check(): Promise<void> {
    if (this.running) return;
    const all = [...this.opts.listeners()];
    if (all.length === 0) return;
    this.running = true;
    try {
      /** /proc/net's queues, read at most once per check, for net.Socket listeners only */
      let proc: Map<string, number> | undefined | 'unread' = 'unread';
      for (let i = 0; i < all.length; i++) {
        // 10,000 listeners at once held the stream thread 20-45 ms, every 5 s
        if (i > 0 && i % PER_TURN === 0) await turn();
        const l = all[i]!;
        const rate = this.opts.bytesPerSecond(l);
        if (l.state !== 'streaming' || rate <= 0) continue;
        const out = l.out;
        let kernel: number | undefined;
        if (!(out instanceof NodeOutput)) kernel = out.kernelQueued();
        else {
          // para_recv's, or all without the addon: SIOCOUTQ through the addon where it is
          // loaded; else /proc/net/tcp, all of it (20,000 lines for 10,000 loopback listeners)
          kernel = this.opts.socketQueued?.(out.socket);
          if (kernel === undefined && this.kernelQueues) {
            if (proc === 'unread') {
              this.procReads++;
              proc = await kernelSendQueues(this.opts.port());
              if (!proc) this.kernelQueues = false;
            }
            kernel = proc?.get(out.queueKey());
          }
        }
        const behind = ((kernel ?? 0) + out.queued) / rate; // seconds of the stream
        if (behind > this.opts.maxLagS) this.opts.drop(l, `${behind.toFixed(0)} s behind`);
      }
    } finally {
      this.running = false;
    }
  }
}
