// One HLS variant (one live mount's codec): cuts the mount's chunks into segments on chunk
// boundaries, at most the target duration each, and a new segment where a file starts (so its
// title goes at the head of that segment), and keeps the newest segments for the playlist and
// for late joiners. Runs on the stream thread: a chunk costs an array push; a cut one copy of
// the segment's bytes.
import type { MountAudio, MountChunk, MountCodec } from '../mounts/types.js';
import type { Sample } from './fmp4.js';
import { OPUS_TIMESCALE, concat, fragment, id3Emsg, opusInit } from './fmp4.js';
import type { Id3Title } from './id3.js';
import { id3Tag, ticks90k } from './id3.js';
import type { SegmentInfo } from './playlist.js';
import { mediaPlaylist } from './playlist.js';

/**
 * A segment may run this far past the target to take in the last chunks of a file, rather than
 * leave a segment of a few frames: EXTINF rounded to the nearest second still equals the target
 * (RFC 8216 §4.3.3.1).
 */
const SLACK_US = 450_000;

export const EXTENSIONS: Record<MountCodec, string> = { aac: 'aac', mp3: 'mp3', opus: 'm4s' };

export interface Segment extends SegmentInfo {
  data: Uint8Array;
}

export interface VariantOptions {
  codec: MountCodec;
  /** whole seconds, 2-10 */
  targetS: number;
  /** segments listed in the playlist */
  listSize: number;
  /** segments kept (listed ones included) */
  hold: number;
  /** bytes kept at most (the listed segments are kept whatever their size) */
  maxBytes: number;
  /** the first media sequence number and discontinuity sequence number of this run */
  seq: number;
  disc: number;
  /** the first segment follows an earlier run (a restart): it carries EXT-X-DISCONTINUITY */
  restarted: boolean;
  /** a segment is out (and older ones dropped): the disk writer, the sequence store */
  onSegment?: (v: Variant, seg: Segment, dropped: readonly Segment[]) => void;
}

export class Variant {
  readonly codec: MountCodec;
  private readonly targetUs: number;
  private readonly held: Segment[] = [];
  private heldBytes = 0;
  private nextSeq: number;
  private disc: number;
  private breakPending: boolean;
  /** the chunks of the segment being cut */
  private parts: Uint8Array[] = [];
  private partSamples: number[] = [];
  private partUs = 0;
  private startPdtMs = 0;
  /** media time of the segment's first sample, in samples at `rate` */
  private startSamples = 0;
  /** media time since this variant began, in samples at `rate` (never reset: timestamps rise) */
  private samples = 0;
  private rate = 0;
  private title: Id3Title | undefined;
  /** chunks of the current file still to come (as its audio says) */
  private fileLeft = Infinity;
  private silenceUs = 0;
  /** fMP4: the current init segment, and its URI */
  init: { uri: string; data: Uint8Array; key: string } | undefined;
  private oldInits: { uri: string; data: Uint8Array }[] = [];
  /** what the last audio said of the stream (kbit/s), for the master playlist */
  bitrate = 128;
  /** the media playlist text, rebuilt when a segment is out */
  playlist: Buffer | undefined;

  constructor(private readonly opts: VariantOptions) {
    this.codec = opts.codec;
    this.targetUs = opts.targetS * 1_000_000;
    this.nextSeq = opts.seq;
    this.disc = opts.disc;
    this.breakPending = opts.restarted;
  }

  /** A file starts on the mount: the segment so far is cut, the next one carries the title. */
  fileStart(title: Id3Title, audio: MountAudio | undefined, fileDurationUs = 0): void {
    this.cut();
    this.title = title;
    this.fileLeft = audio?.chunksTotal ?? Infinity;
    // silence lasts the file's length, in silent frames counted at the first one
    this.silenceUs = audio ? 0 : fileDurationUs;
    if (!audio) return; // skipped: the mount's silent frames follow, at the rate so far
    this.bitrate = audio.bitrate;
    this.setRate(this.codec === 'opus' ? OPUS_TIMESCALE : audio.frequency);
    if (this.codec === 'opus') this.useInit(audio.channels, audio.preSkip ?? 0);
  }

  /** fMP4: the init segment for `channels`; a new one when they change (a break for players) */
  private useInit(channels: number, preSkip: number): void {
    // pre-skip belongs to the track's start only: a later file's own does not change the init
    const key = String(channels);
    if (this.init?.key === key) return;
    if (this.init) {
      this.breakPending = true;
      // segments still held may point to it
      this.oldInits = [this.init, ...this.oldInits].slice(0, 3);
    }
    const data = opusInit({ channels, preSkip, inputRate: 48_000 });
    this.init = { uri: `opus/init-${this.nextSeq}.mp4`, data, key };
  }

