// Raw ADTS AAC streams (.aac, docs/paraslash/formats.md §6): a frame scanner, one chunk per ADTS frame, plus
// the AudioSpecificConfig → ADTS header mapping that m4a streaming needs.
import { readId3From } from './id3.js';
import { bufferSource, Window, type ByteSource } from './source.js';
import type { AudioFormatInfo } from './types.js';
import { AfhError, maxChunkSize } from './types.js';

/** Sample rates by sampling frequency index (ISO 14496-3 table 1.18); 13..15 are not rates. */
export const AAC_SAMPLE_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
] as const;

/** Frames that must follow each other back to back before a sync word counts as the start. */
const FRAMES_TO_ACCEPT = 4;
/** ...and before it counts as the place to go on after junk between frames. */
const FRAMES_TO_RESYNC = 3;
/** How far to look for the first frame, and for the next one after junk. */
const MAX_SEARCH = 64 * 1024;
/** The 13-bit ADTS frame length field counts the 7-byte header too. */
const ADTS_MAX_FRAME = 8191;
const ADTS_HEADER_LEN = 7;

const PROFILE_NAMES = ['AAC Main', 'AAC LC', 'AAC SSR', 'AAC LTP'] as const;

export function channelsOf(config: number): number {
  return config === 7 ? 8 : config;
}

export function profileName(objectType: number): string {
  return PROFILE_NAMES[objectType - 1] ?? `AAC object type ${objectType}`;
}

/** What an ADTS header says about the stream, taken from an AudioSpecificConfig. */
export interface AdtsParams {
  /** audio object type of the core coder (1..4), SBR/PS signalling resolved */
  objectType: number;
  /** sampling frequency index of the core coder */
  freqIndex: number;
  channelConfig: number;
  /** true for HE-AAC (SBR or PS signalled explicitly in the config) */
  sbr: boolean;
}

/**
 * Decodes the start of an AudioSpecificConfig (ISO 14496-3 §1.6.2.1). Throws AfhError if the
 * stream cannot be framed as ADTS (object types other than Main/LC/SSR/LTP, explicit
 * frequencies, channel layouts given by a PCE).
 */
export function adtsParams(asc: Uint8Array): AdtsParams {
  let bit = 0;
  const read = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++, bit++) {
      if (bit >> 3 >= asc.length) throw new AfhError('AudioSpecificConfig too short');
      v = (v << 1) | ((asc[bit >> 3]! >> (7 - (bit & 7))) & 1);
    }
    return v;
  };
  const objectTypeOf = (): number => {
    const t = read(5);
    return t === 31 ? 32 + read(6) : t;
  };
  let objectType = objectTypeOf();
  const freqIndex = read(4);
  if (freqIndex === 15) read(24); // explicit frequency: ADTS cannot carry it, rejected below
  const channelConfig = read(4);
  let sbr = false;
  if (objectType === 5 || objectType === 29) {
    // HE-AAC: ADTS carries the core (LC) stream; decoders find the SBR data implicitly.
    sbr = true;
    if (read(4) === 15) read(24); // extension (output) sampling frequency
    objectType = objectTypeOf();
  }
  if (objectType < 1 || objectType > 4) {
    throw new AfhError(`AAC object type ${objectType} cannot be sent as ADTS`);
  }
  if (freqIndex >= AAC_SAMPLE_RATES.length) throw new AfhError('unsupported AAC sample rate');
  if (channelConfig === 0 || channelConfig > 7) {
    throw new AfhError(`unsupported AAC channel configuration ${channelConfig}`);
  }
  return { objectType, freqIndex, channelConfig, sbr };
}

/**
 * The 7-byte ADTS header (no CRC) for one raw AAC access unit of `payloadLen` bytes, so that
 * m4a samples can be streamed as a plain ADTS stream. Throws AfhError for configs ADTS
 * cannot express and for access units too long for the 13-bit length field.
 */
export function adtsHeaderFor(p: AdtsParams, payloadLen: number): Uint8Array {
  const len = payloadLen + ADTS_HEADER_LEN;
  if (payloadLen < 0 || len > ADTS_MAX_FRAME) throw new AfhError('AAC frame too long for ADTS');
  const profile = p.objectType - 1;
  const ch = p.channelConfig;
  const h = new Uint8Array(ADTS_HEADER_LEN);
  h[0] = 0xff;
  h[1] = 0xf1; // sync, MPEG-4, layer 0, no CRC
  h[2] = (profile << 6) | (p.freqIndex << 2) | (ch >> 2);
  h[3] = ((ch & 3) << 6) | (len >> 11);
  h[4] = (len >> 3) & 0xff;
  h[5] = ((len & 7) << 5) | 0x1f; // buffer fullness 0x7ff: variable bitrate
  h[6] = 0xfc; // rest of the buffer fullness, one raw data block
  return h;
}

/** Header bits that must not change within a stream: MPEG version, profile, rate, channels. */
function streamKey(d: Uint8Array, p: number): number {
  return ((d[p + 1]! & 0x08) << 16) | ((d[p + 2]! & 0xfd) << 8) | (d[p + 3]! & 0xc0);
}

