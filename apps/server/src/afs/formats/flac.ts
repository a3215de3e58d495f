// The flac audio format handler (docs/paraslash/formats.md §5): metadata blocks, then one chunk per FLAC frame,
// found by scanning for frame headers (no decoding) and checked with the frame CRCs. The scan reads
// through a Window (source.ts), so a big file costs a window, not its size; over a buffer the
// window is the whole buffer and the scan is the whole-file scan.
import { byteAt, crc8, crcOver } from './flac-crc.js';
import { isAscii, readMetadata, type StreamInfo } from './flac-metadata.js';
import { bufferSource, Window, type ByteSource } from './source.js';
import type { AudioFormatHandler, AudioFormatInfo } from './types.js';
import { AfhError, maxChunkSize } from './types.js';

export interface FlacOptions {
  /** Check the CRC-16 of every frame, not only where a boundary is in doubt (slower). */
  verifyCrc?: boolean;
}

// Frame header codes (RFC 9639 §9.1): 0 = "see STREAMINFO", -1 = reserved/invalid, -2 = explicit.
const BLOCK_SIZES = [
  -1, 192, 576, 1152, 2304, 4608, -2, -2, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
];
const RATES = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];
const SAMPLE_BITS = [0, 8, 12, -1, 16, 20, 24, 32];
/** The smallest header: sync (2), codes (2), one-byte number, CRC-8. */
const MIN_HEADER = 6;
/** The largest: sync, codes, a 7-byte number, 2 bytes of block size, 2 of rate, CRC-8. */
const MAX_HEADER = 16;

/** Reads frame headers that fit the stream's STREAMINFO; keeps the last one's fields. */
class FrameReader {
  blockSize = 0;
  number = 0;
  /** bytes searched so far: bounds the work on damaged or hostile input */
  scanned = 0;
  /** blocking strategy bit of the stream (1 = variable, numbers count samples), -1 = not yet known */
  variable = -1;
  constructor(
    private readonly w: Window,
    private readonly size: number,
    private readonly si: StreamInfo,
  ) {}

  /** True if a frame header consistent with STREAMINFO and with a valid CRC-8 starts at `at`. */
  at(at: number): boolean {
    const w = this.w;
    w.cover(at, MAX_HEADER); // the window now holds the whole header, or reaches the file's end
    const d = w.buf;
    const end = d.length;
    const p = at - w.base;
    if (p + MIN_HEADER > end || d[p] !== 0xff) return false;
    const b1 = d[p + 1]!;
    if ((b1 & 0xfe) !== 0xf8 || (this.variable >= 0 && (b1 & 1) !== this.variable)) return false;
    const b2 = d[p + 2]!;
    const b3 = d[p + 3]!;
    const bsCode = b2 >> 4;
    const srCode = b2 & 15;
    const chCode = b3 >> 4;
    if ((b3 & 1) !== 0 || srCode === 15) return false;
    if ((chCode < 8 ? chCode + 1 : chCode < 11 ? 2 : 0) !== this.si.channels) return false;
    const bits = SAMPLE_BITS[(b3 >> 1) & 7]!;
    if (bits !== 0 && bits !== this.si.bits) return false;
    // The coded number: UTF-8-like, up to 6 bytes (frame number) or 7 (sample number).
    const x = d[p + 4]!;
    let num = x;
    let more = 0;
    if (x >= 0x80) {
      // 110xxxxx: 1 continuation byte ... 1111110x: 5; 11111110: 6 (sample numbers only)
      if (x < 0xc0 || x === 0xff || (x === 0xfe && (b1 & 1) === 0)) return false;
      more = Math.clz32(~(x << 24)) - 1;
      num = x & (0x3f >> more);
    }
    let q = p + 5;
    const extra =
      (bsCode === 6 ? 1 : bsCode === 7 ? 2 : 0) + (srCode === 12 ? 1 : srCode > 12 ? 2 : 0);
    if (q + more + extra + 1 > end) return false;
    for (const stop = q + more; q < stop; q++) {
      const c = d[q]!;
      if ((c & 0xc0) !== 0x80) return false;
      num = num * 64 + (c & 0x3f);
    }
    let bs: number;
    if (bsCode === 6) bs = d[q++]! + 1;
    else if (bsCode === 7) {
      bs = ((d[q]! << 8) | d[q + 1]!) + 1;
      q += 2;
    } else bs = BLOCK_SIZES[bsCode]!;
    if (bs < 0 || (this.si.maxBlock >= 16 && bs > this.si.maxBlock)) return false;
    let rate = RATES[srCode] ?? 0;
    if (srCode === 12) rate = d[q++]! * 1000;
    else if (srCode > 12) {
      rate = ((d[q]! << 8) | d[q + 1]!) * (srCode === 14 ? 10 : 1);
      q += 2;
    }
    if (srCode !== 0 && rate !== this.si.rate) return false;
    if (crc8(d, p, q) !== d[q]) return false;
    this.blockSize = bs;
    this.number = num;
    return true;
  }

