// m4a/mp4 files (docs/paraslash/formats.md §6): a hand-written atom walk to the first AAC track's sample table
// and the iTunes tags. One chunk per mp4 sample; streaming frames each sample as ADTS itself.
// Only the moov atom is read (the top-level atoms are walked by their headers): the media data,
// however big, never is.
import { AAC_SAMPLE_RATES, adtsHeaderFor, adtsParams, channelsOf, profileName } from './adts.js';
import {
  checkLen,
  child,
  CO64,
  ESDS,
  fourcc,
  HDLR,
  MDHD,
  MDIA,
  MINF,
  MOOV,
  MP4A,
  need,
  SOUN,
  STBL,
  STCO,
  STSC,
  STSD,
  STSZ,
  STTS,
  STZ2,
  TRAK,
  u16,
  u32,
  u64,
  WAVE,
  type Box,
} from './mp4-atoms.js';
import { readTags } from './mp4-tags.js';
import { bufferSource, type ByteSource } from './source.js';
import type { AudioFormatInfo } from './types.js';
import { AfhError, maxChunkSize } from './types.js';

/** Top-level atom types an mp4 file may start with (aac.ts dispatches on them). */
const TOP_LEVEL = new Set(
  ['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid'].map(fourcc),
);

export function looksLikeMp4(d: Uint8Array): boolean {
  return d.length >= 8 && TOP_LEVEL.has(u32(d, 4));
}

/** MPEG-4 descriptor (ISO 14496-1 §8.3.3): tag at p; returns [body start, body end]. */
function descriptor(d: Uint8Array, p: number, end: number, tag: number): [number, number] {
  if (p >= end || d[p] !== tag) throw new AfhError('bad esds descriptor');
  let len = 0;
  let q = p + 1;
  for (let i = 0; i < 4; i++) {
    if (q >= end) throw new AfhError('bad esds descriptor');
    const b = d[q++]!;
    len = (len << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) break;
  }
  if (q + len > end) throw new AfhError('bad esds descriptor length');
  return [q, q + len];
}

/** The AudioSpecificConfig bytes [start, end) inside an esds atom, or undefined if not AAC. */
function audioSpecificConfig(d: Uint8Array, esds: Box): [number, number] | undefined {
  const [es, esEnd] = descriptor(d, esds.body + 4, esds.end, 0x03);
  let p = es + 3; // ES_ID, flags
  const flags = d[es + 2]!;
  if (flags & 0x80) p += 2; // dependsOn_ES_ID
  if (flags & 0x40) p += 1 + (d[p] ?? 0); // URL
  if (flags & 0x20) p += 2; // OCR_ES_Id
  const [dc, dcEnd] = descriptor(d, p, esEnd, 0x04);
  const oti = d[dc]!;
  // MPEG-4 audio, or MPEG-2 AAC Main/LC/SSR: both carry an AudioSpecificConfig.
  if (oti !== 0x40 && oti !== 0x66 && oti !== 0x67 && oti !== 0x68) return undefined;
  return descriptor(d, dc + 13, dcEnd, 0x05);
}

interface Track {
  stbl: Box;
  mdhd: Box;
  frequency: number;
  channels: number;
  asc: Uint8Array;
}

/** The mp4a sample entry of a sound track, or undefined if the track is not AAC. */
function aacTrack(d: Uint8Array, trak: Box): Track | undefined {
  const mdia = need(d, trak, MDIA, 'mdia');
  const hdlr = need(d, mdia, HDLR, 'hdlr');
  checkLen(hdlr, 12);
  if (u32(d, hdlr.body + 8) !== SOUN) return undefined;
  const stbl = need(d, need(d, mdia, MINF, 'minf'), STBL, 'stbl');
  const stsd = need(d, stbl, STSD, 'stsd');
  checkLen(stsd, 8);
  const entry = child(d, stsd.body + 8, stsd.end, MP4A);
  if (entry === undefined) return undefined;
  checkLen(entry, 28);
  // QuickTime sound descriptions v1/v2 insert 16/36 bytes before the child atoms.
  const version = u16(d, entry.body + 8);
  const children = entry.body + 28 + (version === 1 ? 16 : version === 2 ? 36 : 0);
  let esds = child(d, children, entry.end, ESDS);
  if (esds === undefined) {
    const wave = child(d, children, entry.end, WAVE);
    if (wave !== undefined) esds = child(d, wave.body, wave.end, ESDS);
  }
  if (esds === undefined) return undefined;
  const range = audioSpecificConfig(d, esds);
  if (range === undefined) return undefined;
  const asc = d.slice(range[0], range[1]); // a copy: the file buffer must not be kept alive
  const params = adtsParams(asc);
  const channels = u16(d, entry.body + 16);
  const rate = u32(d, entry.body + 24) >>> 16;
  return {
    stbl,
    mdhd: need(d, mdia, MDHD, 'mdhd'),
    frequency: rate !== 0 ? rate : AAC_SAMPLE_RATES[params.freqIndex]!,
    channels: channels !== 0 ? channels : channelsOf(params.channelConfig),
    asc,
  };
}

