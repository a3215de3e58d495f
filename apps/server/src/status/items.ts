// Status item names and their numeric ids (docs/paraslash/status.md §2.3, order UNCONFIRMED: kept in this one
// list so it can be corrected in one place), and the parser-friendly encoding (docs/paraslash/status.md §3).

export const STATUS_ITEMS = [
  'basename',
  'status',
  'num_played',
  'mtime',
  'bitrate',
  'frequency',
  'file_size',
  'status_flags',
  'format',
  'score',
  'techinfo',
  'afs_mode',
  'attributes_txt',
  'decoder_flags',
  'audiod_status',
  'play_time',
  'attributes_bitmap',
  'offset',
  'seconds_total',
  'stream_start',
  'current_time',
  'audiod_uptime',
  'image_id',
  'lyrics_id',
  'duration',
  'directory',
  'lyrics_name',
  'image_name',
  'path',
  'hash',
  'channels',
  'last_played',
  'num_chunks',
  'chunk_time',
  'amplification',
  'artist',
  'title',
  'year',
  'album',
  'comment',
  'max_chunk_size',
  // paraweb's own, after paraslash's (whose ids stay): the schedule's active entry, its next change
  'schedule_entry',
  'schedule_next',
  // the file's integrated loudness (LUFS) once measured (renditions/), for the web player's levelling
  'loudness',
  // the playout leader (issue #21; PostgreSQL only): its node, since when it leads (ISO 8601)
  'leader',
  'leader_since',
] as const;

export type StatusItem = (typeof STATUS_ITEMS)[number];
export type StatusItems = [StatusItem, string][];

export function statusItemId(name: StatusItem): number {
  return STATUS_ITEMS.indexOf(name);
}

/** "name: value\n" per item */
export function renderHuman(items: StatusItems): string {
  return items.map(([k, v]) => `${k}: ${v}\n`).join('');
}

/** "SSSS II:value\n" per item, SSSS = byte length of "II:value\n" in 4 hex digits */
export function renderParserFriendly(items: StatusItems): string {
  let out = '';
  for (const [name, value] of items) {
    const body = `${statusItemId(name).toString(16).padStart(2, '0')}:${value}\n`;
    const len = Buffer.byteLength(body);
    if (len > 0xffff) continue; // not representable; the server never produces such values
    out += `${len.toString(16).padStart(4, '0')} ${body}`;
  }
  return out;
}