  private setRate(rate: number): void {
    if (this.rate !== 0 && rate !== this.rate) {
      // another sample rate: timestamps go on in the new unit, and players are told
      this.samples = Math.round((this.samples * rate) / this.rate);
      this.breakPending = true;
    }
    this.rate = rate;
  }

  chunk(c: MountChunk): void {
    // the stream began with a skipped file: the rate from the silent frame's length
    if (this.rate === 0) this.setRate(rateOf(this.codec, c.durationUs));
    // (and Opus in the mounts' default layout, stereo)
    if (this.codec === 'opus' && !this.init) this.useInit(2, 0);
    if (this.silenceUs > 0) {
      this.fileLeft = Math.ceil(this.silenceUs / c.durationUs - 1e-9);
      this.silenceUs = 0;
    }
    const over = this.partUs + c.durationUs > this.targetUs;
    if (
      over &&
      this.parts.length > 0 &&
      this.partUs + this.fileLeft * c.durationUs > this.targetUs + SLACK_US
    ) {
      this.cut();
    }
    // a file that runs past its chunk count (or never had one): no end known
    this.fileLeft = this.fileLeft > 1 ? this.fileLeft - 1 : Infinity;
    if (this.parts.length === 0) {
      this.startPdtMs = c.dueUs / 1000;
      this.startSamples = this.samples;
    }
    const n = Math.round((c.durationUs * this.rate) / 1_000_000);
    this.parts.push(c.data);
    this.partSamples.push(n);
    this.partUs += c.durationUs;
    this.samples += n;
  }

  /** The stream stops (`stop`) or pauses: what was cut so far goes out; after a stop, a break. */
  streamBreak(reason: 'stop' | 'pause'): void {
    this.cut();
    if (reason === 'stop') this.breakPending = true;
  }

  /** The segment so far goes out (nothing happens when it is empty). */
  cut(): void {
    if (this.parts.length === 0) return;
    const seq = this.nextSeq++;
    const discontinuity = this.breakPending;
    if (discontinuity) this.disc++;
    this.breakPending = false;
    const data = this.pack(seq);
    const durationS = this.partSamples.reduce((a, b) => a + b, 0) / this.rate;
    const seg: Segment = {
      seq,
      disc: this.disc,
      discontinuity,
      pdtMs: this.startPdtMs,
      duration: durationS,
      uri: `${this.codec}/${seq}.${EXTENSIONS[this.codec]}`,
      map: this.init?.uri,
      data,
    };
    this.parts = [];
    this.partSamples = [];
    this.partUs = 0;
    this.title = undefined;
    this.held.push(seg);
    this.heldBytes += data.length;
    const dropped: Segment[] = [];
    const { hold, listSize, maxBytes } = this.opts;
    while (this.held.length > hold || (this.held.length > listSize && this.heldBytes > maxBytes)) {
      const old = this.held.shift()!;
      this.heldBytes -= old.data.length;
      dropped.push(old);
    }
    this.playlist = Buffer.from(mediaPlaylist(this.opts.targetS, this.held.slice(-listSize)));
    this.opts.onSegment?.(this, seg, dropped);
  }

  private pack(seq: number): Uint8Array {
    if (this.codec !== 'opus') {
      const us = (this.startSamples * 1_000_000) / this.rate;
      return concat([id3Tag({ ticks90k: ticks90k(us), title: this.title }), ...this.parts]);
    }
    const samples: Sample[] = this.parts.map((data, i) => ({
      data,
      duration: this.partSamples[i]!,
    }));
    const emsg = this.title
      ? id3Emsg(seq, OPUS_TIMESCALE, this.startSamples, id3Tag({ title: this.title }))
      : undefined;
    return fragment(seq, this.startSamples, samples, emsg);
  }

  /** a held segment by its sequence number */
  segment(seq: number): Segment | undefined {
    const first = this.held[0];
    if (!first) return undefined;
    return this.held[seq - first.seq];
  }

  /** an init segment by its URI (relative to /hls/) */
  initData(uri: string): Uint8Array | undefined {
    if (this.init?.uri === uri) return this.init.data;
    return this.oldInits.find((i) => i.uri === uri)?.data;
  }

  get segments(): readonly Segment[] {
    return this.held;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** the next segment's sequence number, and the current discontinuity sequence number */
  get position(): { seq: number; disc: number } {
    return { seq: this.nextSeq, disc: this.disc };
  }
}

/** The sample rate whose frames (MP3 1152 samples, AAC 1024) last `durationUs`: 44.1 or 48 kHz. */
export function rateOf(codec: MountCodec, durationUs: number): number {
  if (codec === 'opus') return OPUS_TIMESCALE;
  const perFrame = codec === 'mp3' ? 1152 : 1024;
  const rate = (perFrame * 1e6) / durationUs;
  return Math.abs(rate - 44_100) < Math.abs(rate - 48_000) ? 44_100 : 48_000;
}
