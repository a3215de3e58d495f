// Writes each flush of stream bytes to its listeners a few hundred per event-loop turn, strictly
// in order, so a flush to thousands of listeners never holds up the stream clock.
import type { Listener } from './listener.js';

/** listeners written per event-loop turn */
const WRITES_PER_TURN = 256;

interface Job {
  buf: Buffer;
  listeners: Listener[];
  pos: number;
}

export class BatchWriter {
  private jobs: Job[] = [];
  private scheduled = false;

  constructor(
    /** writes one buffer to one listener (it may drop the listener) */
    private readonly write: (l: Listener, data: Buffer) => void,
  ) {}

  /** Queues `buf` for `listeners`; `now` finishes every queued write before returning. */
  add(buf: Buffer | undefined, listeners: Listener[], now: boolean): void {
    if (buf && listeners.length > 0) this.jobs.push({ buf, listeners, pos: 0 });
    this.run(now ? Infinity : WRITES_PER_TURN);
  }

  private run(budget: number): void {
    while (this.jobs.length > 0 && budget > 0) {
      const job = this.jobs[0]!;
      while (job.pos < job.listeners.length && budget-- > 0) {
        const l = job.listeners[job.pos++]!;
        if (l.state !== 'streaming') continue;
        const data = l.skipBytes > 0 ? job.buf.subarray(l.skipBytes) : job.buf;
        l.skipBytes = 0;
        this.write(l, data);
      }
      if (job.pos >= job.listeners.length) this.jobs.shift();
    }
    if (this.jobs.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.run(WRITES_PER_TURN);
      });
    }
  }
}
