// The wma audio format handler (docs/paraslash/formats.md §7): an ASF header parser (no npm package parses
// ASF packets). Chunk 0 is the header, then chunks of whole fixed-size data packets. Only the header
// is read: the packets' places follow from their fixed size, so the file's size does not matter.
import { bufferSource, type ByteSource } from './source.js';
import type { AudioFormatHandler, AudioFormatInfo, Tags } from './types.js';
import { AfhError, maxChunkSize } from './types.js';

/** GUID text (as printed) → the 16 bytes as stored: the first three fields little-endian. */
function guid(s: string): Uint8Array {
  const h = s.replace(/-/g, '');
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  return b;
}

const HEADER = guid('75B22630-668E-11CF-A6D9-00AA0062CE6C');
const FILE_PROPERTIES = guid('8CABDCA1-A947-11CF-8EE4-00C00C205365');
const STREAM_PROPERTIES = guid('B7DC0791-A9B7-11CF-8EE6-00C00C205365');
const CONTENT_DESCRIPTION = guid('75B22633-668E-11CF-A6D9-00AA0062CE6C');
const EXTENDED_CONTENT = guid('D2D0A440-E307-11D2-97F0-00A0C95EA850');
const DATA = guid('75B22636-668E-11CF-A6D9-00AA0062CE6C');
const AUDIO_MEDIA = guid('F8699E40-5B4D-11CF-A8FD-00805F5C442B');

const WMA_V1 = 0x160;
const WMA_V2 = 0x161;
const DATA_HEADER_LEN = 50;
const BROADCAST_FLAG = 1;
/**
 * Chunking rule: as many whole data packets as fit in 250 ms of play time, at least one.
 * With ffmpeg's 3200-byte packets that is one packet (≈200 ms) at 128 kbit/s and two at
 * 256 kbit/s; a packet longer than 250 ms (low bitrates) is a chunk of its own.
 */
const MAX_CHUNK_US = 250_000;

/** Extended content attributes → tags; the ffmpeg-style names are fallbacks (lab §1.2). */
const ATTRIBUTES: Record<string, keyof Tags> = {
  'wm/albumtitle': 'album',
  'wm/year': 'year',
  date: 'year',
  author: 'artist',
  title: 'title',
  description: 'comment',
};

const utf16le = new TextDecoder('utf-16le');

function guidAt(d: Uint8Array, p: number, g: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (d[p + i] !== g[i]) return false;
  return true;
}

function u16(d: Uint8Array, p: number): number {
  return d[p]! | (d[p + 1]! << 8);
}

