// Ogg page layer (RFC 3533): CRC-checked page scanner, packet reassembly for header packets, page writer.
import { bufferSource, Window } from './source.js';
import { AfhError } from './types.js';

/** Header type flags of an ogg page. */
export const PAGE_CONTINUED = 0x01;
export const PAGE_BOS = 0x02;
export const PAGE_EOS = 0x04;

/** Fixed part of a page header; the segment table follows. */
export const PAGE_HEADER_SIZE = 27;

// CRC-32 of ogg: polynomial 0x04c11db7, MSB first, initial value 0, no final xor.
// Eight tables (slicing-by-8) because every page of every added file is checked.
const CRC = new Int32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i << 24;
  for (let b = 0; b < 8; b++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  CRC[i] = c;
}
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const prev = CRC[(k - 1) * 256 + i]!;
    CRC[k * 256 + i] = (prev << 8) ^ CRC[prev >>> 24]!;
  }
}

/** Continues an ogg CRC over data[start, end). */
export function oggCrcUpdate(crc: number, data: Uint8Array, start: number, end: number): number {
  let p = start;
  const end8 = end - 8;
  while (p <= end8) {
    const a = crc ^ ((data[p]! << 24) | (data[p + 1]! << 16) | (data[p + 2]! << 8) | data[p + 3]!);
    crc =
      CRC[7 * 256 + (a >>> 24)]! ^
      CRC[6 * 256 + ((a >>> 16) & 255)]! ^
      CRC[5 * 256 + ((a >>> 8) & 255)]! ^
      CRC[4 * 256 + (a & 255)]! ^
      CRC[3 * 256 + data[p + 4]!]! ^
      CRC[2 * 256 + data[p + 5]!]! ^
      CRC[256 + data[p + 6]!]! ^
      CRC[data[p + 7]!]!;
    p += 8;
  }
  while (p < end) crc = (crc << 8) ^ CRC[((crc >>> 24) ^ data[p++]!) & 255]!;
  return crc;
}

/** CRC of the page data[start, end) with its checksum field (bytes 22..25) taken as zero. */
export function pageCrc(data: Uint8Array, start: number, end: number): number {
  let crc = oggCrcUpdate(0, data, start, start + 22);
  for (let i = 0; i < 4; i++) crc = (crc << 8) ^ CRC[crc >>> 24]!;
  return oggCrcUpdate(crc, data, start + 26, end) >>> 0;
}

/** The biggest page: header, 255 lacing values of 255 each. */
const MAX_PAGE = PAGE_HEADER_SIZE + 255 + 255 * 255;

const u32 = (d: Uint8Array, o: number): number =>
  (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16) | (d[o + 3]! << 24)) >>> 0;

/**
 * Walks the valid pages of an ogg file. Garbage between pages and damaged pages (bad CRC,
 * unknown version, cut off at the end) are skipped the way libogg resynchronises, by looking
 * for the next capture pattern. The fields describe the current page after next() returned true.
 * The scanner reads through a Window (source.ts) that holds the whole current page; over a
 * buffer the window is the buffer itself.
 */
export class OggPageScanner {
  /** start of the current page */
  offset = 0;
  /** end of the current page (exclusive) */
  end = 0;
  headerType = 0;
  /** granule position; -1 when no packet ends on this page (precise up to 2^53) */
  granule = -1;
  serial = 0;
  sequence = 0;
  /** number of lacing values; the segment table starts at offset + 27 */
  segments = 0;
  /** start of the page body */
  bodyStart = 0;
  /** bytes skipped while resynchronising (garbage or damaged pages) */
  skipped = 0;

  private readonly w: Window;
  private readonly size: number;
  private pos: number;

  constructor(data: Uint8Array | Window, start = 0) {
    this.w = data instanceof Window ? data : new Window(bufferSource(data));
    this.size = this.w.src.size;
    this.pos = start;
  }

