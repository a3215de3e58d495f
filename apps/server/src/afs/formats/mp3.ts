// The mp3 audio format handler (docs/paraslash/formats.md §3): a plain MPEG audio frame scanner, one chunk
// per frame, with the tags from ID3v1/ID3v2.
import { readId3From } from './id3.js';
import { bufferSource, Window, type ByteSource } from './source.js';
import type { AudioFormatHandler, AudioFormatInfo } from './types.js';
import { AfhError, maxChunkSize } from './types.js';

/** Header bits that must not change within a stream: sync, version, layer, sample rate. */
const SAME_STREAM = 0xfffe0c00;
/** Frames that must follow a sync word back to back before it counts as the stream start. */
const FRAMES_TO_ACCEPT = 4;
/** ...and before it counts as the place to go on after junk between frames. */
const FRAMES_TO_RESYNC = 3;
/** How far to look for the first frame, and for the next one after junk. */
const MAX_SEARCH = 64 * 1024;

const SAMPLE_RATES = [
  [11025, 12000, 8000], // MPEG 2.5
  [0, 0, 0], // reserved
  [22050, 24000, 16000], // MPEG 2
  [44100, 48000, 32000], // MPEG 1
] as const;

// kbit/s by bitrate index; MPEG 2/2.5 share one table for layers II and III.
const BR_V1_L1 = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
const BR_V1_L2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
const BR_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BR_V2_L1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
const BR_V2_L23 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

const MODES = ['stereo', 'joint stereo', 'dual channel', 'mono'] as const;

/**
 * Frame length and bitrate for every value of header bits 9..20 (padding, sample rate,
 * bitrate, protection, layer, version), so the scan does one table look-up per frame.
 * Length 0 marks an invalid header (reserved values, free format, bad bitrate index).
 */
const FRAME_LEN = new Int32Array(4096);
const FRAME_KBPS = new Int32Array(4096);
for (let idx = 0; idx < 4096; idx++) {
  const pad = idx & 1;
  const sri = (idx >> 1) & 3;
  const bri = (idx >> 3) & 15;
  const layer = (idx >> 8) & 3; // 3 = I, 2 = II, 1 = III
  const version = (idx >> 10) & 3; // 3 = MPEG 1, 2 = MPEG 2, 0 = MPEG 2.5
  if (version === 1 || layer === 0 || sri === 3 || bri === 0 || bri === 15) continue;
  const v1 = version === 3;
  const table =
    layer === 3 ? (v1 ? BR_V1_L1 : BR_V2_L1) : v1 ? (layer === 2 ? BR_V1_L2 : BR_V1_L3) : BR_V2_L23;
  const kbps = table[bri]!;
  const rate = SAMPLE_RATES[version]![sri]!;
  const bps = kbps * 1000;
  let len: number;
  if (layer === 3) len = (Math.floor((12 * bps) / rate) + pad) * 4;
  else if (layer === 1 && !v1) len = Math.floor((72 * bps) / rate) + pad;
  else len = Math.floor((144 * bps) / rate) + pad;
  FRAME_LEN[idx] = len;
  FRAME_KBPS[idx] = kbps;
}

function header(d: Uint8Array, p: number): number {
  return ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
}

function samplesPerFrame(h: number): number {
  const layer = (h >>> 17) & 3;
  if (layer === 3) return 384;
  return layer === 1 && ((h >>> 19) & 3) !== 3 ? 576 : 1152;
}

/** Length of the frame at p if it is a valid frame of the stream `ref` (or any, ref = -1). */
function frameAt(d: Uint8Array, p: number, end: number, ref: number): number {
  if (p + 4 > end || d[p] !== 0xff) return 0;
  const h = header(d, p);
  if (h >>> 21 !== 0x7ff) return 0; // 11-bit sync
  if (ref !== -1 && (h & SAME_STREAM) >>> 0 !== ref) return 0;
  const len = FRAME_LEN[(h >>> 9) & 0xfff]!;
  return len !== 0 && p + len <= end ? len : 0;
}

