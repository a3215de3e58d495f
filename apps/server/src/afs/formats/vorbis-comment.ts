// Vorbis comment block (vendor string + KEY=value list), used by ogg/vorbis, opus, speex and flac.
import { PictureChoice, vorbisCommentPicture } from './pictures.js';
import { AfhError, type Tags } from './types.js';

export interface VorbisComment {
  /** the vendor string bytes (a view into the input) */
  vendor: Uint8Array;
  tags: Tags;
  /** offset just after the comment list */
  end: number;
  /** a METADATA_BLOCK_PICTURE, the front cover if there are several */
  picture?: Uint8Array | undefined;
}

const PICTURE_KEY = 'METADATA_BLOCK_PICTURE=';

const utf8 = new TextDecoder('utf-8');

// Keys we map, by priority within a tag field: DATE before YEAR, COMMENT before DESCRIPTION.
const FIELDS: Record<string, { field: keyof Tags; rank: number }> = {
  ARTIST: { field: 'artist', rank: 0 },
  TITLE: { field: 'title', rank: 0 },
  ALBUM: { field: 'album', rank: 0 },
  DATE: { field: 'year', rank: 0 },
  YEAR: { field: 'year', rank: 1 },
  COMMENT: { field: 'comment', rank: 0 },
  DESCRIPTION: { field: 'comment', rank: 1 },
};
const MAX_KEY = 11; // length of DESCRIPTION

/**
 * Reads a vorbis comment block at data[start, end). Keys are case-insensitive; the first value of
 * a key wins. Lengths pointing outside the block throw AfhError (ogg decoders reject such
 * headers too); with `lenient` (FLAC, where libFLAC does the same) they just end the list.
 */
export function readVorbisComment(
  data: Uint8Array,
  start: number,
  end: number,
  lenient = false,
): VorbisComment {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tags: Tags = { artist: '', title: '', year: '', album: '', comment: '' };
  const ranks: Record<keyof Tags, number> = { artist: 9, title: 9, year: 9, album: 9, comment: 9 };
  const pictures = new PictureChoice();
  let p = start;
  if (end > data.length || p + 4 > end) throw new AfhError('vorbis comment cut off');
  const vendorLen = view.getUint32(p, true);
  p += 4;
  if (vendorLen > end - p - 4) throw new AfhError('vorbis comment: bad vendor length');
  const vendor = data.subarray(p, p + vendorLen);
  p += vendorLen;
  const count = view.getUint32(p, true);
  p += 4;
  if (count > (end - p) / 4 && !lenient) throw new AfhError('vorbis comment: bad comment count');
  for (let i = 0; i < count; i++) {
    if (p + 4 > end) {
      if (lenient) break;
      throw new AfhError('vorbis comment cut off');
    }
    const len = view.getUint32(p, true);
    if (len > end - p - 4) {
      if (lenient) break;
      throw new AfhError('vorbis comment: bad comment length');
    }
    p += 4;
    const key = keyOf(data, p, Math.min(p + len, p + MAX_KEY + 1));
    const map = key === undefined ? undefined : FIELDS[key];
    if (map !== undefined && map.rank < ranks[map.field]) {
      ranks[map.field] = map.rank;
      tags[map.field] = utf8.decode(data.subarray(p + key!.length + 1, p + len));
    } else if (key === undefined && len > PICTURE_KEY.length && isPictureKey(data, p)) {
      const pic = vorbisCommentPicture(data.subarray(p + PICTURE_KEY.length, p + len));
      if (pic) pictures.offer(pic.data, pic.type);
    }
    p += len;
  }
  return { vendor, tags, end: p, picture: pictures.picture };
}

function isPictureKey(data: Uint8Array, at: number): boolean {
  for (let i = 0; i < PICTURE_KEY.length; i++) {
    const c = data[at + i]!;
    if ((c >= 0x61 && c <= 0x7a ? c - 32 : c) !== PICTURE_KEY.charCodeAt(i)) return false;
  }
  return true;
}

/** Upper-cased ASCII key before '=' if it is short enough to be one we map. */
function keyOf(data: Uint8Array, start: number, limit: number): string | undefined {
  let key = '';
  for (let i = start; i < limit; i++) {
    const c = data[i]!;
    if (c === 0x3d) return key;
    if (c < 0x20 || c > 0x7d) return undefined;
    key += String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 32 : c);
  }
  return undefined;
}

/**
 * A vorbis comment block with the given vendor string and no user comments, wrapped in the
 * codec's packet magic and, for vorbis, followed by the framing bit.
 */
export function emptyVorbisComment(
  vendor: Uint8Array,
  magic: Uint8Array,
  framingBit: boolean,
): Uint8Array {
  const out = new Uint8Array(magic.length + 4 + vendor.length + 4 + (framingBit ? 1 : 0));
  const view = new DataView(out.buffer);
  out.set(magic, 0);
  let p = magic.length;
  view.setUint32(p, vendor.length, true);
  out.set(vendor, p + 4);
  p += 4 + vendor.length;
  view.setUint32(p, 0, true);
  if (framingBit) out[p + 4] = 1;
  return out;
}
