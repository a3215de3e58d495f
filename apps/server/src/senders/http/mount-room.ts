// One live mount of the HTTP sender (/live.mp3, /live.aac, /live.opus): its listeners, its recent
// chunks for the burst on connect, and its own batched writes (the same per-listener cost as `/`,
// http-sender.ts). The stream never ends at a file change; only `stop` closes its listeners.
// /live.opus is one continuous Ogg stream (ogg-mux.ts): every listener gets its head pages first.
import { OggOpusMuxer } from '../mounts/ogg-mux.js';
import { mountPath } from '../mounts/profiles.js';
import type { MountAudio, MountChunk, MountProfile } from '../mounts/types.js';
import type { StreamBreak, StreamFile } from '../types.js';
import { OUTPUTS, type ListenerTap } from '../listener-tap.js';
import { playerHead } from './answers.js';
import { flushWriter } from './batch-writer.js';
import { icyBlock, type IcyTitle } from './icy.js';
import type { Listener } from './listener.js';
import { BURST_MIN_BYTES } from './options.js';
import { PendingBatch } from './pending-batch.js';
import { RecentChunks } from './recent.js';

const CONTENT_TYPES = { mp3: 'audio/mpeg', aac: 'audio/aac', opus: 'audio/ogg; codecs=opus' };

export interface MountRoomOptions {
  maxQueue: number;
  flushUs: number;
  burstUs: number;
  /** a listener could not keep up: the sender drops it */
  overrun(l: Listener): void;
  /** when it starts streaming, and before each flush's write: the listener may move onto the
   * sockwrite addon */
  handOver(l: Listener): void;
  /** streaming stopped: the sender closes the listener */
  close(l: Listener, why: string): void;
  /** hears of the sessions (the audience); the sender closes them when the listener goes */
  tap?: ListenerTap | undefined;
}

export class MountRoom {
  readonly listeners = new Set<Listener>();
  readonly path: string;
  /** the file now on the mount, with the mount's own header (Opus: the Ogg head pages) */
  private file: StreamFile | undefined;
  private readonly recent: RecentChunks;
  private readonly batch: PendingBatch<IcyTitle>;
  private title = '';
  private titleBlock = icyBlock('');
  private mux: OggOpusMuxer | undefined;
  /** media time the muxer holds that has not gone out as a page */
  private muxUs = 0;
  private kbps: number;
  /** the file now skipped on this mount (silence), and why */
  skipped: { path: string; reason: string } | undefined;

  constructor(
    readonly profile: MountProfile,
    private readonly opts: MountRoomOptions,
  ) {
    this.path = mountPath(profile.codec);
    this.kbps = profile.bitrate;
    this.recent = new RecentChunks(opts.burstUs + 2_000_000);
    const writer = flushWriter(opts);
    this.batch = new PendingBatch(this.recent, writer, opts.flushUs);
  }

  /** what the mount streams now (a file passed through keeps its own bitrate), for the lag check */
  get bytesPerSecond(): number {
    return this.file ? (this.kbps * 1000) / 8 : 0;
  }

  fileStart(file: StreamFile, audio: MountAudio | undefined, skipped: string | undefined): void {
    this.flush(false); // a turn at a time, as every flush: the stream goes on into this file
    if (this.profile.codec === 'opus' && !this.mux)
      this.mux = new OggOpusMuxer(this.profile.channels, audio?.preSkip ?? 0);
    this.file = { ...file, header: this.mux?.head };
    this.kbps = audio?.bitrate || this.profile.bitrate;
    this.title = file.title;
    this.titleBlock = icyBlock(file.title);
    this.skipped = audio ? undefined : { path: file.path, reason: skipped ?? 'skipped' };
    for (const l of this.listeners) if (l.state === 'waiting') this.begin(l);
  }

  chunk(c: MountChunk): void {
    if (!this.file) return;
    if (!this.mux) return this.push(c.data, c.durationUs);
    this.muxUs += c.durationUs;
    const page = this.mux.add(c.data);
    if (page) this.pushPage(page);
  }

  streamBreak(reason: StreamBreak): void {
    this.flush(reason === 'stop'); // stop closes the listeners: what gathered goes out first
    if (reason !== 'stop') return;
    for (const l of [...this.listeners])
      if (l.state === 'streaming') this.opts.close(l, 'streaming stopped');
    this.file = undefined;
    this.mux = undefined;
    this.skipped = undefined;
    this.recent.clear();
  }

  /** A listener asked for this mount: it starts now, or with the next file when none plays. */
  join(l: Listener): void {
    this.listeners.add(l);
    l.state = 'waiting';
    if (this.file) this.begin(l);
  }

  leave(l: Listener): void {
    this.listeners.delete(l);
  }

  /** The response head, the header (Ogg head pages) and the recent chunks, in one write. */
  private begin(l: Listener): void {
    l.state = 'streaming';
    // the addon writes the head and the burst too: the net.Socket is garbage within
    // milliseconds of its request, before it is old enough to grow the heap (docs/streaming.md §8)
    this.opts.handOver(l);
    // taken even without a tap: the listener must not keep it (Listener.takeUserAgent)
    const userAgent = l.takeUserAgent();
    l.session = this.opts.tap?.opened({
      output: OUTPUTS.mount(this.profile.codec),
      address: l.address,
      userAgent,
      bytes: () => l.out.bytesWritten,
    });
    const head = Buffer.from(playerHead(CONTENT_TYPES[this.profile.codec], l.icy !== undefined));
    const burst = this.recent.burst({
      minUs: this.opts.burstUs,
      minBytes: BURST_MIN_BYTES,
      maxBytes: this.opts.maxQueue / 2,
    });
    const pieces =
      burst.pieces.length > 0 || !this.file?.header ? burst.pieces : [this.file.header];
    l.skipBytes = this.batch.bytes;
    if (!l.write(pieces, this.opts.maxQueue, this.title, this.titleBlock, head))
      this.opts.overrun(l);
  }

  private pushPage(page: Uint8Array): void {
    const us = this.muxUs;
    this.muxUs = 0;
    this.push(page, us);
  }

  private push(data: Uint8Array, us: number): void {
    this.recent.push(data, us, this.file!, false);
    if (this.batch.add(data, us)) this.flush(false);
  }

  /** What gathered since the last flush goes to every streaming listener: one write each. */
  private flush(now: boolean): void {
    const page = this.mux?.flush();
    if (page && this.file) this.pushPage(page);
    const tag = { title: this.title, block: this.titleBlock };
    this.batch.flush(() => [...this.listeners].filter((l) => l.state === 'streaming'), now, tag);
  }

  /** the line of `sender http status` */
  statusLine(): string {
    const p = this.profile;
    const skip = this.skipped ? `, now silent: ${this.skipped.path} (${this.skipped.reason})` : '';
    return `mount ${this.path}: ${this.listeners.size} listeners (${p.codec} ${p.bitrate} kbit/s, ${p.frequency} Hz, ${p.channels} ch)${skip}`;
  }
}
