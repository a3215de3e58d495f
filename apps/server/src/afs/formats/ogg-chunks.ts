// Shared ogg handler code (docs/paraslash/formats.md §4): header packets, chunk table of whole pages, small header.
import { OggPacketReader, OggPageScanner, PAGE_BOS, PAGE_EOS, writePages } from './ogg-pages.js';
import { bufferSource, Window, type ByteSource } from './source.js';
import { emptyVorbisComment, readVorbisComment, type VorbisComment } from './vorbis-comment.js';
import { AfhError, maxChunkSize, type AudioFormatInfo, type FormatName } from './types.js';

/** Chunk time of all ogg codecs: one opus/speex frame; small enough for 1 % pacing on short files. */
export const OGG_CHUNK_MS = 20;

/** What a codec learns from its identification header. */
export interface OggStreamInfo {
  /** number of header packets including the identification header */
  headerPackets: number;
  /** granule positions count samples at this rate (opus: 48000) */
  rate: number;
  channels: number;
  /** samples to drop at the start (opus pre-skip), subtracted from the duration */
  preSkip: number;
  /** bit/s from the header, 0 if the header gives none */
  nominalBitrate: number;
  /** upper bound of the samples one packet may hold; bounds granule jumps of damaged files */
  maxPacketSamples: number;
  techinfo: string;
}

export interface OggCodec {
  readonly format: FormatName;
  /** Parses the identification header; throws AfhError if it is not this codec's. */
  parseIdent(packet: Uint8Array): OggStreamInfo;
  /** Bytes the comment packet starts with, before the vorbis comment block. */
  readonly commentMagic: Uint8Array;
  /** Vorbis ends its comment packet with a framing bit. */
  readonly framingBit: boolean;
  /** Optional check of header packet `index` (>= 2); throws AfhError. */
  checkHeader?(index: number, packet: Uint8Array): void;
}

interface OggHeader {
  scanner: OggPageScanner;
  serial: number;
  firstSequence: number;
  packets: Uint8Array[];
  info: OggStreamInfo;
  comment: VorbisComment;
}

/** Reads the header packets of the first logical stream; the scanner stays on their last page. */
function readHeader(data: Uint8Array | Window, codec: OggCodec): OggHeader {
  const scanner = new OggPageScanner(data);
  if (!scanner.next()) throw new AfhError('no ogg page found');
  if (!(scanner.headerType & PAGE_BOS)) throw new AfhError('ogg stream lacks its first page');
  const serial = scanner.serial;
  const firstSequence = scanner.sequence;
  const reader = new OggPacketReader(scanner, serial);
  const ident = reader.next();
  if (ident === undefined) throw new AfhError('ogg header cut off');
  const info = codec.parseIdent(ident);
  const packets = [ident];
  while (packets.length < info.headerPackets) {
    const packet = reader.next();
    if (packet === undefined) throw new AfhError('ogg header cut off');
    if (packets.length >= 2) codec.checkHeader?.(packets.length, packet);
    packets.push(packet);
  }
  const magic = codec.commentMagic;
  const cpkt = packets[1]!;
  if (!startsWith(cpkt, magic)) throw new AfhError(`no ${codec.format} comment header`);
  const comment = readVorbisComment(cpkt, magic.length, cpkt.length);
  if (codec.framingBit && (comment.end >= cpkt.length || !(cpkt[comment.end]! & 1))) {
    throw new AfhError('comment header lacks the framing bit');
  }
  return { scanner, serial, firstSequence, packets, info, comment };
}

/**
 * Parses an ogg file of the given codec. Chunk 0 is the header; then every chunk is a run of whole
 * pages: a chunk ends with the first page whose granule position passes the chunk's end time
 * (k * chunk time), so each chunk carries the audio due by its send time, sent at most one page
 * early. A page spanning several chunk times leaves the chunks after it empty. Pages after the
 * last boundary join the last chunk, so chunksTotal = ceil(duration / chunk time).
 */
export function parseOgg(data: Uint8Array, codec: OggCodec): AudioFormatInfo {
  return parseOggFrom(bufferSource(data), codec);
}

