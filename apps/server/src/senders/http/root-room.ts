// `/`, the HTTP sender's stream of the files as they are (the live mounts are MountRooms): each
// file from a chunk boundary, a burst of recent audio on connect, then batched writes, one per
// web listener per flush; para_recv listeners get every chunk at once, as paraslash sends it. A
// stream whose format cannot go on into the next file (web-stream.ts) ends with its file.
import type { StreamBreak, StreamChunk, StreamFile } from '../types.js';
import { chunkFramer, continuesInto } from '../web-stream.js';
import { OUTPUTS, type ListenerTap } from '../listener-tap.js';
import { PARASLASH_OK, playerHead } from './answers.js';
import { flushWriter } from './batch-writer.js';
import type { BurstLog } from './burst-log.js';
import { icyBlock, type IcyTitle } from './icy.js';
import type { Listener } from './listener.js';
import { BURST_MIN_BYTES } from './options.js';
import { PendingBatch } from './pending-batch.js';
import { RecentChunks } from './recent.js';

export interface RootRoomOptions {
  maxQueue: number;
  flushUs: number;
  burstUs: number;
  /** every listener of the sender, in the order they connected (those of `/` have no mount) */
  listeners(): Iterable<Listener>;
  /** what each web player's connection got at once (status.burst) */
  bursts: BurstLog;
  /** a listener could not keep up: the sender drops it */
  overrun(l: Listener): void;
  /** when it starts streaming, and before each flush's write: the listener may move onto the
   * sockwrite addon */
  handOver(l: Listener): void;
  /** its stream ended: the sender closes the listener */
  close(l: Listener, why: string): void;
  /** hears of the sessions (the audience); the sender closes them when the listener goes */
  tap?: ListenerTap | undefined;
}

export class RootRoom {
  private file: StreamFile | undefined;
  /** chunk 0 of the current header-format file has gone out (new listeners need no extra header) */
  private headerSent = false;
  private frame: (c: Uint8Array) => Uint8Array = (c) => c;
  private readonly recent: RecentChunks;
  private readonly batch: PendingBatch<IcyTitle>;
  /** para_recv listeners get every chunk at once, as paraslash sends it */
  private readonly paraslash = new Set<Listener>();
  private title = '';
  private titleBlock = icyBlock('');

  constructor(private readonly opts: RootRoomOptions) {
    this.recent = new RecentChunks(opts.burstUs + 2_000_000);
    // flushes under way, written a turn at a time and strictly in order
    const writer = flushWriter(opts);
    this.batch = new PendingBatch(this.recent, writer, opts.flushUs);
  }

  /** what `/` streams now, for the lag check */
  get bytesPerSecond(): number {
    return ((this.file?.bitrate ?? 0) * 1000) / 8;
  }

  fileStart(file: StreamFile): void {
    const prev = this.file;
    const ends = prev !== undefined && !continuesInto(prev, file);
    // the last flush goes out before its listeners are closed, else a turn at a time as always
    this.flush(ends);
    if (ends) {
      for (const l of [...this.opts.listeners()]) {
        if (l.state === 'streaming' && !l.mount)
          this.opts.close(l, `${prev.format} stream ends with its file`);
      }
      this.recent.clear();
    }
    this.file = file;
    this.headerSent = false;
    this.frame = chunkFramer(file);
    this.title = file.title;
    this.titleBlock = icyBlock(file.title);
    for (const l of this.opts.listeners()) if (l.state === 'waiting' && !l.mount) this.begin(l);
  }

  chunk(c: StreamChunk): void {
    const file = this.file;
    if (!file) return;
    const isHeader = c.index === 0 && file.header !== undefined;
    if (isHeader) this.headerSent = true;
    const data = isHeader ? c.data : this.frame(c.data);
    const us = isHeader ? 0 : file.chunkTimeUs;
    this.recent.push(data, us, file, isHeader);
    for (const l of this.paraslash) {
      if (!l.write([data], this.opts.maxQueue, this.title, this.titleBlock)) this.opts.overrun(l);
    }
    if (this.batch.add(data, us)) this.flush(false);
  }

  streamBreak(reason: StreamBreak): void {
    this.flush(reason === 'stop'); // stop closes the web listeners; para_recv's get every chunk
    if (reason === 'stop') {
      for (const l of [...this.opts.listeners()]) {
        if (l.state === 'streaming' && !l.mount) this.opts.close(l, 'streaming stopped');
      }
      this.file = undefined;
      this.recent.clear();
    } else if (reason === 'eof' || reason === 'next') {
      // paraslash closes its HTTP clients at the end of every file; para_recv expects that
      for (const l of [...this.paraslash]) this.opts.close(l, 'end of file');
    }
  }

  /** What gathered goes to every streaming web listener of `/` (pending-batch.ts). */
  private flush(now: boolean): void {
    const streaming = (l: Listener): boolean => l.state === 'streaming' && !l.paraslash && !l.mount;
    const tag = { title: this.title, block: this.titleBlock };
    this.batch.flush(() => [...this.opts.listeners()].filter(streaming), now, tag);
  }

  /** A listener asked for `/`: it starts now, or with the next file when none plays. */
  join(l: Listener): void {
    l.state = 'waiting';
    if (this.file) this.begin(l);
  }

  leave(l: Listener): void {
    this.paraslash.delete(l);
  }

  /** The response head, then the header and recent chunks, so playback can start at once. */
  private begin(l: Listener): void {
    const file = this.file!;
    l.state = 'streaming';
    // the addon writes the head and the burst too: the net.Socket is garbage within
    // milliseconds of its request, before it is old enough to grow the heap (docs/streaming.md §8)
    this.opts.handOver(l);
    // taken even without a tap: the listener must not keep it (Listener.takeUserAgent)
    const userAgent = l.takeUserAgent();
    l.session = this.opts.tap?.opened({
      output: OUTPUTS.http,
      address: l.address,
      userAgent,
      bytes: () => l.out.bytesWritten,
    });
    let pieces: Uint8Array[];
    let head: string;
    if (l.paraslash) {
      head = PARASLASH_OK;
      // no burst, every chunk from now on; the header first when joining mid-file
      pieces = file.header && this.headerSent ? [file.header] : [];
      this.paraslash.add(l);
    } else {
      head = playerHead(file, l.icy !== undefined);
      const burst = this.recent.burst({
        minUs: this.opts.burstUs,
        minBytes: BURST_MIN_BYTES,
        maxBytes: this.opts.maxQueue / 2,
      });
      pieces = burst.pieces;
      if (l.listenId !== undefined) this.opts.bursts.record(l.listenId, burst.us);
    }
    l.skipBytes = l.paraslash ? 0 : this.batch.bytes;
    // the head and the burst in one system call
    if (!l.write(pieces, this.opts.maxQueue, this.title, this.titleBlock, Buffer.from(head)))
      this.opts.overrun(l);
  }
}
