// The HLS output (docs/streaming.md, "HLS"): a MountSink on the stream thread that packages each
// live mount's chunks into segments, as they come, without decoding: MP3 and AAC as packed audio
// (RFC 8216 §3.4), Opus as fMP4. A variant appears when its mount sends its first file. The HTTP
// sender serves the result under /hls/ (http.ts); --hls-dir also writes it to a directory.
import type { StreamBreak, StreamFile } from '../types.js';
import type { MountAudio, MountChunk, MountCodec, MountSink } from '../mounts/types.js';
import { DiskWriter } from './disk.js';
import { splitTitle } from './id3.js';
import type { VariantInfo } from './playlist.js';
import { masterPlaylist } from './playlist.js';
import type { SeqEntries } from './seq-store.js';
import { isLaterSegment, RESERVE, SHARED_RESERVE, SeqStore } from './seq-store.js';
import type { Segment } from './variant.js';
import { Variant } from './variant.js';

export interface HlsOptions {
  /** whole seconds, 2-10 (4) */
  targetS?: number;
  /** segments listed in a media playlist (6) */
  listSize?: number;
  /** bytes kept per variant beyond the listed segments (16 MiB) */
  maxBytes?: number;
  /** where hls-state.json keeps the sequence numbers (the database directory); none: memory */
  stateDir?: string;
  /** also write segments and playlists here */
  segmentDir?: string;
  /**
   * Several processes elect a playout leader (PostgreSQL): this output stands by, cutting and
   * serving nothing, until lead(true); the sequence state is shared through `share` and adopt.
   */
  followsLead?: boolean;
  /** hears every reservation of sequence numbers (the main thread keeps them in the database) */
  share?: (entries: SeqEntries) => void;
  /**
   * hears of each segment the first time it is served (the main thread tells the standbys, which
   * then start right after it): a segment cut and never fetched is not announced, so a new
   * leader reuses its number rather than leave players a gap they stall at (docs/hls.md)
   */
  onServed?: (codec: MountCodec, seq: number, disc: number) => void;
  log?: { warn(obj: object, msg: string): void };
}

export const TARGET_S = 4;
export const LIST_SIZE = 6;

export class HlsOutput implements MountSink {
  readonly name = 'hls';
  readonly targetS: number;
  readonly listSize: number;
  private readonly variants = new Map<MountCodec, Variant>();
  private readonly store: SeqStore;
  readonly disk: DiskWriter | undefined;
  private master = '';
  private readonly initsWritten = new Set<string>();
  private leading: boolean;
  /** led since lead(true) and no segment cut yet: a playlist asked for now comes in a moment */
  private starting = false;
  /** per variant, the newest segment served so far (onServed) */
  private readonly announced = new Map<MountCodec, { seq: number; disc: number }>();

  constructor(private readonly opts: HlsOptions = {}) {
    this.targetS = Math.min(10, Math.max(2, Math.round(opts.targetS ?? TARGET_S)));
    this.listSize = Math.max(3, opts.listSize ?? LIST_SIZE);
    const warn = (what: string) => (err: unknown) =>
      opts.log?.warn({ err: String(err) }, `hls: ${what} failed`);
    this.store = new SeqStore(
      opts.stateDir,
      warn('writing hls-state.json'),
      opts.share,
      opts.followsLead ? SHARED_RESERVE : RESERVE,
    );
    this.leading = !opts.followsLead;
    if (opts.segmentDir) this.disk = new DiskWriter(opts.segmentDir, warn('writing to --hls-dir'));
  }

  /**
   * This node leads (true: `shared` is what the last leader reserved, adopted before any new
   * variant starts) or stands by (false: the variants and their segments go, so a standby never
   * serves a stale playlist; the HTTP side answers 503 meanwhile).
   */
  lead(leading: boolean, shared?: SeqEntries): void {
    if (leading && shared) this.store.adopt(shared);
    if (!leading && this.leading) {
      this.variants.clear();
      this.announced.clear();
      this.master = '';
    }
    this.starting = leading && (this.starting || !this.leading);
    this.leading = leading;
  }

  /** not the playout leader: nothing is cut or served */
  get standby(): boolean {
    return !this.leading;
  }

  /** this node just took the lead and has not cut its first segment yet */
  get takingOver(): boolean {
    return this.starting;
  }

