// What an image blob must be: a picture a browser shows (JPEG, PNG, GIF or WebP, by its magic
// bytes) with a size its header states and a browser can decode. Uploads and pictures found in
// audio files are checked here before they are stored.
import zlib from 'node:zlib';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

/** larger sides than this are refused: no cover needs them, and browsers give up on some */
export const MAX_IMAGE_SIDE = 16384;

const u16be = (d: Uint8Array, p: number): number => (d[p]! << 8) | d[p + 1]!;
const u16le = (d: Uint8Array, p: number): number => d[p]! | (d[p + 1]! << 8);
const u24le = (d: Uint8Array, p: number): number => d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16);
const u32be = (d: Uint8Array, p: number): number =>
  ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
const ascii = (d: Uint8Array, p: number, s: string): boolean =>
  p + s.length <= d.length && [...s].every((c, i) => d[p + i] === c.charCodeAt(0));

/** The SOFn segment's size; markers without a length (RSTn, TEM) are stepped over. */
function jpegSize(d: Uint8Array): [number, number] | string {
  let p = 2;
  while (p + 4 <= d.length) {
    if (d[p] !== 0xff) return 'damaged JPEG (no marker where one belongs)';
    const m = d[p + 1]!;
    if (m === 0xff) {
      p++; // fill byte
      continue;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) return 'JPEG without a frame header';
    const len = u16be(d, p + 2);
    if (len < 2) return 'damaged JPEG (segment length)';
    const isSof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (isSof) {
      if (p + 9 > d.length) return 'JPEG cut off in its frame header';
      return [u16be(d, p + 7), u16be(d, p + 5)];
    }
    p += 2 + len;
  }
  return 'JPEG cut off before its frame header';
}

function pngSize(d: Uint8Array): [number, number] | string {
  if (d.length < 33 || u32be(d, 8) !== 13 || !ascii(d, 12, 'IHDR')) return 'PNG without IHDR';
  if (zlib.crc32(d.subarray(12, 29)) !== u32be(d, 29)) return 'damaged PNG (IHDR checksum)';
  return [u32be(d, 16), u32be(d, 20)];
}

function webpSize(d: Uint8Array): [number, number] | string {
  if (ascii(d, 12, 'VP8 ') && d.length >= 30 && d[23] === 0x9d && d[24] === 0x01 && d[25] === 0x2a)
    return [u16le(d, 26) & 0x3fff, u16le(d, 28) & 0x3fff];
  if (ascii(d, 12, 'VP8L') && d.length >= 25 && d[20] === 0x2f) {
    const bits = (d[21]! | (d[22]! << 8) | (d[23]! << 16) | (d[24]! << 24)) >>> 0;
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (ascii(d, 12, 'VP8X') && d.length >= 30) return [u24le(d, 24) + 1, u24le(d, 27) + 1];
  return 'WebP without a known image chunk';
}

/** The type the magic bytes at the start say, or undefined. */
export function imageMime(d: Uint8Array): ImageMime | undefined {
  if (d[0] === 0xff && d[1] === 0xd8 && d[2] === 0xff) return 'image/jpeg';
  if (ascii(d, 0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (ascii(d, 0, 'GIF87a') || ascii(d, 0, 'GIF89a')) return 'image/gif';
  if (ascii(d, 0, 'RIFF') && ascii(d, 8, 'WEBP')) return 'image/webp';
  return undefined;
}

/** What the bytes are, or why they are not an image a browser can show. */
export function inspectImage(d: Uint8Array): ImageInfo | string {
  const mime = imageMime(d);
  if (mime === undefined) return 'not an image (JPEG, PNG, GIF or WebP)';
  const size =
    mime === 'image/jpeg'
      ? jpegSize(d)
      : mime === 'image/png'
        ? pngSize(d)
        : mime === 'image/gif'
          ? d.length >= 13
            ? ([u16le(d, 6), u16le(d, 8)] as [number, number])
            : 'GIF cut off'
          : webpSize(d);
  if (typeof size === 'string') return size;
  const [width, height] = size;
  if (width === 0 || height === 0) return `${mime} of size ${width}x${height}`;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    return `${width}x${height} pixels: larger than ${MAX_IMAGE_SIDE} on a side`;
  return { mime, width, height };
}
