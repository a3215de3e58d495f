// The iTunes tags and cover of an mp4 file (the ilst atom); damaged metadata loses them, not the file.
import { child, COVR, DATA, HDLR, ILST, META, u32, UDTA, type Box } from './mp4-atoms.js';
import { PictureChoice } from './pictures.js';
import type { Tags } from './types.js';
import { AfhError } from './types.js';

const utf8 = new TextDecoder('utf-8');
const utf16be = new TextDecoder('utf-16be');

/** iTunes item atoms → paraslash tags (©nam, ©ART, ©alb, ©day, ©cmt). */
const ITEMS = new Map<number, keyof Tags>([
  [0xa96e616d, 'title'],
  [0xa9415254, 'artist'],
  [0xa9616c62, 'album'],
  [0xa9646179, 'year'],
  [0xa9636d74, 'comment'],
]);

/** Tags and cover from the iTunes ilst atom; damaged metadata loses them, not the file. */
export function readTags(
  d: Uint8Array,
  moov: Box,
): { tags: Tags; picture: Uint8Array | undefined } {
  const tags: Tags = { artist: '', title: '', year: '', album: '', comment: '' };
  const pictures = new PictureChoice();
  try {
    readIlst(d, moov, tags, pictures);
  } catch (err) {
    if (!(err instanceof AfhError)) throw err;
  }
  return { tags, picture: pictures.picture };
}

/** Fills `tags` from the ilst atom under moov/udta/meta or moov/meta. */
function readIlst(d: Uint8Array, moov: Box, tags: Tags, pictures: PictureChoice): void {
  const udta = child(d, moov.body, moov.end, UDTA);
  const meta = (udta && child(d, udta.body, udta.end, META)) ?? child(d, moov.body, moov.end, META);
  if (meta === undefined) return;
  // ISO meta is a full atom (4 more bytes); QuickTime's starts with its children directly.
  const first =
    meta.body + 8 <= meta.end && u32(d, meta.body + 4) === HDLR ? meta.body : meta.body + 4;
  const ilst = child(d, first, meta.end, ILST);
  if (ilst === undefined) return;
  let p = ilst.body;
  while (p + 8 <= ilst.end) {
    const size = u32(d, p);
    if (size < 8 || p + size > ilst.end) throw new AfhError('bad ilst atom');
    const item = u32(d, p + 4);
    const field = ITEMS.get(item);
    if (item === COVR) {
      // each data atom is one picture: type (13 JPEG, 14 PNG, ...), locale, the image
      const data = child(d, p + 8, p + size, DATA);
      if (data !== undefined && data.body + 8 < data.end)
        pictures.offer(d.subarray(data.body + 8, data.end), 3);
    } else if (field !== undefined && tags[field] === '') {
      const data = child(d, p + 8, p + size, DATA);
      if (data !== undefined && data.body + 8 <= data.end) {
        const type = u32(d, data.body) & 0xffffff; // well-known types: 1 UTF-8, 2 UTF-16BE
        const text = d.subarray(data.body + 8, data.end);
        if (type === 1 || type === 0) tags[field] = utf8.decode(text);
        else if (type === 2) tags[field] = utf16be.decode(text);
      }
    }
    p += size;
  }
}