  mountFileStart(codec: MountCodec, file: StreamFile, audio: MountAudio | undefined): void {
    if (!this.leading) return;
    const durationUs = file.chunksTotal * file.chunkTimeUs;
    this.variant(codec).fileStart(splitTitle(file.title), audio, durationUs);
  }

  mountChunk(codec: MountCodec, chunk: MountChunk): void {
    if (!this.leading) return;
    // the lead came in the middle of a file: the variant starts here, from the chunks alone
    (this.variants.get(codec) ?? (this.opts.followsLead ? this.variant(codec) : undefined))?.chunk(
      chunk,
    );
  }

  mountBreak(codec: MountCodec, reason: StreamBreak): void {
    // a file's end or a skip is no break: the next file's frames follow on the same timeline;
    // ff/jmp neither (frames stand alone, timestamps keep rising)
    if (reason === 'stop' || reason === 'pause') this.variants.get(codec)?.streamBreak(reason);
  }

  variant(codec: MountCodec): Variant {
    let v = this.variants.get(codec);
    if (v) return v;
    const start = this.store.start(codec);
    // RFC 8216 §6.2.2: a segment stays available for the playlist's duration plus a target
    // duration after it left the playlist; twice the list and one more covers that
    const hold = this.listSize * 2 + 1;
    v = new Variant({
      codec,
      targetS: this.targetS,
      listSize: this.listSize,
      hold,
      maxBytes: this.opts.maxBytes ?? 16 * 1024 * 1024,
      ...start,
      onSegment: (variant, seg, dropped) => this.segmentOut(variant, seg, dropped),
    });
    this.variants.set(codec, v);
    return v;
  }

  private segmentOut(v: Variant, seg: Segment, dropped: readonly Segment[]): void {
    this.store.used(v.codec, seg.seq, seg.disc);
    this.starting = false;
    if (v.segments.length === 1 || this.master === '') this.updateMaster();
    const disk = this.disk;
    if (!disk) return;
    const init = seg.map !== undefined ? v.initData(seg.map) : undefined;
    if (init && !this.initsWritten.has(seg.map!)) {
      this.initsWritten.add(seg.map!);
      disk.file(seg.map!, init);
    }
    disk.segment(seg.uri, seg.data, `${v.codec}.m3u8`, v.playlist!);
    for (const d of dropped) disk.remove(d.uri);
  }

  private updateMaster(): void {
    this.master = masterPlaylist(this.variantInfo(''));
    this.disk?.file('live.m3u8', Buffer.from(this.master));
  }

  /** the variants with segments; `query` is appended to each URI (a session id) */
  variantInfo(query: string): VariantInfo[] {
    return [...this.variants.values()]
      .filter((v) => v.playlist !== undefined)
      .map((v) => ({ codec: v.codec, bitrate: v.bitrate, uri: `${v.codec}.m3u8${query}` }));
  }

  get(codec: string): Variant | undefined {
    return this.variants.get(codec as MountCodec);
  }

  /** A client fetched a segment: the newest one served so far goes to onServed (once). */
  served(codec: MountCodec, seg: { seq: number; disc: number }): void {
    if (!isLaterSegment(seg, this.announced.get(codec))) return;
    this.announced.set(codec, { seq: seg.seq, disc: seg.disc });
    this.opts.onServed?.(codec, seg.seq, seg.disc);
  }

  /** memory the held segments take, for status */
  get bytes(): number {
    let n = 0;
    for (const v of this.variants.values()) n += v.bytes;
    return n;
  }

  status(): string {
    const lines = [...this.variants.values()].map((v) => {
      const segs = v.segments;
      const last = segs[segs.length - 1];
      return `hls ${v.codec}: ${segs.length} segments held (${v.bytes} bytes), next ${v.position.seq}${last ? `, last ${last.duration.toFixed(2)} s` : ''}`;
    });
    if (this.disk) {
      lines.push(
        `hls dir: ${this.disk.dir}${this.disk.dropped + this.disk.failed > 0 ? ` (${this.disk.dropped} dropped, ${this.disk.failed} failed: ${this.disk.lastError ?? ''})` : ''}`,
      );
    }
    return lines.join('\n');
  }

  /** resolves when the state file and the directory are written (tests, shutdown) */
  async settled(): Promise<void> {
    await this.store.settled();
    await this.disk?.settled();
  }
}
