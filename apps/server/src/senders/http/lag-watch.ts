// Drops a listener that is too far behind real time (docs/streaming.md, "Slow listeners"): what
// waits for it in the server and in the kernel's socket buffer (/proc/net/tcp for a net.Socket,
// SIOCOUTQ for the sockwrite addon's), in seconds of the stream. Icecast
// drops a listener whose queue exceeds its queue size (512 KiB: 32 s at 128 kbit/s); the default
// here is 30 s whatever the bitrate.
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
  drop(l: Listener, why: string): void;
}

export class LagWatch {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** when the kernel's queues cannot be read: only what waits in the server is counted */
  kernelQueues = true;

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

  /** Checks every listener now; resolves when done. */
  async check(): Promise<void> {
    if (this.running) return;
    const first = this.opts.listeners()[Symbol.iterator]().next();
    if (first.done) return;
    this.running = true;
    try {
      // the addon's listeners answer for themselves (SIOCOUTQ): /proc only for net.Socket ones
      let proc = false;
      for (const l of this.opts.listeners())
        if (l.state === 'streaming' && l.out instanceof NodeOutput) proc = true;
      const queues =
        proc && this.kernelQueues ? await kernelSendQueues(this.opts.port()) : undefined;
      if (proc && !queues) this.kernelQueues = false;
      for (const l of [...this.opts.listeners()]) {
        const rate = this.opts.bytesPerSecond(l);
        if (l.state !== 'streaming' || rate <= 0) continue;
        const out = l.out;
        const kernel =
          out instanceof NodeOutput ? (queues?.get(out.queueKey()) ?? 0) : out.kernelQueued();
        const behind = (kernel + out.queued) / rate; // seconds of the stream
        if (behind > this.opts.maxLagS) this.opts.drop(l, `${behind.toFixed(0)} s behind`);
      }
    } finally {
      this.running = false;
    }
  }
}