/** True if `count` frames of one stream start at p back to back, or they reach `end` exactly. */
function framesFollow(d: Uint8Array, p: number, end: number, count: number): boolean {
  const ref = (header(d, p) & SAME_STREAM) >>> 0;
  for (let i = 0; i < count; i++) {
    if (p === end && i > 0) return true;
    const len = frameAt(d, p, end, ref);
    if (len === 0) return false;
    p += len;
  }
  return true;
}

/** The length of the Xing/Info/VBRI frame at d[p] (a VBR header, not audio), or 0. */
export function vbrHeaderFrameLength(d: Uint8Array, p = 0): number {
  const len = frameAt(d, p, d.length, -1);
  return len > 0 && isVbrHeaderFrame(d, p, len) ? len : 0;
}

/** First offset in [from, from + MAX_SEARCH) where `count` frames follow, or -1. */
function findFrames(d: Uint8Array, from: number, end: number, ref: number, count: number): number {
  const stop = Math.min(end - 4, from + MAX_SEARCH);
  for (let p = from; p <= stop; p++) {
    if (d[p] !== 0xff || frameAt(d, p, end, ref) === 0) continue;
    if (framesFollow(d, p, end, count)) return p;
  }
  return -1;
}

/** Xing/Info (after the side info) or VBRI (at 36): lame's and Fraunhofer's VBR header frames. */
function isVbrHeaderFrame(d: Uint8Array, p: number, len: number): boolean {
  const h = header(d, p);
  if (((h >>> 17) & 3) !== 1) return false; // layer III only
  const mono = ((h >>> 6) & 3) === 3;
  const v1 = ((h >>> 19) & 3) === 3;
  const x = p + 4 + (v1 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = (at: number, s: string): boolean =>
    at + 4 <= p + len &&
    d[at] === s.charCodeAt(0) &&
    d[at + 1] === s.charCodeAt(1) &&
    d[at + 2] === s.charCodeAt(2) &&
    d[at + 3] === s.charCodeAt(3);
  return tag(x, 'Xing') || tag(x, 'Info') || tag(p + 36, 'VBRI');
}

/** End of the audio: before a trailing ID3v1 tag and an APEv2 tag in front of it. */
function audioEnd(src: ByteSource, v1Start: number, v2End: number): number {
  let end = v1Start;
  const f = end - 32; // APEv2 footer: "APETAGEX", version, size (LE, without header), count, flags
  const d = f >= v2End ? src.read(f, 32) : undefined;
  if (d && isApe(d, 0)) {
    const size = (d[12]! | (d[13]! << 8) | (d[14]! << 16) | (d[15]! << 24)) >>> 0;
    const hasHeader = (d[23]! & 0x80) !== 0;
    const start = end - size - (hasHeader ? 32 : 0);
    if (start >= v2End) end = start;
  }
  return end;
}

function isApe(d: Uint8Array, p: number): boolean {
  return (
    d[p] === 0x41 &&
    d[p + 1] === 0x50 &&
    d[p + 2] === 0x45 &&
    d[p + 3] === 0x54 &&
    d[p + 4] === 0x41 &&
    d[p + 5] === 0x47 &&
    d[p + 6] === 0x45 &&
    d[p + 7] === 0x58
  );
}

export function parseMp3(data: Uint8Array): AudioFormatInfo {
  return parseMp3From(bufferSource(data));
}

/**
 * The most any step of the scan looks ahead of its position: a search for the next frames
 * (MAX_SEARCH) plus the frames that must follow (at most 2,881 bytes each; 8 KiB is ample).
 */
const LOOK_AHEAD = MAX_SEARCH + (FRAMES_TO_ACCEPT + 1) * 8192;

/**
 * The frame scan over a window of the source (source.ts): positions are absolute, the window
 * moves on before a step could look past it, so the table is the one a whole-file scan makes.
 */
export function parseMp3From(src: ByteSource, windowSize?: number): AudioFormatInfo {
  const id3 = readId3From(src);
  const end = audioEnd(src, id3.v1Start, id3.v2End);
  const win = new Window(src, windowSize);
  // the window's bytes and the end of the audio in window offsets, for position p
  const at = (p: number): { d: Uint8Array; e: number } => {
    win.cover(p, LOOK_AHEAD);
    return { d: win.buf, e: Math.min(end, win.end) - win.base };
  };
  let w = at(id3.v2End);
  let p = findFrames(w.d, id3.v2End - win.base, w.e, -1, FRAMES_TO_ACCEPT);
  if (p < 0) throw new AfhError('no MPEG audio frames found');
  p += win.base;
  const first = header(w.d, p - win.base);
  const ref = (first & SAME_STREAM) >>> 0;
  const firstLen = FRAME_LEN[(first >>> 9) & 0xfff]!;
  // Not audio (ffprobe hides it too); its frame count is not needed since we scan anyway.
  if (isVbrHeaderFrame(w.d, p - win.base, firstLen)) p += firstLen;

  // Sized for CBR; VBR files may need to grow it once or twice.
  let table = new Uint32Array(Math.ceil((end - p) / firstLen) + 16);
  let n = 0;
  let kbpsSum = 0;
  let firstBri = -1;
  let isVbr = false;
  let mode = -1;
  let frameEnd = p;
  while (p + 4 <= end) {
    if (p + LOOK_AHEAD > win.end) w = at(p);
    const r = p - win.base;
    const len = frameAt(w.d, r, w.e, ref);
    if (len === 0) {
      // Junk, a truncated frame or a trailing tag: go on only if whole frames follow it soon.
      if (isApe(w.d, r)) break;
      const q = findFrames(w.d, r + 1, w.e, ref, FRAMES_TO_RESYNC);
      if (q < 0) break;
      p = q + win.base;
      continue;
    }
    const idx = (header(w.d, r) >>> 9) & 0xfff;
    if (n + 2 > table.length) {
      const bigger = new Uint32Array(table.length * 2);
      bigger.set(table);
      table = bigger;
    }
    table[n++] = p;
    kbpsSum += FRAME_KBPS[idx]!;
    const bri = (idx >> 3) & 15;
    if (firstBri < 0) {
      firstBri = bri;
      mode = w.d[r + 3]! >> 6;
    } else if (bri !== firstBri) isVbr = true;
    p += len;
    frameEnd = p;
  }
  if (n === 0) throw new AfhError('no complete MPEG audio frames');
  table[n] = frameEnd;
  const chunkTable = table.slice(0, n + 1);

  const frequency = SAMPLE_RATES[(first >>> 19) & 3]![(first >>> 10) & 3]!;
  const samples = n * samplesPerFrame(first);
  const modeName = MODES[mode] ?? 'stereo';
  return {
    format: 'mp3',
    secondsTotal: Math.floor(samples / frequency),
    durationMs: Math.round((samples * 1000) / frequency),
    chunksTotal: n,
    chunkTimeUs: Math.round((samples * 1e6) / frequency / n),
    bitrate: Math.round(kbpsSum / n),
    frequency,
    channels: mode === 3 ? 1 : 2,
    headerLen: 0,
    maxChunkSize: maxChunkSize(chunkTable),
    techinfo: `${isVbr ? 'vbr' : 'cbr'}, ${modeName}, id3: ${id3.versions}`,
    tags: id3.tags,
    chunkTable,
    picture: id3.picture,
  };
}

export const mp3Handler: AudioFormatHandler = {
  name: 'mp3',
  suffixes: ['mp3'],
  // The executor form turns a thrown AfhError into a rejection without a needless async.
  parse: (data) => new Promise((resolve) => resolve(parseMp3(data))),
  parseSource: (src) => new Promise((resolve) => resolve(parseMp3From(src))),
};
