// Writes each flush of stream bytes to its listeners a few hundred per event-loop turn, strictly
// in order, so a flush to thousands of listeners never holds up the stream clock (10,000 written
// at once held it over 100 ms). Each flush carries a tag (the ICY title it was gathered under),
// handed back with each of its writes: a flush may go out after the next file has begun.
import type { IcyTitle } from './icy.js';
import type { Listener } from './listener.js';

/** listeners written per event-loop turn */
const WRITES_PER_TURN = 256;

interface Job<T> {
  buf: Buffer;
  listeners: Listener[];
  pos: number;
  tag: T;
}

export class BatchWriter<T> {
  private jobs: Job<T>[] = [];
  private scheduled = false;

  constructor(
    /** writes one buffer to one listener (it may drop the listener) */
    private readonly write: (l: Listener, data: Buffer, tag: T) => void,
  ) {}

  /**
   * Queues `buf` for `listeners`; `now` finishes every queued write before returning (only
   * where listeners are closed next: at 10,000 listeners that is 100 ms and more).
   */
  add(buf: Buffer | undefined, listeners: Listener[], now: boolean, tag: T): void {
    if (buf && listeners.length > 0) this.jobs.push({ buf, listeners, pos: 0, tag });
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
        this.write(l, data, job.tag);
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

/** How `/` and the live mounts write their flushes: one write per listener. */
export function flushWriter(opts: {
  maxQueue: number;
  /** before each write: the listener may move onto the sockwrite addon (native-writes.ts) */
  handOver(l: Listener): void;
  /** a listener could not keep up: the sender drops it */
  overrun(l: Listener): void;
}): BatchWriter<IcyTitle> {
  return new BatchWriter<IcyTitle>((l, data, t) => {
    opts.handOver(l);
    if (!l.write([data], opts.maxQueue, t.title, t.block)) opts.overrun(l);
  });
}