  /** First offset in [from, to) where a header with a number >= lo or = alt starts, or -1. */
  find(from: number, to: number, lo: number, alt: number): number {
    const w = this.w;
    for (let q = from; q < to;) {
      w.cover(q, MAX_HEADER);
      const d = w.buf;
      const base = w.base;
      // positions whose header the window holds whole: at() will not move it under d
      const stop = Math.min(to, w.end === this.size ? w.end : w.end - MAX_HEADER + 1);
      for (; q < stop; q++) {
        const i = d.indexOf(0xff, q - base);
        if (i < 0 || i + base >= stop) break;
        q = i + base;
        if ((d[i + 1]! & 0xfe) !== 0xf8 || !this.at(q)) continue;
        if (this.number >= lo || this.number === alt) {
          this.scanned += q - from;
          return q;
        }
      }
      q = stop;
    }
    this.scanned += to - from;
    return -1;
  }
}

/** CRC-16 of a growing range d[from, to): extending it costs only the new bytes. */
class RunningCrc {
  private from = -1;
  private to = 0;
  private crc = 0;
  constructor(private readonly w: Window) {}

  of(from: number, to: number): number {
    if (from !== this.from || to < this.to) {
      this.from = this.to = from;
      this.crc = 0;
    }
    this.crc = crcOver(this.w, this.to, to, this.crc);
    this.to = to;
    return this.crc;
  }
}

/** End of the last frame if [p, ...) holds it whole (before a trailing ID3v1 tag), else -1. */
function lastFrameEnd(w: Window, size: number, p: number): number {
  if (crcOver(w, p, size) === 0) return size;
  const v1 = size - 128;
  if (v1 > p && isAscii(w.src.read(v1, 3), 0, 'TAG') && crcOver(w, p, v1) === 0) return v1;
  return -1;
}

/**
 * The frame table: starts of whole frames plus the end of the last one. The next frame is the
 * next header with the following frame/sample number. Such a header inside audio data is very
 * unlikely (sync, consistent fields, number and CRC-8 must all fit); if one is accepted anyway,
 * the real header with the same number turns up right after it, and the CRC-16 of the frame
 * before decides which of the two is real. A gap in the numbers (a damaged file) is crossed by
 * taking the next header with a higher number. The last frame counts only if its CRC-16 holds.
 */
function scanFrames(w: Window, start: number, si: StreamInfo, verifyCrc: boolean) {
  const len = w.src.size;
  const r = new FrameReader(w, len, si);
  let cur = r.find(start, len, 0, -1);
  if (cur < 0) throw new AfhError('no flac frame found');
  r.variable = byteAt(w, cur + 1) & 1;
  const maxBlock = si.maxBlock >= 16 ? si.maxBlock : 65535;
  // Verbatim coding (with the side channel's extra bit) bounds every frame: no next number
  // within that distance means frames are missing.
  const verbatim = Math.ceil((maxBlock * si.channels * (si.bits + 1)) / 8) + 64;
  const window = Math.max(si.maxFrame, verbatim);
  const budget = 8 * len + 4 * window; // a whole scan reads each byte about once
  const minFrame = MIN_HEADER + si.channels + 2;
  const guess = Math.ceil((len - cur) / Math.max(si.minFrame, 64)) + 2;
  let table = new Uint32Array(Math.min(65536, guess));
  const prevCrc = new RunningCrc(w);
  const curCrc = new RunningCrc(w);
  let n = 0; // table[0, n) holds the starts of the frames before cur
  let samples = 0;
  let num = r.number;
  let bs = r.blockSize;
  frames: for (;;) {
    if (r.scanned > budget) throw new AfhError('flac frame numbers too damaged');
    const expected = r.variable ? num + bs : num + 1;
    const from = cur + minFrame;
    const limit = Math.min(len, cur + window);
    let next = -1;
    let nextNum = 0;
    let nextBs = 0;
    for (let q = from; (q = r.find(q, limit, expected, n > 0 ? num : -1)) >= 0; q++) {
      if (r.number === num) {
        if (prevCrc.of(table[n - 1]!, cur) !== 0) {
          // cur was a false header inside the frame before; q is the real one
          cur = q;
          bs = r.blockSize;
          continue frames;
        }
      } else if (next < 0 || r.number === expected) {
        // a higher number is kept in case the expected one is missing (a damaged file)
        if (r.number === expected && verifyCrc && curCrc.of(cur, q) !== 0) continue;
        next = q;
        nextNum = r.number;
        nextBs = r.blockSize;
        if (r.number === expected) break;
      }
    }
    if (next < 0 && limit < len && (next = r.find(limit, len, expected, -1)) >= 0) {
      nextNum = r.number;
      nextBs = r.blockSize;
    }
    if (n + 2 > table.length) table = grow(table);
    if (next < 0) {
      const end = lastFrameEnd(w, len, cur);
      if (end >= 0) {
        table[n++] = cur;
        samples += bs;
      }
      table[n] = end >= 0 ? end : cur;
      break;
    }
    table[n++] = cur;
    samples += bs;
    cur = next;
    num = nextNum;
    bs = nextBs;
  }
  if (n === 0) throw new AfhError('no complete flac frame');
  return { table: table.slice(0, n + 1), n, samples, variable: r.variable === 1 };
}

