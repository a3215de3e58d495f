// After a wave of listeners has come or gone, one memory-reducing collection gives the pages
// their garbage took back to the system (issue #18, docs/streaming.md §8). V8 keeps them
// otherwise: a plain full collection frees the objects, not the pages. The collection pauses the
// thread that makes it a little (marking in steps, then a compaction), so it waits until the wave has settled
// and comes at most once a minute. The stream thread keeps one (vss/worker/stream-worker.ts),
// where most of a listener's garbage is, and the main thread one (vss/worker/host.ts: the
// sessions) while its heap is small: with a large library it is hundreds of MB, which a
// memory-reducing marking would go through for ~1 MB. A few seconds after a collection, the
// malloc arenas' free pages go back too (malloc_trim, off the JavaScript threads): the native side
// of the wave's connections is freed there, and kept by glibc otherwise.
// A second trigger (externalMb) is for the stream thread's buffers: HLS segments, files' bytes and
// chunks live long enough to reach the old generation, and are freed only by a major collection,
// which V8 starts when its objects grow, or when external memory has grown 64 MB. Until then the
// buffers grew ~50 KB/s, idle as under 1,000 HLS players (docs/streaming.md §8).
import { type NativeTrim, reduceMemory, trimNativeHeap } from '@paraweb/sockwrite';
import v8 from 'node:v8';

export interface MemoryTrimOptions {
  /** connects and disconnects since the last collection that make a wave (default 200) */
  minChurn?: number;
  /** the wave has settled after this long without any (default 5 s) */
  quietMs?: number;
  /** collections at least this far apart (default 60 s) */
  minGapMs?: number;
  /** no collection while this thread's heap holds more than this, MB (default: any size) */
  maxHeapMb?: number;
  /** the collection; default reduceMemory() of @paraweb/sockwrite, on this thread */
  reduce?: () => string | undefined;
  /**
   * Also collect when the thread's external memory (ArrayBuffers: segments, files' bytes, chunks)
   * has grown this much over its lowest reading since the last collection, MB (default: never).
   */
  externalMb?: number;
  /** external collections at least this far apart (default 10 s) */
  externalGapMs?: number;
  /** the external memory, bytes (default: v8.getHeapStatistics().external_memory) */
  external?: () => number;
  /** it is read this often (default 1 s) */
  externalEveryMs?: number;
  /** then the malloc arenas' free pages are given back; default trimNativeHeap() of
   * @paraweb/sockwrite (off the JavaScript threads); undefined: not */
  trimNative?: (() => Promise<NativeTrim> | string) | undefined;
  /** the native trim this long after the collection: its steps, and the finalizers that free
   * native memory, come first (default 3 s) */
  nativeAfterMs?: number;
  log?: (line: string) => void;
}

export class MemoryTrim {
  private churned = 0;
  private lastChurnAt = 0;
  private lastTrimAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private nativeTimer: NodeJS.Timeout | undefined;
  /** the pending native trim follows a wave's collection: its result is logged */
  private nativeLog = false;
  /** why it cannot collect (the addon was not built): it stops counting */
  private off: string | undefined;
  private readonly minChurn: number;
  private readonly quietMs: number;
  private readonly minGapMs: number;
  private readonly reduce: () => string | undefined;
  private externalTimer: NodeJS.Timeout | undefined;
  /** the lowest external memory read since the last collection, bytes */
  private externalLow = Infinity;
  private lastExternalAt = -Infinity;
  /** collections made for external memory so far */
  externalCollections = 0;

  constructor(private readonly opts: MemoryTrimOptions = {}) {
    this.minChurn = opts.minChurn ?? 200;
    this.quietMs = opts.quietMs ?? 5000;
    this.minGapMs = opts.minGapMs ?? 60_000;
    this.reduce = opts.reduce ?? reduceMemory;
    if (opts.externalMb !== undefined) {
      this.externalTimer = setInterval(() => this.checkExternal(), opts.externalEveryMs ?? 1000);
      this.externalTimer.unref();
    }
  }

  /** `n` listeners connected or disconnected just now */
  churn(n: number): void {
    if (n <= 0 || this.off !== undefined) return;
    this.churned += n;
    this.lastChurnAt = Date.now();
    if (this.churned >= this.minChurn) this.arm(this.quietMs);
  }

  close(): void {
    clearInterval(this.externalTimer);
    clearTimeout(this.timer);
    clearTimeout(this.nativeTimer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, ms);
    this.timer.unref();
  }

  private check(): void {
    const now = Date.now();
    const quietFor = now - this.lastChurnAt;
    if (quietFor < this.quietMs) return this.arm(this.quietMs - quietFor);
    const gap = now - this.lastTrimAt;
    if (gap < this.minGapMs) return this.arm(this.minGapMs - gap);
    const wave = this.churned;
    this.churned = 0;
    this.lastTrimAt = now;
    if (this.heapTooLarge()) return;
    const t0 = performance.now();
    this.off = this.reduce();
    this.externalLow = Infinity;
    if (this.off !== undefined) return this.opts.log?.(`memory trim off: ${this.off}`);
    this.opts.log?.(
      `memory trimmed after ${wave} connects and disconnects in ${(performance.now() - t0).toFixed(1)} ms`,
    );
    this.nativeLater(true);
  }

  /** a collection when the external memory has grown externalMb over its low */
  private checkExternal(): void {
    if (this.off !== undefined) return clearInterval(this.externalTimer);
    const external = (this.opts.external ?? externalMemory)();
    this.externalLow = Math.min(this.externalLow, external);
    if (external - this.externalLow < (this.opts.externalMb ?? Infinity) * 1e6) return;
    const now = Date.now();
    if (now - this.lastExternalAt < (this.opts.externalGapMs ?? 10_000)) return;
    if (this.heapTooLarge()) return;
    this.lastExternalAt = now;
    // what the collection frees lowers it again on the next readings
    this.externalLow = external;
    this.off = this.reduce();
    if (this.off !== undefined) {
      clearInterval(this.externalTimer);
      return this.opts.log?.(`memory trim off: ${this.off}`);
    }
    this.externalCollections++;
    // the freed buffers' pages stay in the malloc arenas otherwise: 1,000 HLS players' server
    // read 3.6 MB less with this, and an idle one 1.6 MB (one run each)
    this.nativeLater(false);
  }

  /** the native trim after a collection (a wave's is logged, the buffers' are too many to) */
  private nativeLater(log: boolean): void {
    this.nativeLog ||= log;
    clearTimeout(this.nativeTimer);
    this.nativeTimer = setTimeout(() => {
      this.native(this.nativeLog);
      this.nativeLog = false;
    }, this.opts.nativeAfterMs ?? 3000);
    this.nativeTimer.unref();
  }

  private heapTooLarge(): boolean {
    return v8.getHeapStatistics().used_heap_size / 1e6 > (this.opts.maxHeapMb ?? Infinity);
  }

  private native(log: boolean): void {
    const trim = 'trimNative' in this.opts ? this.opts.trimNative : trimNativeHeap;
    const rss = process.memoryUsage.rss();
    const r = trim?.();
    if (typeof r === 'string' || r === undefined) return;
    r.then(
      (done) => {
        const mb = (rss - process.memoryUsage.rss()) / 1e6;
        if (done === 'released' && log)
          this.opts.log?.(`malloc arenas trimmed: RSS ${mb.toFixed(1)} MB lower`);
      },
      (err: unknown) => this.opts.log?.(`malloc arenas not trimmed: ${String(err)}`),
    );
  }
}

const externalMemory = (): number => v8.getHeapStatistics().external_memory;