/** Sample sizes from stsz or stz2: a getter and the count. */
function sampleSizes(
  d: Uint8Array,
  stbl: Box,
  fileSize: number,
): { count: number; size: (k: number) => number } {
  const stsz = child(d, stbl.body, stbl.end, STSZ);
  if (stsz !== undefined) {
    checkLen(stsz, 12);
    const fixed = u32(d, stsz.body + 4);
    const count = u32(d, stsz.body + 8);
    if (fixed !== 0) {
      // without this, a tiny stsz could ask for a table of 4 bytes per byte of the file
      if (count * fixed > fileSize) throw new AfhError('bad mp4 sample count');
      return { count, size: () => fixed };
    }
    if (count > (stsz.end - stsz.body - 12) / 4) throw new AfhError('stsz atom too short');
    const base = stsz.body + 12;
    return { count, size: (k) => u32(d, base + 4 * k) };
  }
  const stz2 = child(d, stbl.body, stbl.end, STZ2);
  if (stz2 === undefined) throw new AfhError('mp4 track without sample sizes');
  checkLen(stz2, 12);
  const bits = d[stz2.body + 7]!;
  const count = u32(d, stz2.body + 8);
  const base = stz2.body + 12;
  if (bits !== 4 && bits !== 8 && bits !== 16) throw new AfhError('bad stz2 field size');
  if (count > ((stz2.end - base) * 8) / bits) throw new AfhError('stz2 atom too short');
  if (bits === 16) return { count, size: (k) => u16(d, base + 2 * k) };
  if (bits === 8) return { count, size: (k) => d[base + k]! };
  return { count, size: (k) => (d[base + (k >> 1)]! >> ((k & 1) === 0 ? 4 : 0)) & 15 };
}

/**
 * Byte offset of every sample (stsc maps chunks to sample counts, stco/co64 give chunk
 * offsets), checked to lie back to back inside the file; entry n is the end of the last one.
 */
function sampleTable(d: Uint8Array, stbl: Box, fileSize: number): Uint32Array {
  const sizes = sampleSizes(d, stbl, fileSize);
  const n = sizes.count;
  if (n === 0) throw new AfhError('mp4 track without samples');
  if (n > fileSize) throw new AfhError('bad mp4 sample count');
  const stsc = need(d, stbl, STSC, 'stsc');
  checkLen(stsc, 8);
  const runs = u32(d, stsc.body + 4);
  if (runs === 0 || runs > (stsc.end - stsc.body - 8) / 12) throw new AfhError('bad stsc atom');
  let co = child(d, stbl.body, stbl.end, STCO);
  const wide = co === undefined;
  co ??= need(d, stbl, CO64, 'stco');
  checkLen(co, 8);
  const chunks = u32(d, co.body + 4);
  if (chunks > (co.end - co.body - 8) / (wide ? 8 : 4)) throw new AfhError('bad stco atom');

  const table = new Uint32Array(n + 1);
  let k = 0;
  let pos = -1; // end of the previous sample
  let run = 0;
  for (let c = 0; c < chunks; c++) {
    // stsc runs: from chunk first_chunk (1-based) on, samples_per_chunk samples per chunk
    while (run + 1 < runs && u32(d, stsc.body + 8 + 12 * (run + 1)) <= c + 1) run++;
    const perChunk = u32(d, stsc.body + 12 + 12 * run);
    const off = wide ? u64(d, co.body + 8 + 8 * c) : u32(d, co.body + 8 + 4 * c);
    if (k > 0 && off !== pos && perChunk > 0) {
      throw new AfhError('mp4 audio samples are not contiguous (interleaved tracks?)');
    }
    if (off > fileSize) throw new AfhError('mp4 chunk offset beyond the end of the file');
    pos = off;
    for (let s = 0; s < perChunk; s++) {
      if (k >= n) throw new AfhError('mp4 sample table inconsistent (stsc/stsz)');
      table[k] = pos;
      pos += sizes.size(k++);
      if (pos > fileSize) throw new AfhError('mp4 samples beyond the end of the file (truncated?)');
    }
  }
  if (k !== n) throw new AfhError('mp4 sample table inconsistent (stsc/stsz)');
  table[n] = pos;
  return table;
}