function u32(d: Uint8Array, p: number): number {
  return (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0;
}

function u64(d: Uint8Array, p: number): number {
  return u32(d, p) + u32(d, p + 4) * 0x100000000;
}

/** UTF-16LE text of [p, p + len) without the trailing NULs ASF writes. */
function text(d: Uint8Array, p: number, len: number): string {
  return utf16le
    .decode(d.subarray(p, p + len))
    .replace(/\0+$/, '')
    .trim();
}

interface Audio {
  formatTag: number;
  channels: number;
  frequency: number;
  avgBytesPerSec: number;
  blockAlign: number;
  /** WMA encode options from the codec data (exp vlc, bit reservoir, variable block length) */
  flags: number;
}

/** WAVEFORMATEX of an audio Stream Properties object at p (size bytes), or undefined. */
function audioStream(d: Uint8Array, p: number, size: number): Audio | undefined {
  if (size < 78 || !guidAt(d, p + 24, AUDIO_MEDIA)) return undefined;
  const len = u32(d, p + 64);
  const w = p + 78;
  if (len < 16 || 78 + len > size) throw new AfhError('bad ASF stream properties');
  const formatTag = u16(d, w);
  const extra = len >= 18 ? Math.min(u16(d, w + 16), len - 18) : 0;
  // WMA v1 codec data: samples per block (16), options (16); v2: samples per block (32), options
  let flags = 0;
  if (formatTag === WMA_V1 && extra >= 4) flags = u16(d, w + 20);
  if (formatTag === WMA_V2 && extra >= 6) flags = u16(d, w + 22);
  return {
    formatTag,
    channels: u16(d, w + 2),
    frequency: u32(d, w + 4),
    avgBytesPerSec: u32(d, w + 8),
    blockAlign: u16(d, w + 12),
    flags,
  };
}

function contentDescription(d: Uint8Array, p: number, size: number, tags: Tags): void {
  if (size < 34) throw new AfhError('bad ASF content description');
  const lens = [0, 1, 2, 3, 4].map((i) => u16(d, p + 24 + 2 * i));
  let q = p + 34;
  const fields: (keyof Tags | undefined)[] = ['title', 'artist', undefined, 'comment', undefined];
  for (let i = 0; i < 5; i++) {
    const len = lens[i]!;
    if (q + len > p + size) throw new AfhError('bad ASF content description');
    const field = fields[i];
    if (field !== undefined && len > 0) tags[field] = text(d, q, len);
    q += len;
  }
}

/** Extended Content Description: fills fields the Content Description left empty. */
function extendedContent(d: Uint8Array, p: number, size: number, tags: Tags): void {
  const end = p + size;
  if (size < 26) throw new AfhError('bad ASF extended content description');
  const count = u16(d, p + 24);
  let q = p + 26;
  for (let i = 0; i < count; i++) {
    if (q + 2 > end) throw new AfhError('bad ASF extended content description');
    const nameLen = u16(d, q);
    const v = q + 2 + nameLen;
    if (v + 4 > end) throw new AfhError('bad ASF extended content description');
    const type = u16(d, v);
    const valueLen = u16(d, v + 2);
    if (v + 4 + valueLen > end) throw new AfhError('bad ASF extended content description');
    const field = ATTRIBUTES[text(d, q + 2, nameLen).toLowerCase()];
    if (field !== undefined && tags[field] === '') {
      const at = v + 4;
      // 0 = UTF-16LE string; 3, 4, 5 = DWORD, QWORD, WORD (WM/Year is sometimes a number)
      if (type === 0) tags[field] = text(d, at, valueLen);
      else if (type === 3 && valueLen === 4) tags[field] = String(u32(d, at));
      else if (type === 4 && valueLen === 8) tags[field] = String(u64(d, at));
      else if (type === 5 && valueLen === 2) tags[field] = String(u16(d, at));
    }
    q = v + 4 + valueLen;
  }
}

/**
 * The header object (tags, a picture perhaps) is read whole; a bigger one than this is refused
 * rather than held in memory. The data packets are never read: they all have one size.
 */
export const HEADER_LIMIT = 64 * 1024 * 1024;

export function parseWma(d: Uint8Array): AudioFormatInfo {
  return parseWmaFrom(bufferSource(d));
}

/** parseWma reading the header object and the data object's header, nothing else. */
export function parseWmaFrom(src: ByteSource): AudioFormatInfo {
  const top = src.read(0, 30);
  if (top.length < 30 || !guidAt(top, 0, HEADER)) throw new AfhError('no ASF header object');
  const headerSize = u64(top, 16);
  if (headerSize < 30 || headerSize + DATA_HEADER_LEN > src.size) {
    throw new AfhError('truncated ASF header');
  }
  if (headerSize > HEADER_LIMIT) {
    throw new AfhError(`ASF header too big (${headerSize} bytes, at most ${HEADER_LIMIT})`);
  }
  const d = src.read(0, headerSize + DATA_HEADER_LEN);
  const tags: Tags = { artist: '', title: '', year: '', album: '', comment: '' };
  let props = -1;
  let audio: Audio | undefined;
  let otherAudio = -1;
  for (let p = 30; p + 24 <= headerSize;) {
    const size = u64(d, p + 16);
    if (size < 24 || p + size > headerSize) throw new AfhError('bad ASF header object size');
    if (guidAt(d, p, FILE_PROPERTIES)) {
      if (size < 104) throw new AfhError('bad ASF file properties');
      props = p;
    } else if (guidAt(d, p, STREAM_PROPERTIES)) {
      const a = audioStream(d, p, size);
      if (a && (a.formatTag === WMA_V1 || a.formatTag === WMA_V2)) audio ??= a;
      else if (a) otherAudio = a.formatTag;
    } else if (guidAt(d, p, CONTENT_DESCRIPTION)) {
      contentDescription(d, p, size, tags);
    } else if (guidAt(d, p, EXTENDED_CONTENT)) {
      extendedContent(d, p, size, tags);
    }
    p += size;
  }
  if (props < 0) throw new AfhError('ASF file without file properties');
  if (audio === undefined) {
    const why = otherAudio >= 0 ? `format tag 0x${otherAudio.toString(16)}` : 'no audio stream';
    throw new AfhError(`not WMA v1/v2 (${why})`);
  }
  if (audio.channels === 0 || audio.frequency === 0) throw new AfhError('bad WAVEFORMATEX');

  const flags = u32(d, props + 88);
  const packetSize = u32(d, props + 92);
  if (packetSize === 0 || packetSize !== u32(d, props + 96)) {
    throw new AfhError('ASF data packets without a fixed size');
  }
  // Play duration (100 ns units) includes the preroll (ms); broadcast files have neither.
  const durationUs = u64(d, props + 64) / 10 - u64(d, props + 80) * 1000;
  if ((flags & BROADCAST_FLAG) !== 0 || !(durationUs > 0)) {
    throw new AfhError('ASF file without a play duration');
  }

  const data = headerSize;
  if (!guidAt(d, data, DATA)) throw new AfhError('no ASF data object after the header');
  const headerLen = data + DATA_HEADER_LEN;
  let packets = u64(d, props + 56) || u64(d, data + 40);
  if (packets === 0) packets = Math.floor((u64(d, data + 16) - DATA_HEADER_LEN) / packetSize);
  if (!(packets > 0)) throw new AfhError('ASF file without data packets');
  const dataEnd = headerLen + packets * packetSize;
  if (dataEnd > src.size) throw new AfhError('truncated ASF data object');

  const perChunk = Math.max(1, Math.floor(MAX_CHUNK_US / (durationUs / packets)));
  const chunks = Math.ceil(packets / perChunk);
  const table = new Uint32Array(chunks + 2);
  table[0] = 0;
  for (let k = 0; k < chunks; k++) table[k + 1] = headerLen + k * perChunk * packetSize;
  table[chunks + 1] = dataEnd;

  const options = [
    audio.flags & 1 ? 'exp vlc' : '',
    audio.flags & 2 ? 'bit reservoir' : '',
    audio.flags & 4 ? 'variable block len' : '',
  ].filter((s) => s !== '');
  return {
    format: 'wma',
    secondsTotal: Math.floor(durationUs / 1e6),
    durationMs: Math.round(durationUs / 1000),
    chunksTotal: chunks + 1,
    chunkTimeUs: Math.round(durationUs / chunks),
    bitrate: Math.round((audio.avgBytesPerSec * 8) / 1000),
    frequency: audio.frequency,
    channels: audio.channels,
    headerLen,
    maxChunkSize: maxChunkSize(table),
    techinfo: [`WMA v${audio.formatTag === WMA_V1 ? 1 : 2}`, ...options].join(', '),
    tags,
    chunkTable: table,
  };
}

export const wmaHandler: AudioFormatHandler = {
  name: 'wma',
  suffixes: ['wma', 'asf'],
  // The executor form turns a thrown AfhError into a rejection without a needless async.
  parse: (data) => new Promise((resolve) => resolve(parseWma(data))),
  parseSource: (src) => new Promise((resolve) => resolve(parseWmaFrom(src))),
};