function grow(t: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(t.length * 2);
  bigger.set(t);
  return bigger;
}

/** The frame table alone: chunk k = frame k, chunkTable[0] = headerLen (see withHeaderChunk). */
export function parseFlac(data: Uint8Array, options: FlacOptions = {}): AudioFormatInfo {
  return parseFlacFrom(bufferSource(data), options);
}

/** parseFlac over any source, reading the frames through a window of `windowSize` bytes. */
export function parseFlacFrom(
  src: ByteSource,
  options: FlacOptions = {},
  windowSize?: number,
): AudioFormatInfo {
  const { si, tags, end, picture } = readMetadata(src);
  const w = new Window(src, windowSize);
  const { table, n, samples, variable } = scanFrames(w, end, si, options.verifyCrc === true);
  const headerLen = table[0]!;
  // The frames' block sizes add up to STREAMINFO's total samples in an intact file; they are also
  // right for a truncated one and for a STREAMINFO that says 0 (unknown).
  const seconds = samples / si.rate;
  const blocks = si.minBlock === si.maxBlock ? `${si.maxBlock}` : `${si.minBlock}-${si.maxBlock}`;
  return {
    format: 'flac',
    secondsTotal: Math.floor(seconds),
    durationMs: Math.round(seconds * 1000),
    chunksTotal: n,
    chunkTimeUs: Math.round((seconds * 1e6) / n),
    bitrate: Math.round(((table[n]! - headerLen) * 8) / seconds / 1000),
    frequency: si.rate,
    channels: si.channels,
    headerLen,
    maxChunkSize: maxChunkSize(table),
    techinfo: `${si.bits} bit, blocksize ${blocks}${variable ? ' (variable)' : ''}`,
    tags,
    chunkTable: table,
    picture,
  };
}

/**
 * The handler's view (docs/paraslash/formats.md §2): chunk 0 is the header [0, headerLen), chunk k the k-th
 * frame. The chunk time stays the frame time, so chunk k leaves one frame after frame k's start.
 */
export function withHeaderChunk(info: AudioFormatInfo): AudioFormatInfo {
  const frames = info.chunksTotal;
  const table = new Uint32Array(frames + 2);
  table.set(info.chunkTable, 1);
  return { ...info, chunksTotal: frames + 1, chunkTable: table, maxChunkSize: maxChunkSize(table) };
}

/**
 * The header new listeners get: the signature and STREAMINFO only (all a decoder needs), without
 * the pictures, padding and comments that can make the file's own header large.
 */
export function flacStreamHeader(data: Uint8Array, headerLen: number): Uint8Array {
  const start = Buffer.from(data.buffer, data.byteOffset, headerLen).indexOf('fLaC');
  if (start < 0 || start + 42 > headerLen) throw new AfhError('no flac signature');
  const header = new Uint8Array(42);
  header.set(data.subarray(start, start + 42));
  header[4] = 0x80; // STREAMINFO, now the last metadata block
  header[5] = 0;
  header[6] = 0;
  header[7] = 34;
  return header;
}

export const flacHandler: AudioFormatHandler = {
  name: 'flac',
  suffixes: ['flac'],
  // The executor form turns a thrown AfhError into a rejection without a needless async.
  parse: (data) => new Promise((resolve) => resolve(withHeaderChunk(parseFlac(data)))),
  parseSource: (src) => new Promise((resolve) => resolve(withHeaderChunk(parseFlacFrom(src)))),
  getHeader: flacStreamHeader,
};