/** parseOgg over any source, scanning the pages through a window of `windowSize` bytes. */
export function parseOggFrom(
  src: ByteSource,
  codec: OggCodec,
  windowSize?: number,
): AudioFormatInfo {
  const { scanner, serial, info, comment } = readHeader(new Window(src, windowSize), codec);
  const { rate, preSkip } = info;
  const fpc = Math.max(1, Math.round((rate * OGG_CHUNK_MS) / 1000));
  const chunkTimeUs = Math.round((fpc * 1e6) / rate);
  // one chunk per byte is far beyond any real stream; it bounds the table of a damaged file
  const maxChunks = Math.max(1000, src.size);
  const table: number[] = [0];
  let pending = 1; // boundaries that take the offset of the next page (the first is headerLen)
  let chunk = 1; // the chunk being filled
  let lastEnd = scanner.end;
  let prev = 0; // last granule position seen
  let base = 0; // granule of the stream start
  let first = true;
  let skipped = scanner.skipped;
  let seq = scanner.sequence;
  let packets = 0;
  let maxGranule = 0;
  let headerLen = -1;
  let eos = (scanner.headerType & PAGE_EOS) !== 0 && scanner.serial === serial;
  while (!eos && scanner.next()) {
    for (; pending > 0; pending--) table.push(scanner.offset);
    if (headerLen < 0) headerLen = scanner.offset;
    lastEnd = scanner.end;
    if (scanner.serial !== serial) continue;
    eos = (scanner.headerType & PAGE_EOS) !== 0;
    // packets that may have ended since the last granule position: on this page, on skipped
    // damaged pages (one byte at least each) and on missing pages (255 at most per page)
    packets += scanner.packetsEnding() + scanner.skipped - skipped;
    packets += Math.max(0, scanner.sequence - seq - 1) * 255;
    skipped = scanner.skipped;
    seq = scanner.sequence;
    const g = scanner.granule;
    if (g < 0) continue;
    if (g - prev > packets * info.maxPacketSamples + (first ? preSkip : 0)) {
      // a stream cut out of a longer one may start at any granule position
      if (!first) throw new AfhError('implausible ogg granule position');
      base = g;
    }
    packets = 0;
    first = false;
    if (g > prev) prev = g;
    const eff = g - base - preSkip;
    if (eff > maxGranule) maxGranule = eff;
    while (eff > chunk * fpc) {
      chunk++;
      pending++;
      if (chunk > maxChunks) throw new AfhError('implausible ogg granule position');
    }
  }
  if (headerLen < 0) headerLen = lastEnd;
  if (maxGranule <= 0) throw new AfhError('no audio in ogg stream');
  for (; pending > 0; pending--) table.push(lastEnd);
  if (table[table.length - 1]! < lastEnd) {
    if (table.length > 2) table[table.length - 1] = lastEnd;
    else table.push(lastEnd);
  }
  const chunkTable = Uint32Array.from(table);
  const seconds = maxGranule / rate;
  const audioBytes = lastEnd - headerLen;
  const bitrate =
    info.nominalBitrate > 0
      ? Math.round(info.nominalBitrate / 1000)
      : Math.round((audioBytes * 8) / seconds / 1000);
  return {
    format: codec.format,
    secondsTotal: Math.floor(seconds),
    durationMs: Math.round(seconds * 1000),
    chunksTotal: chunkTable.length - 1,
    chunkTimeUs,
    bitrate,
    frequency: rate,
    channels: info.channels,
    headerLen,
    maxChunkSize: maxChunkSize(chunkTable),
    techinfo: info.techinfo,
    tags: comment.tags,
    chunkTable,
    picture: comment.picture,
  };
}

/**
 * The header for new listeners: the header packets re-paged with the comment packet replaced by
 * an empty one that keeps the vendor string, same serial, fresh CRCs (docs/paraslash/formats.md §4.1, §4.3).
 */
export function oggHeader(data: Uint8Array, codec: OggCodec): Uint8Array {
  const { serial, firstSequence, packets, comment } = readHeader(data, codec);
  const dummy = emptyVorbisComment(comment.vendor, codec.commentMagic, codec.framingBit);
  const [ident, , ...rest] = packets;
  return writePages([[ident!], [dummy, ...rest]], serial, firstSequence);
}

export function u32le(p: Uint8Array, at: number): number {
  return (p[at]! | (p[at + 1]! << 8) | (p[at + 2]! << 16) | (p[at + 3]! << 24)) >>> 0;
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** True if packet starts with magic. */
export function startsWith(packet: Uint8Array, magic: Uint8Array): boolean {
  if (packet.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (packet[i] !== magic[i]) return false;
  return true;
}
