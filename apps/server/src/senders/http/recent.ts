// The last seconds of the stream, so a new listener gets a burst at once (players start when
// their buffer fills: Chromium within 0.2 s given >= 2 s from a frame boundary, docs/streaming.md).

import type { StreamFile } from '../types.js';

interface Entry {
  data: Uint8Array;
  us: number;
  file: StreamFile;
  /** chunk 0 of a header format: the header itself */
  isHeader: boolean;
}

export interface BurstLimits {
  /** at least this much play time ... */
  minUs: number;
  /** ... and at least this many bytes, as far back as the ring reaches */
  minBytes: number;
  /** but never more than this many bytes */
  maxBytes: number;
}

export class RecentChunks {
  private entries: Entry[] = [];
  private head = 0;
  private totalUs = 0;

  constructor(private readonly keepUs: number) {}

  push(data: Uint8Array, us: number, file: StreamFile, isHeader: boolean): void {
    this.entries.push({ data, us, file, isHeader });
    this.totalUs += us;
    while (
      this.head < this.entries.length - 1 &&
      this.totalUs - this.entries[this.head]!.us >= this.keepUs
    ) {
      this.totalUs -= this.entries[this.head]!.us;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * The newest `count` entries were copied, in order, into `buf`: point them at it, so the ring
   * holds a few large shared buffers and a burst is a few views of them, not hundreds of chunks.
   */
  rebase(buf: Buffer, count: number): void {
    let end = buf.length;
    for (let i = this.entries.length - 1; i >= this.head && count > 0; i--, count--) {
      const e = this.entries[i]!;
      const start = end - e.data.length;
      if (start < 0) return;
      e.data = buf.subarray(start, end);
      end = start;
    }
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.totalUs = 0;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * The newest chunks within `limits`, led by their file's header where they need one, and how
   * much play time they hold (the listener hears them that much after the live edge).
   */
  burst(limits: BurstLimits): { pieces: Uint8Array[]; us: number } {
    let start = this.entries.length;
    let us = 0;
    let bytes = 0;
    while (start > this.head && (us < limits.minUs || bytes < limits.minBytes)) {
      const e = this.entries[start - 1]!;
      if (bytes + e.data.length > limits.maxBytes) break;
      us += e.us;
      bytes += e.data.length;
      start--;
    }
    return { pieces: this.from(start), us };
  }

  private from(start: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    // adjacent bytes of one buffer (a file's chunks, often its header too) go out as one view,
    // made once per run: widening a view at every chunk made ~400 throwaway views per connect
    let run: Uint8Array | undefined;
    let runLength = 0;
    const endRun = (): void => {
      if (!run) return;
      out.push(
        runLength === run.length ? run : new Uint8Array(run.buffer, run.byteOffset, runLength),
      );
    };
    const first = this.entries[start];
    if (first && !first.isHeader && first.file.header) {
      run = first.file.header;
      runLength = run.length;
    }
    for (let i = start; i < this.entries.length; i++) {
      const d = this.entries[i]!.data;
      if (d.length === 0) continue;
      if (run && run.buffer === d.buffer && run.byteOffset + runLength === d.byteOffset) {
        runLength += d.length;
        continue;
      }
      endRun();
      run = d;
      runLength = d.length;
    }
    endRun();
    return out;
  }
}
