// The few ISO BMFF boxes an Opus HLS variant needs (fragmented MP4 as CMAF uses it, RFC 8216
// §3.3): an init segment (ftyp + moov with one audio track whose sample entry is `Opus` with its
// `dOps`, https://opus-codec.org/docs/opus_in_isobmff.html) and media segments (moof + mdat, one
// sample per Opus packet), with an optional `emsg` carrying ID3 (the title where a file starts,
// https://aomedia.org/id3-in-cmaf/). Written by hand: some 150 lines, synchronous (the stream
// thread cuts a segment between two chunks and cannot wait on a muxer's promises), and checked
// by ffmpeg in the tests.

/** one track, Opus's own clock */
export const OPUS_TIMESCALE = 48_000;
const TRACK_ID = 1;

type Part = Uint8Array | number[];

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
function u16(n: number): number[] {
  return [(n >>> 8) & 0xff, n & 0xff];
}
function u64(n: number): number[] {
  return [...u32(Math.floor(n / 2 ** 32)), ...u32(n >>> 0)];
}
function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}
function cstring(s: string): number[] {
  return [...new TextEncoder().encode(s), 0];
}

function box(type: string, ...parts: Part[]): Uint8Array {
  const size = 8 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  out.set(u32(size), 0);
  out.set(ascii(type), 4);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function fullBox(type: string, version: number, flags: number, ...parts: Part[]): Uint8Array {
  return box(type, [version, (flags >>> 16) & 0xff, (flags >>> 8) & 0xff, flags & 0xff], ...parts);
}

const MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].flatMap(u32);

export interface OpusTrack {
  channels: number;
  /** samples at 48 kHz the decoder drops at the start (OpusHead's pre-skip) */
  preSkip: number;
  /** the input's rate before encoding, informational (OpusHead) */
  inputRate: number;
}

/** The `dOps` box: OpusHead's fields in big-endian, channel mapping family 0 (mono, stereo). */
function dOps(t: OpusTrack): Uint8Array {
  return box('dOps', [0, t.channels], u16(t.preSkip), u32(t.inputRate), u16(0), [0]);
}

/** ftyp + moov for one Opus track (no samples: they come in the fragments). */
export function opusInit(t: OpusTrack): Uint8Array {
  const ftyp = box('ftyp', ascii('iso6'), u32(0), ascii('iso6'), ascii('cmfc'), ascii('mp41'));
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(1000),
    u32(0),
    u32(0x10000),
    u16(0x100),
    new Array<number>(10).fill(0),
    MATRIX,
    new Array<number>(24).fill(0),
    u32(TRACK_ID + 1),
  );
  const tkhd = fullBox(
    'tkhd',
    0,
    3,
    u32(0),
    u32(0),
    u32(TRACK_ID),
    u32(0),
    u32(0),
    new Array<number>(8).fill(0),
    u16(0),
    u16(0),
    u16(0x100),
    u16(0),
    MATRIX,
    u32(0),
    u32(0),
  );
  // language "und": three 5-bit letters, each less 0x60
  const mdhd = fullBox(
    'mdhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(OPUS_TIMESCALE),
    u32(0),
    u16(0x55c4),
    u16(0),
  );
  const hdlr = fullBox(
    'hdlr',
    0,
    0,
    u32(0),
    ascii('soun'),
    new Array<number>(12).fill(0),
    cstring('SoundHandler'),
  );
  const smhd = fullBox('smhd', 0, 0, u16(0), u16(0));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const entry = box(
    'Opus',
    new Array<number>(6).fill(0),
    u16(1),
    new Array<number>(8).fill(0),
    u16(t.channels),
    u16(16),
    u16(0),
    u16(0),
    u32(OPUS_TIMESCALE * 0x10000),
    dOps(t),
  );
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), entry),
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0), u32(0)),
    fullBox('stco', 0, 0, u32(0)),
  );
  const minf = box('minf', smhd, dinf, stbl);
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
  const trex = fullBox('trex', 0, 0, u32(TRACK_ID), u32(1), u32(0), u32(0), u32(0));
  const moov = box('moov', mvhd, trak, box('mvex', trex));
  return concat([ftyp, moov]);
}

export interface Sample {
  data: Uint8Array;
  /** in OPUS_TIMESCALE units */
  duration: number;
}

/**
 * One media segment: moof (fragment `seq`, decode time `baseTime` of its first sample) + mdat.
 * `emsg`, when given, goes in front (it must precede the moof it belongs to).
 */
export function fragment(
  seq: number,
  baseTime: number,
  samples: readonly Sample[],
  emsg?: Uint8Array,
): Uint8Array {
  const mfhd = fullBox('mfhd', 0, 0, u32(seq >>> 0));
  // default-base-is-moof: data offsets count from the moof's first byte
  const tfhd = fullBox('tfhd', 0, 0x020000, u32(TRACK_ID));
  const tfdt = fullBox('tfdt', 1, 0, u64(baseTime));
  const perSample = samples.flatMap((s) => [...u32(s.duration), ...u32(s.data.length)]);
  // trun: data-offset, sample-duration and sample-size present; the offset is patched below
  const trun = fullBox('trun', 0, 0x000301, u32(samples.length), u32(0), perSample);
  const moof = box('moof', mfhd, box('traf', tfhd, tfdt, trun));
  const dataOffset = moof.length + 8;
  // the offset field: moof header 8 + mfhd + traf header 8 + tfhd + tfdt + trun header 12 + count 4
  const at = 8 + mfhd.length + 8 + tfhd.length + tfdt.length + 12 + 4;
  moof.set(u32(dataOffset), at);
  const mdatSize = 8 + samples.reduce((n, s) => n + s.data.length, 0);
  const head = box('mdat');
  head.set(u32(mdatSize), 0);
  return concat([...(emsg ? [emsg] : []), moof, head, ...samples.map((s) => s.data)]);
}

/** An emsg (version 1) carrying an ID3 tag at `time` (in `timescale` units). */
export function id3Emsg(id: number, timescale: number, time: number, id3: Uint8Array): Uint8Array {
  return fullBox(
    'emsg',
    1,
    0,
    u32(timescale),
    u64(time),
    u32(0xffffffff),
    u32(id >>> 0),
    cstring('https://aomedia.org/emsg/ID3'),
    cstring(''),
    id3,
  );
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