/** Length of the ADTS frame at p if it is a valid frame of stream `ref` (or any, ref = -1). */
function frameAt(d: Uint8Array, p: number, end: number, ref: number): number {
  if (p + ADTS_HEADER_LEN > end || d[p] !== 0xff || (d[p + 1]! & 0xf6) !== 0xf0) return 0;
  if (ref !== -1 && streamKey(d, p) !== ref) return 0;
  if (((d[p + 2]! >> 2) & 15) >= AAC_SAMPLE_RATES.length) return 0;
  const len = ((d[p + 3]! & 3) << 11) | (d[p + 4]! << 3) | (d[p + 5]! >> 5);
  const headerLen = (d[p + 1]! & 1) === 1 ? ADTS_HEADER_LEN : ADTS_HEADER_LEN + 2;
  return len > headerLen && p + len <= end ? len : 0;
}

/** True if `count` frames of one stream start at p back to back, or they reach `end` exactly. */
function framesFollow(d: Uint8Array, p: number, end: number, count: number): boolean {
  const ref = streamKey(d, p);
  for (let i = 0; i < count; i++) {
    if (p === end && i > 0) return true;
    const len = frameAt(d, p, end, ref);
    if (len === 0) return false;
    p += len;
  }
  return true;
}

/** First offset in [from, from + MAX_SEARCH) where `count` frames follow, or -1. */
function findFrames(d: Uint8Array, from: number, end: number, ref: number, count: number): number {
  const stop = Math.min(end - ADTS_HEADER_LEN, from + MAX_SEARCH);
  for (let p = from; p <= stop; p++) {
    if (d[p] !== 0xff || frameAt(d, p, end, ref) === 0) continue;
    if (framesFollow(d, p, end, count)) return p;
  }
  return -1;
}

export function parseAdts(data: Uint8Array): AudioFormatInfo {
  return parseAdtsFrom(bufferSource(data));
}

/**
 * The most any step of the scan looks ahead of its position: a search for the next frames
 * (MAX_SEARCH) plus the frames that must follow (at most 8,191 bytes each).
 */
const LOOK_AHEAD = MAX_SEARCH + (FRAMES_TO_ACCEPT + 1) * (ADTS_MAX_FRAME + 1);

/**
 * The frame scan over a window of the source (source.ts), as mp3.ts does it: positions are
 * absolute, the window moves on before a step could look past it.
 */
export function parseAdtsFrom(src: ByteSource, windowSize?: number): AudioFormatInfo {
  // Some rippers put ID3 tags around ADTS streams; skip them (and use them if they are there).
  const id3 = readId3From(src);
  const end = id3.v1Start;
  const win = new Window(src, windowSize);
  const at = (p: number): { d: Uint8Array; e: number } => {
    win.cover(p, LOOK_AHEAD);
    return { d: win.buf, e: Math.min(end, win.end) - win.base };
  };
  let w = at(id3.v2End);
  let p = findFrames(w.d, id3.v2End - win.base, w.e, -1, FRAMES_TO_ACCEPT);
  if (p < 0) throw new AfhError('no ADTS frames found');
  const head = w.d.slice(p, p + ADTS_HEADER_LEN); // the first frame's header, kept
  const ref = streamKey(w.d, p);
  const first = frameAt(w.d, p, w.e, ref);
  p += win.base;
  let table = new Uint32Array(Math.ceil((end - p) / first) + 16);
  let n = 0;
  let samples = 0;
  let frameEnd = p;
  while (p + ADTS_HEADER_LEN <= end) {
    if (p + LOOK_AHEAD > win.end) w = at(p);
    const r = p - win.base;
    const len = frameAt(w.d, r, w.e, ref);
    if (len === 0) {
      // Junk or a truncated last frame: go on only if whole frames follow it soon.
      const q = findFrames(w.d, r + 1, w.e, ref, FRAMES_TO_RESYNC);
      if (q < 0) break;
      p = q + win.base;
      continue;
    }
    if (n + 2 > table.length) {
      const bigger = new Uint32Array(table.length * 2);
      bigger.set(table);
      table = bigger;
    }
    table[n++] = p;
    samples += ((w.d[r + 6]! & 3) + 1) * 1024; // raw data blocks in this frame
    p += len;
    frameEnd = p;
  }
  table[n] = frameEnd;
  const chunkTable = table.slice(0, n + 1);

  const objectType = (head[2]! >> 6) + 1;
  const frequency = AAC_SAMPLE_RATES[(head[2]! >> 2) & 15]!;
  const config = ((head[2]! & 1) << 2) | (head[3]! >> 6);
  if (config === 0) throw new AfhError('ADTS channel configuration in a PCE is not supported');
  const durationUs = (samples * 1e6) / frequency;
  let bytes = 0;
  for (let k = 0; k < n; k++) bytes += table[k + 1]! - table[k]!;
  return {
    format: 'aac',
    secondsTotal: Math.floor(durationUs / 1e6),
    durationMs: Math.round(durationUs / 1000),
    chunksTotal: n,
    chunkTimeUs: Math.round(durationUs / n),
    bitrate: Math.round((bytes * 8) / (durationUs / 1000)),
    frequency,
    channels: channelsOf(config),
    headerLen: 0,
    maxChunkSize: maxChunkSize(chunkTable),
    techinfo: `${profileName(objectType)}, adts`,
    tags: id3.tags,
    chunkTable,
  };
}
