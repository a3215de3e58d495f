// The status items of the vss (docs/paraslash/status.md §2.1) followed by the afs items of the current file
// (§2.2), or those items all empty when no file is open, so that clients clear stale values.
import type { Afs, OpenedFile } from '../afs/index.js';
import { fileItems } from '../afs/file-items.js';
import type { StatusItem, StatusItems } from '../status/items.js';
import type { VssFlags } from './flags.js';
import { flagString, vssState } from './flags.js';
import { formatTimeval } from './clock.js';

/** The names fileItems() emits, in its order (a test keeps the two in step). */
export const AFS_ITEM_NAMES: readonly StatusItem[] = [
  'path',
  'basename',
  'directory',
  'score',
  'attributes_bitmap',
  'attributes_txt',
  'hash',
  'image_id',
  'image_name',
  'lyrics_id',
  'lyrics_name',
  'bitrate',
  'format',
  'frequency',
  'channels',
  'duration',
  'seconds_total',
  'last_played',
  'num_played',
  'amplification',
  'chunk_time',
  'num_chunks',
  'max_chunk_size',
  'techinfo',
  'artist',
  'title',
  'year',
  'album',
  'comment',
];

export interface VssSnapshot {
  flags: VssFlags;
  /** position of the current run's first chunk, ms */
  offsetMs: number;
  streamStartUs: number;
  nowUs: number;
  opened: OpenedFile | undefined;
}

export function statusItems(afs: Afs, s: VssSnapshot): StatusItems {
  const items: StatusItems = [
    ['status', vssState(s.flags)],
    ['status_flags', flagString(s.flags)],
    ['offset', String(Math.floor((s.offsetMs + 500) / 1000))],
    ['afs_mode', afs.selector.spec],
    ['stream_start', formatTimeval(s.streamStartUs)],
    ['current_time', formatTimeval(s.nowUs)],
  ];
  if (!s.opened)
    return [
      ...items,
      ...AFS_ITEM_NAMES.map((n): [StatusItem, string] => [n, '']),
      ['loudness', ''],
    ];
  // the row as it is now (touch, setatt, renames), but last_played as it was before this play
  const row = afs.files.get(s.opened.file.id) ?? s.opened.file;
  const ctx = { attributes: afs.attributes, images: afs.blobs.img, lyrics: afs.blobs.lyr };
  const file = fileItems({ ...row, lastPlayed: s.opened.previousLastPlayed }, s.opened.score, ctx);
  // paraweb's own, after paraslash's items: the loudness a rendition or a measurement stored
  return [...items, ...file, ['loudness', row.loudness === null ? '' : String(row.loudness)]];
}