  /** Moves to the next valid page; false when there is none. */
  next(): boolean {
    const w = this.w;
    const len = this.size;
    let p = this.pos;
    while (p + PAGE_HEADER_SIZE <= len) {
      // from here to the next move the window holds the page at p whole, if there is one
      w.cover(p, MAX_PAGE);
      const d = w.buf;
      const o = p - w.base;
      if (d[o] !== 0x4f || d[o + 1] !== 0x67 || d[o + 2] !== 0x67 || d[o + 3] !== 0x53) {
        const found = this.find(p + 1);
        if (found < 0) break;
        this.skipped += found - p;
        p = found;
        continue;
      }
      const end = this.pageEnd(d, o, len - w.base);
      if (end > 0 && pageCrc(d, o, end) === u32(d, o + 22)) {
        this.fill(d, o, w.base);
        this.end = end + w.base;
        this.pos = this.end;
        return true;
      }
      // damaged or cut off: resynchronise after this capture pattern
      const found = this.find(p + 1);
      if (found < 0) break;
      this.skipped += found - p;
      p = found;
    }
    this.skipped += Math.max(0, len - p);
    this.pos = len;
    return false;
  }

  /** The first capture pattern at or after `from`, or -1; moves the window along as it looks. */
  private find(from: number): number {
    const w = this.w;
    for (let q = from; q < this.size;) {
      w.cover(q, CAPTURE.length);
      const i = Buffer.from(w.buf.buffer, w.buf.byteOffset, w.buf.byteLength).indexOf(
        CAPTURE,
        q - w.base,
      );
      if (i >= 0) return i + w.base;
      if (w.end >= this.size) break;
      // a pattern may straddle the window's end
      q = Math.max(q + 1, w.end - CAPTURE.length + 1);
    }
    return -1;
  }

  /** Local end of a structurally plausible page at d[o] (version 0, before `len`), else 0. */
  private pageEnd(d: Uint8Array, o: number, len: number): number {
    if (d[o + 4] !== 0) return 0;
    const nseg = d[o + 26]!;
    const body = o + PAGE_HEADER_SIZE + nseg;
    if (body > len) return 0;
    let size = 0;
    for (let i = o + PAGE_HEADER_SIZE; i < body; i++) size += d[i]!;
    return body + size <= len ? body + size : 0;
  }

  private fill(d: Uint8Array, o: number, base: number): void {
    this.offset = o + base;
    this.headerType = d[o + 5]!;
    this.granule = (u32(d, o + 10) | 0) * 4294967296 + u32(d, o + 6);
    this.serial = u32(d, o + 14);
    this.sequence = u32(d, o + 18);
    this.segments = d[o + 26]!;
    this.bodyStart = this.offset + PAGE_HEADER_SIZE + this.segments;
  }

  /** Lacing value i of the current page. */
  lacing(i: number): number {
    return this.w.buf[this.offset - this.w.base + PAGE_HEADER_SIZE + i]!;
  }

  /** A copy of bytes [from, to) of the current page: the window's memory is reused. */
  copy(from: number, to: number): Uint8Array {
    return this.w.buf.slice(from - this.w.base, to - this.w.base);
  }

  /** Number of packets that end on the current page (lacing values below 255). */
  packetsEnding(): number {
    let n = 0;
    for (let i = 0; i < this.segments; i++) if (this.lacing(i) < 255) n++;
    return n;
  }
}

const CAPTURE = Buffer.from('OggS', 'latin1');

/**
 * Reassembles the packets of one logical stream, starting on the scanner's current page.
 * Only used for the few header packets; their pieces are copied out of the scanner's window.
 * A missing page (sequence gap) or a broken continuation throws AfhError.
 */
export class OggPacketReader {
  /** end of the page on which the last returned packet ended */
  pageEnd = 0;
  private seg = 0;
  private pos: number;
  private parts: Uint8Array[] = [];
  private open = false;
  private seq: number;

