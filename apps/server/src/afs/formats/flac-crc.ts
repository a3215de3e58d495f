// The CRCs of FLAC frames (RFC 9639 §9.1.8, §9.3): CRC-8 of a frame header, CRC-16 of a frame,
// the latter also over a Window (source.ts) for a frame that may straddle two of its positions.
import type { Window } from './source.js';

const CRC8 = new Uint8Array(256); // polynomial x^8 + x^2 + x + 1, frame headers
const CRC16 = [0, 1, 2, 3].map(() => new Uint16Array(256)); // x^16 + x^15 + x^2 + 1, frames
for (let i = 0; i < 256; i++) {
  let c8 = i;
  let c16 = i << 8;
  for (let k = 0; k < 8; k++) {
    c8 = c8 & 0x80 ? ((c8 << 1) ^ 0x07) & 0xff : (c8 << 1) & 0xff;
    c16 = c16 & 0x8000 ? ((c16 << 1) ^ 0x8005) & 0xffff : (c16 << 1) & 0xffff;
  }
  CRC8[i] = c8;
  CRC16[0]![i] = c16;
}
// Slicing-by-4 tables: T[t][b] is the CRC of byte b followed by t zero bytes.
for (let t = 1; t < 4; t++) {
  for (let i = 0; i < 256; i++) {
    const prev = CRC16[t - 1]![i]!;
    CRC16[t]![i] = ((prev << 8) & 0xffff) ^ CRC16[0]![prev >> 8]!;
  }
}
const [T0, T1, T2, T3] = CRC16 as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];

/**
 * CRC-16 of d[from, to), continuing from `crc`; 0 over a whole frame including its stored CRC
 * means the frame is intact.
 */
export function crc16(d: Uint8Array, from: number, to: number, crc = 0): number {
  let c = crc;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    c = T3[(c >> 8) ^ d[i]!]! ^ T2[(c & 0xff) ^ d[i + 1]!]! ^ T1[d[i + 2]!]! ^ T0[d[i + 3]!]!;
  }
  for (; i < to; i++) c = ((c << 8) & 0xffff) ^ T0[(c >> 8) ^ d[i]!]!;
  return c;
}

export function crc8(d: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c = CRC8[c ^ d[i]!]!;
  return c;
}

/** The byte at absolute position p (which must be inside the source). */
export function byteAt(w: Window, p: number): number {
  w.cover(p, 1);
  return w.buf[p - w.base]!;
}

/** CRC-16 of the source's bytes [from, to), continuing from `crc`, a window at a time. */
export function crcOver(w: Window, from: number, to: number, crc = 0): number {
  let c = crc;
  for (let p = from; p < to;) {
    w.cover(p, 1);
    const stop = Math.min(to, w.end);
    c = crc16(w.buf, p - w.base, stop - w.base, c);
    p = stop;
  }
  return c;
}
