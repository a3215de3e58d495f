// The Ogg header an Icecast mount gets: the streamed header with a comment packet that carries
// the title. Icecast takes an Ogg stream's title from its comments (the streamed header has
// none), and a title update through its admin interface would chain extra headers mid-file.
import { ascii, startsWith } from '../../afs/formats/ogg-chunks.js';
import { OggPacketReader, OggPageScanner, writePages } from '../../afs/formats/ogg-pages.js';
import { readVorbisComment } from '../../afs/formats/vorbis-comment.js';

/** per Ogg codec: what the comment packet starts with, and whether a framing bit ends it */
const COMMENT: Record<'ogg' | 'opus' | 'spx', { magic: Uint8Array; framingBit: boolean }> = {
  ogg: { magic: ascii('\x03vorbis'), framingBit: true },
  opus: { magic: ascii('OpusTags'), framingBit: false },
  spx: { magic: new Uint8Array(0), framingBit: false },
};

export type OggFormat = keyof typeof COMMENT;

export function isOggFormat(format: string): format is OggFormat {
  return format in COMMENT;
}

/** Re-pages `header` (all header packets of one logical stream) with TITLE=`title` as comment. */
export function titledOggHeader(header: Uint8Array, format: OggFormat, title: string): Uint8Array {
  const { magic, framingBit } = COMMENT[format];
  const scanner = new OggPageScanner(header);
  if (!scanner.next()) throw new Error('no ogg page in the header');
  const serial = scanner.serial;
  const firstSequence = scanner.sequence;
  const reader = new OggPacketReader(scanner, serial);
  const packets: Uint8Array[] = [];
  for (let p = reader.next(); p !== undefined; p = reader.next()) packets.push(p);
  const [ident, comment, ...rest] = packets;
  if (!ident || !comment || !startsWith(comment, magic)) throw new Error('no ogg comment header');
  const { vendor } = readVorbisComment(comment, magic.length, comment.length);
  const entry = Buffer.from(`TITLE=${title}`, 'utf8');
  const out = new Uint8Array(
    magic.length + 4 + vendor.length + 8 + entry.length + (framingBit ? 1 : 0),
  );
  const view = new DataView(out.buffer);
  out.set(magic, 0);
  let p = magic.length;
  view.setUint32(p, vendor.length, true);
  out.set(vendor, p + 4);
  p += 4 + vendor.length;
  view.setUint32(p, 1, true);
  view.setUint32(p + 4, entry.length, true);
  out.set(entry, p + 8);
  if (framingBit) out[p + 8 + entry.length] = 1;
  return writePages([[ident], [out, ...rest]], serial, firstSequence);
}
