// The stream thread's side of the audience (issue #17): senders report sessions here (no I/O, a
// few object writes), and once a second everything gathered goes to the main thread as one
// message (audience-batch.ts), where it is counted and written to the database.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ListenerEnd, ListenerStart, ListenerTap } from '../../senders/listener-tap.js';
import type { Sender, StreamBreak } from '../../senders/types.js';
import type { ChunkTiming } from '../chunk-timing.js';
import type {
  AudienceBatch,
  LatenessCounts,
  SessionClosed,
  SessionOpened,
} from './audience-batch.js';

interface Open {
  output: string;
  bytes: () => number;
  /** bytes already counted in a batch */
  counted: number;
}

export class AudienceTap implements ListenerTap {
  private seq = 0;
  private readonly open = new Map<number, Open>();
  private starts: SessionOpened[] = [];
  private ends: SessionClosed[] = [];
  private bytes: Record<string, number> = {};
  private lastTiming: LatenessCounts = { chunks: 0, sumLateUs: 0, histogram: [] };
  private lastMountTiming: LatenessCounts = { chunks: 0, sumLateUs: 0, histogram: [] };
  /** listeners of doors that only count them (Icecast), per output */
  private readonly counts = new Map<string, number>();
  /**
   * Sampled every 50 ms: at 10 ms its timer alone woke this thread 100 times a second, idle (the
   * chunks' own lateness, ChunkTiming, is what times the stream; this shows what else blocks).
   */
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 50 });

  constructor(
    private readonly timing: () => ChunkTiming,
    private readonly mountTiming: () => ChunkTiming | undefined = () => undefined,
  ) {
    this.delay.enable();
  }

  opened(start: ListenerStart): number {
    const id = ++this.seq;
    this.open.set(id, { output: start.output, bytes: start.bytes, counted: 0 });
    this.starts.push({
      id,
      output: start.output,
      atMs: Date.now(),
      address: start.address,
      userAgent: start.userAgent.slice(0, 256),
    });
    return id;
  }

  closed(id: number, end: ListenerEnd, atMs?: number): void {
    const o = this.open.get(id);
    if (!o) return;
    this.open.delete(id);
    const bytes = o.bytes();
    this.add(o.output, bytes - o.counted);
    this.ends.push({ id, atMs: Math.min(atMs ?? Infinity, Date.now()), bytes, end });
  }

  counted(output: string, listeners: number | undefined): void {
    if (listeners === undefined) this.counts.delete(output);
    else this.counts.set(output, listeners);
  }

  /** Everything since the last batch; the counters start again. */
  batch(): AudienceBatch {
    const listeners: Record<string, number> = Object.fromEntries(this.counts);
    for (const o of this.open.values()) {
      listeners[o.output] = (listeners[o.output] ?? 0) + 1;
      const now = o.bytes();
      this.add(o.output, now - o.counted);
      o.counted = now;
    }
    const t = this.timing();
    const root = since(t, this.lastTiming);
    const mt = this.mountTiming();
    const mounts = mt ? since(mt, this.lastMountTiming) : undefined;
    const batch: AudienceBatch = {
      atMs: Date.now(),
      opened: this.starts,
      closed: this.ends,
      listeners,
      bytes: this.bytes,
      ...root,
      ...(mounts ? { mounts } : {}),
      loopDelay: {
        meanMs: nsToMs(this.delay.mean),
        p99Ms: nsToMs(this.delay.percentile(99)),
        maxMs: nsToMs(this.delay.max),
      },
    };
    this.lastTiming = counts(t);
    if (mt) this.lastMountTiming = counts(mt);
    this.delay.reset();
    this.starts = [];
    this.ends = [];
    this.bytes = {};
    return batch;
  }

  close(): void {
    this.delay.disable();
  }

  private add(output: string, n: number): void {
    if (n > 0) this.bytes[output] = (this.bytes[output] ?? 0) + n;
  }
}

/** the figures of a timing that a batch carries */
function counts(t: ChunkTiming): LatenessCounts {
  return { chunks: t.chunks, sumLateUs: t.sumLateUs, histogram: [...t.histogram] };
}

/** What came since `last` (the engine's timing is reset by benchmarks: then all of it is new). */
function since(t: ChunkTiming, last: LatenessCounts): LatenessCounts {
  const l = t.chunks >= last.chunks ? last : undefined;
  return {
    chunks: t.chunks - (l?.chunks ?? 0),
    sumLateUs: t.sumLateUs - (l?.sumLateUs ?? 0),
    histogram: t.histogram.map((n, i) => n - (l?.histogram[i] ?? 0)),
  };
}

const nsToMs = (ns: number): number => (Number.isFinite(ns) ? ns / 1e6 : 0);

/** A sender that sends nothing: it hears the stream's breaks (eof, next, stop, repos) for `onBreak`. */
export function breakWatcher(onBreak: (reason: StreamBreak) => void): Sender {
  return {
    name: 'break-watcher',
    isOn: true,
    subcommands: {},
    help: () => '',
    status: () => '',
    listenerCount: () => 0,
    command: () => Promise.resolve(undefined),
    fileStart: () => {},
    chunk: () => {},
    streamBreak: (reason) => {
      if (reason !== 'pause') onBreak(reason);
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
