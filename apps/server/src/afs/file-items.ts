// The status items of one audio file (docs/paraslash/status.md §2.2), in paraslash's order: shared by
// `ls -l=v`, `ls -l=p`, `ls -l=m` and the afs part of `stat`.
import type { StatusItems } from '../status/items.js';
import type { AttributeTable } from './attributes.js';
import type { AudioFileRecord } from './audio-file.js';
import { basename, dirname } from './audio-file.js';
import type { BlobTable } from './blobs.js';
import { formatName } from './formats/types.js';
import { formatDuration, formatLastPlayed } from './time-format.js';

export interface ItemContext {
  attributes: AttributeTable;
  images: BlobTable;
  lyrics: BlobTable;
  /** print dates as seconds since the epoch (ls -d) */
  unixDate?: boolean;
}

/** "x-" strings for every byte value, bit 0 first: listings render 100,000 bitmaps at once. */
const BYTE_BITMAPS = Array.from({ length: 256 }, (_, b) => {
  let s = '';
  for (let bit = 0; bit < 8; bit++) s += b & (1 << bit) ? 'x' : '-';
  return s;
});
const EMPTY_BITMAP = '-'.repeat(64);

/** 64 characters, bit 0 first: x for a set attribute bit, - otherwise */
export function attributeBitmap(mask: bigint): string {
  if (mask === 0n) return EMPTY_BITMAP;
  const lo = Number(mask & 0xffffffffn);
  const hi = Number((mask >> 32n) & 0xffffffffn);
  let s = '';
  for (const word of [lo, hi]) {
    for (let shift = 0; shift < 32; shift += 8) s += BYTE_BITMAPS[(word >>> shift) & 0xff]!;
  }
  return s;
}

export function fileItems(
  f: AudioFileRecord,
  score: number | undefined,
  ctx: ItemContext,
): StatusItems {
  const chunkMs = f.chunkTimeUs / 1000;
  return [
    ['path', f.path],
    ['basename', basename(f.path)],
    ['directory', dirname(f.path)],
    ['score', score === undefined ? '' : String(score)],
    ['attributes_bitmap', attributeBitmap(f.attributes)],
    ['attributes_txt', ctx.attributes.names(f.attributes).join(' ')],
    ['hash', f.hash],
    ['image_id', String(f.imageId)],
    ['image_name', (f.imageId && ctx.images.nameOf(f.imageId)) || ''],
    ['lyrics_id', String(f.lyricsId)],
    ['lyrics_name', (f.lyricsId && ctx.lyrics.nameOf(f.lyricsId)) || ''],
    ['bitrate', `${f.bitrate}kbit/s`],
    ['format', formatName(f.format) ?? 'unknown'],
    ['frequency', `${f.frequency}Hz`],
    ['channels', String(f.channels)],
    ['duration', formatDuration(f.secondsTotal)],
    ['seconds_total', String(f.secondsTotal)],
    ['last_played', ctx.unixDate ? String(f.lastPlayed) : formatLastPlayed(f.lastPlayed)],
    ['num_played', String(f.numPlayed)],
    ['amplification', String(f.amp)],
    ['chunk_time', Number.isInteger(chunkMs) ? String(chunkMs) : chunkMs.toFixed(3)],
    ['num_chunks', String(f.chunksTotal)],
    ['max_chunk_size', String(f.maxChunkSize)],
    ['techinfo', f.techinfo],
    ['artist', f.artist],
    ['title', f.title],
    ['year', f.year],
    ['album', f.album],
    ['comment', f.comment],
  ];
}