/** Track duration in timescale units: the sum of the stts deltas, else the mdhd duration. */
function trackDuration(d: Uint8Array, stbl: Box, n: number, mdhdDuration: number): number {
  const stts = child(d, stbl.body, stbl.end, STTS);
  if (stts === undefined) return mdhdDuration;
  checkLen(stts, 8);
  const entries = Math.min(u32(d, stts.body + 4), (stts.end - stts.body - 8) / 8);
  let samples = 0;
  let units = 0;
  for (let i = 0; i < entries; i++) {
    const count = u32(d, stts.body + 8 + 8 * i);
    samples += count;
    units += count * u32(d, stts.body + 12 + 8 * i);
  }
  return samples === n && units > 0 ? units : mdhdDuration;
}

/**
 * The moov atom is read whole (its sample tables are about 1 % of the audio: 12 MB for 1 GB at
 * 128 kbit/s); a bigger one than this is refused rather than held in memory.
 */
export const MOOV_LIMIT = 256 * 1024 * 1024;

/** The top-level moov atom, found by reading only the atom headers before it (absolute offsets). */
function findMoov(src: ByteSource): Box & { start: number } {
  const to = src.size;
  let p = 0;
  while (p + 8 <= to) {
    const h = src.read(p, 16);
    let size = u32(h, 0);
    let body = p + 8;
    if (size === 1) {
      if (p + 16 > to) throw new AfhError('truncated mp4 atom');
      size = u64(h, 8);
      body = p + 16;
    } else if (size === 0) size = to - p; // extends to the end of the file
    if (size < body - p) throw new AfhError('bad mp4 atom size');
    if (p + size > to) throw new AfhError('truncated mp4 file');
    if (u32(h, 4) === MOOV) return { start: p, body, end: p + size };
    p += size;
  }
  throw new AfhError('no moov atom');
}

const mb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

export function parseMp4(d: Uint8Array): AudioFormatInfo {
  return parseMp4From(bufferSource(d));
}

/** parseMp4 reading the atom headers in front of the moov atom, then the moov atom, nothing else. */
export function parseMp4From(src: ByteSource): AudioFormatInfo {
  const at = findMoov(src);
  if (at.end - at.start > MOOV_LIMIT) {
    throw new AfhError(
      `mp4 moov atom too big (${mb(at.end - at.start)}, at most ${mb(MOOV_LIMIT)})`,
    );
  }
  // offsets into d are relative to the moov atom; the sample table's are the file's
  const d = src.read(at.start, at.end - at.start);
  const moov: Box = { body: at.body - at.start, end: at.end - at.start };
  let track: Track | undefined;
  for (
    let t = child(d, moov.body, moov.end, TRAK);
    t && !track;
    t = child(d, t.end, moov.end, TRAK)
  ) {
    track = aacTrack(d, t);
  }
  if (track === undefined) throw new AfhError('no AAC audio track');
  const { stbl, mdhd } = track;
  const v1 = d[mdhd.body] === 1;
  checkLen(mdhd, v1 ? 32 : 20);
  const timescale = u32(d, mdhd.body + (v1 ? 20 : 12));
  const mdhdDuration = v1 ? u64(d, mdhd.body + 24) : u32(d, mdhd.body + 16);
  if (timescale === 0) throw new AfhError('mp4 track with timescale 0');

  const table = sampleTable(d, stbl, src.size);
  const n = table.length - 1;
  const units = trackDuration(d, stbl, n, mdhdDuration);
  if (units === 0) throw new AfhError('mp4 track without duration');
  const durationUs = (units * 1e6) / timescale;
  const maxChunk = maxChunkSize(table);
  const params = adtsParams(track.asc);
  adtsHeaderFor(params, maxChunk); // throws if the largest sample cannot be framed as ADTS
  const bytes = table[n]! - table[0]!;
  const moovFirst = at.body < table[0]!;
  return {
    format: 'aac',
    secondsTotal: Math.floor(durationUs / 1e6),
    durationMs: Math.round(durationUs / 1000),
    chunksTotal: n,
    chunkTimeUs: Math.round(durationUs / n),
    bitrate: Math.round((bytes * 8) / (durationUs / 1000)),
    frequency: track.frequency,
    channels: track.channels,
    headerLen: 0,
    maxChunkSize: maxChunk,
    techinfo: `${params.sbr ? 'HE-AAC' : profileName(params.objectType)}, mp4, moov ${moovFirst ? 'first' : 'last'}`,
    ...readTags(d, moov),
    chunkTable: table,
    extra: track.asc,
  };
}
