// The mp4 atom walk: atom types as numbers, big-endian reads, and the child lookup that checks
// every atom's size against its parent's (mp4.ts reads the track, mp4-tags.ts the iTunes tags).
import { AfhError } from './types.js';

export function fourcc(s: string): number {
  return u32(
    Uint8Array.from(s, (c) => c.charCodeAt(0)),
    0,
  );
}

export const MOOV = fourcc('moov');
export const TRAK = fourcc('trak');
export const MDIA = fourcc('mdia');
export const MDHD = fourcc('mdhd');
export const HDLR = fourcc('hdlr');
export const MINF = fourcc('minf');
export const STBL = fourcc('stbl');
export const STSD = fourcc('stsd');
export const MP4A = fourcc('mp4a');
export const ESDS = fourcc('esds');
export const WAVE = fourcc('wave');
export const STTS = fourcc('stts');
export const STSZ = fourcc('stsz');
export const STZ2 = fourcc('stz2');
export const STSC = fourcc('stsc');
export const STCO = fourcc('stco');
export const CO64 = fourcc('co64');
export const SOUN = fourcc('soun');
export const UDTA = fourcc('udta');
export const META = fourcc('meta');
export const ILST = fourcc('ilst');
export const DATA = fourcc('data');
export const COVR = fourcc('covr');

export function u16(d: Uint8Array, p: number): number {
  return (d[p]! << 8) | d[p + 1]!;
}

export function u32(d: Uint8Array, p: number): number {
  return ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
}

export function u64(d: Uint8Array, p: number): number {
  return u32(d, p) * 0x100000000 + u32(d, p + 4);
}

/** An atom: its payload is [body, end). */
export interface Box {
  body: number;
  end: number;
}

/** The first child atom of type `type` in [from, to); throws on sizes that leave the parent. */
export function child(d: Uint8Array, from: number, to: number, type: number): Box | undefined {
  let p = from;
  while (p + 8 <= to) {
    let size = u32(d, p);
    let body = p + 8;
    if (size === 1) {
      if (p + 16 > to) throw new AfhError('truncated mp4 atom');
      size = u64(d, p + 8);
      body = p + 16;
    } else if (size === 0) size = to - p; // extends to the end of the parent
    if (size < body - p) throw new AfhError('bad mp4 atom size');
    if (p + size > to) throw new AfhError('truncated mp4 file');
    if (u32(d, p + 4) === type) return { body, end: p + size };
    p += size;
  }
  return undefined;
}

export function need(d: Uint8Array, parent: Box, type: number, what: string): Box {
  const b = child(d, parent.body, parent.end, type);
  if (b === undefined) throw new AfhError(`mp4 track without ${what}`);
  return b;
}

export function checkLen(b: Box, len: number): void {
  if (b.body + len > b.end) throw new AfhError('mp4 atom too short');
}
