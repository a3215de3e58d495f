// The flac metadata blocks (docs/paraslash/formats.md §5): STREAMINFO, the tags and the pictures,
// each block read alone, and where the frames begin (flac.ts scans them).
import { flacPicture, PictureChoice } from './pictures.js';
import type { ByteSource } from './source.js';
import { readVorbisComment } from './vorbis-comment.js';
import type { Tags } from './types.js';
import { AfhError, EMPTY_TAGS } from './types.js';

export interface StreamInfo {
  minBlock: number;
  maxBlock: number;
  minFrame: number;
  maxFrame: number;
  rate: number;
  channels: number;
  bits: number;
}

function u24(d: Uint8Array, p: number): number {
  return (d[p]! << 16) | (d[p + 1]! << 8) | d[p + 2]!;
}

export function isAscii(d: Uint8Array, p: number, s: string): boolean {
  if (p < 0 || p + s.length > d.length) return false;
  for (let i = 0; i < s.length; i++) if (d[p + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** A damaged VORBIS_COMMENT block costs the tags, not the file (libFLAC reads on too). */
function flacTags(
  d: Uint8Array,
  start: number,
  end: number,
): { tags: Tags; picture?: Uint8Array | undefined } {
  try {
    return readVorbisComment(d, start, end, true);
  } catch {
    return { tags: { ...EMPTY_TAGS } };
  }
}

/** Skips an ID3v2 tag some taggers put in front of "fLaC" (libFLAC skips it too). */
function id3v2End(src: ByteSource): number {
  const d = src.read(0, 10);
  if (!isAscii(d, 0, 'ID3') || d.length < 10) return 0;
  const size = ((d[6]! & 0x7f) << 21) | ((d[7]! & 0x7f) << 14) | ((d[8]! & 0x7f) << 7) | d[9]!;
  return 10 + size + (d[5]! & 0x10 ? 10 : 0);
}

/**
 * STREAMINFO, tags and the end of the metadata blocks. Each block is read alone (padding and
 * unknown blocks not at all), so a big file's metadata costs its largest block.
 */
export function readMetadata(src: ByteSource): {
  si: StreamInfo;
  tags: Tags;
  end: number;
  picture: Uint8Array | undefined;
} {
  const pictures = new PictureChoice();
  let p = id3v2End(src);
  if (!isAscii(src.read(p, 4), 0, 'fLaC')) throw new AfhError('no fLaC signature');
  p += 4;
  let si: StreamInfo | undefined;
  let tags: Tags = { artist: '', title: '', year: '', album: '', comment: '' };
  for (let last = false; !last;) {
    if (p + 4 > src.size) throw new AfhError('flac metadata cut off');
    const head = src.read(p, 4);
    const type = head[0]! & 0x7f;
    last = (head[0]! & 0x80) !== 0;
    const len = u24(head, 1);
    p += 4 + len;
    if (p > src.size) throw new AfhError('flac metadata cut off');
    if (si === undefined && (type !== 0 || len < 34)) throw new AfhError('flac lacks STREAMINFO');
    if (type === 127) throw new AfhError('invalid flac metadata block');
    if (type !== 0 && type !== 4 && type !== 6) continue;
    const d = src.read(p - len, len);
    if (type === 0 && si === undefined) {
      si = {
        minBlock: (d[0]! << 8) | d[1]!,
        maxBlock: (d[2]! << 8) | d[3]!,
        minFrame: u24(d, 4),
        maxFrame: u24(d, 7),
        rate: (d[10]! << 12) | (d[11]! << 4) | (d[12]! >> 4),
        channels: ((d[12]! >> 1) & 7) + 1,
        bits: (((d[12]! & 1) << 4) | (d[13]! >> 4)) + 1,
      };
      if (si.rate === 0) throw new AfhError('flac sample rate 0');
      if (si.bits < 4) throw new AfhError('invalid flac bits per sample');
    } else if (type === 4) {
      const vc = flacTags(d, 0, len);
      tags = vc.tags;
      if (vc.picture) pictures.offer(vc.picture, 0);
    } else if (type === 6) {
      const pic = flacPicture(d, 0, len);
      if (pic) pictures.offer(pic.data, pic.type);
    }
  }
  if (si === undefined) throw new AfhError('flac lacks STREAMINFO');
  return { si, tags, end: p, picture: pictures.picture };
}
