// Renders ls listings in paraslash's modes: short, long, verbose, parser-friendly, mbox, chunk table.
import type { AudioFileRecord } from '../../afs/index.js';
import { basename, formatName } from '../../afs/index.js';
import type { ItemContext } from '../../afs/file-items.js';
import { attributeBitmap, fileItems } from '../../afs/file-items.js';
import { formatDuration, formatLastPlayed } from '../../afs/time-format.js';
import { renderHuman, renderParserFriendly } from '../../status/items.js';

export interface ListedFile {
  file: AudioFileRecord;
  score?: number | undefined;
  /** only for the chunk-table mode */
  chunkTable?: Uint32Array | undefined;
}

export interface LsFormatOptions extends ItemContext {
  mode: 's' | 'l' | 'v' | 'p' | 'm' | 'c';
  fullPath: boolean;
  admissible: boolean;
}

export function renderListing(files: readonly ListedFile[], o: LsFormatOptions): string {
  const name = (f: AudioFileRecord): string => (o.fullPath ? f.path : basename(f.path));
  switch (o.mode) {
    case 's':
      return files.map(({ file }) => `${name(file)}\n`).join('');
    case 'l':
      return renderLong(files, o, name);
    case 'v':
      return files
        .map((l) => renderHuman(fileItems(l.file, l.score, o)) + loudnessLine(l.file))
        .join('\n');
    case 'p':
      return files.map((l) => renderParserFriendly(fileItems(l.file, l.score, o))).join('');
    case 'm':
      return files.map((l) => renderMbox(l, o)).join('');
    case 'c':
      return files.map((l) => renderChunks(l, name(l.file))).join('');
  }
}

/** paraweb: the loudness a rendition measured (afsi), once there is one; not a status item, so
 * stat and the parser-friendly listing stay as paraslash has them */
function loudnessLine(f: AudioFileRecord): string {
  return f.loudness === null ? '' : `loudness: ${f.loudness.toFixed(1)} LUFS\n`;
}

function renderLong(
  files: readonly ListedFile[],
  o: LsFormatOptions,
  name: (f: AudioFileRecord) => string,
): string {
  const rows = files.map(({ file: f, score }) => [
    ...(o.admissible ? [String(score ?? 0)] : []),
    attributeBitmap(f.attributes),
    String(f.amp),
    String(f.imageId),
    String(f.lyricsId),
    String(f.bitrate),
    formatName(f.format) ?? '?',
    String(f.frequency),
    String(f.channels),
    formatDuration(f.secondsTotal),
    String(f.numPlayed),
    o.unixDate ? String(f.lastPlayed) : formatLastPlayed(f.lastPlayed),
    name(f),
  ]);
  if (rows.length === 0) return '';
  const widths = rows[0]!.map(() => 0);
  for (const r of rows) r.forEach((v, c) => (widths[c] = Math.max(widths[c]!, v.length)));
  // text columns left-aligned, numbers right-aligned; the path is never padded
  const textCols = new Set([o.admissible ? 1 : 0, o.admissible ? 6 : 5, rows[0]!.length - 2]);
  return rows
    .map((r) =>
      r
        .map((v, c) =>
          c === r.length - 1 ? v : textCols.has(c) ? v.padEnd(widths[c]!) : v.padStart(widths[c]!),
        )
        .join(' '),
    )
    .join('\n')
    .concat('\n');
}

function renderMbox(l: ListedFile, o: LsFormatOptions): string {
  const f = l.file;
  const date = o.unixDate ? String(f.lastPlayed) : new Date(f.lastPlayed * 1000).toUTCString();
  return (
    `From foo@localhost ${new Date(f.lastPlayed * 1000).toUTCString()}\n` +
    `Received: from localhost\n` +
    `Date: ${date}\n` +
    `From: ${f.artist || 'unknown'}\n` +
    `Subject: ${basename(f.path)}\n\n` +
    renderHuman(fileItems(f, l.score, o)) +
    '\n'
  );
}

function renderChunks(l: ListedFile, shown: string): string {
  const f = l.file;
  const offsets = l.chunkTable ? [...l.chunkTable].join(' ') : '';
  return `${shown}\nchunk_time: ${f.chunkTimeUs}us\nnum_chunks: ${f.chunksTotal}\nchunk_table: ${offsets}\n`;
}