  constructor(
    private readonly scanner: OggPageScanner,
    readonly serial: number,
  ) {
    if (scanner.headerType & PAGE_CONTINUED) throw new AfhError('ogg stream starts mid-packet');
    this.pos = scanner.bodyStart;
    this.seq = scanner.sequence;
  }

  /** True if the current page holds more lacing values after the last returned packet. */
  get pageHasMore(): boolean {
    return this.seg < this.scanner.segments;
  }

  /** The next packet, or undefined at the end of the data. */
  next(): Uint8Array | undefined {
    const sc = this.scanner;
    for (;;) {
      while (this.seg < sc.segments) {
        const lv = sc.lacing(this.seg);
        this.seg++;
        if (lv > 0) this.parts.push(sc.copy(this.pos, this.pos + lv));
        this.pos += lv;
        if (lv < 255) {
          this.open = false;
          this.pageEnd = sc.end;
          return this.take();
        }
        this.open = true;
      }
      do {
        if (!sc.next()) return undefined;
      } while (sc.serial !== this.serial);
      if (sc.sequence !== ((this.seq + 1) | 0) >>> 0) throw new AfhError('ogg page missing');
      this.seq = sc.sequence;
      if (this.open !== ((sc.headerType & PAGE_CONTINUED) !== 0)) {
        throw new AfhError('broken ogg packet continuation');
      }
      this.seg = 0;
      this.pos = sc.bodyStart;
    }
  }

  private take(): Uint8Array {
    const parts = this.parts;
    this.parts = [];
    if (parts.length === 1) return parts[0]!;
    let size = 0;
    for (const part of parts) size += part.length;
    const out = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/**
 * Writes packets as ogg pages. Each group starts on a fresh page and its last page is flushed
 * after its last packet (as the codec mappings require for header packets); a page holds at most
 * 255 lacing values. The first page gets the BOS flag; pages on which a packet ends get
 * `granule`, the others -1.
 */
export function writePages(
  groups: readonly (readonly Uint8Array[])[],
  serial: number,
  firstSequence: number,
  granule = 0,
): Uint8Array {
  // lay out: per page the lacing values and the body slices
  interface Page {
    lacing: number[];
    body: Uint8Array[];
    continued: boolean;
    ends: boolean;
  }
  const pages: Page[] = [];
  for (const group of groups) {
    let page: Page = { lacing: [], body: [], continued: false, ends: false };
    pages.push(page);
    for (const packet of group) {
      let left = packet.length;
      let at = 0;
      for (;;) {
        if (page.lacing.length === 255) {
          page = { lacing: [], body: [], continued: at > 0, ends: false };
          pages.push(page);
        }
        const lv = Math.min(255, left);
        page.lacing.push(lv);
        page.body.push(packet.subarray(at, at + lv));
        at += lv;
        left -= lv;
        if (lv < 255) {
          page.ends = true;
          break;
        }
      }
    }
  }
  let total = 0;
  for (const pg of pages) {
    total += PAGE_HEADER_SIZE + pg.lacing.length;
    for (const b of pg.body) total += b.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  pages.forEach((pg, i) => {
    const start = p;
    out.set(CAPTURE, p);
    out[p + 4] = 0;
    out[p + 5] = (pg.continued ? PAGE_CONTINUED : 0) | (i === 0 ? PAGE_BOS : 0);
    const g = pg.ends ? granule : -1;
    view.setUint32(p + 6, g >>> 0, true);
    view.setInt32(p + 10, Math.floor(g / 4294967296), true);
    view.setUint32(p + 14, serial, true);
    view.setUint32(p + 18, (firstSequence + i) >>> 0, true);
    out[p + 26] = pg.lacing.length;
    p += PAGE_HEADER_SIZE;
    out.set(pg.lacing, p);
    p += pg.lacing.length;
    for (const b of pg.body) {
      out.set(b, p);
      p += b.length;
    }
    view.setUint32(start + 22, pageCrc(out, start, p), true);
  });
  return out;
}
