// The columns of the web library view: what one row holds and how each sortable column orders.
import type { AudioFileRecord } from '../afs/index.js';
import { basename, dirname, formatName } from '../afs/index.js';

export const SORT_COLUMNS = [
  'path',
  'basename',
  'artist',
  'title',
  'album',
  'year',
  'duration',
  'score',
  'numPlayed',
  'lastPlayed',
  'format',
  'bitrate',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** columns whose order changes when a file is played or touched (its afsi) */
export const AFSI_COLUMNS: ReadonlySet<SortColumn> = new Set(['score', 'numPlayed', 'lastPlayed']);

/** One file as the library table shows it. */
export interface LibraryRow {
  id: number;
  path: string;
  basename: string;
  directory: string;
  artist: string;
  title: string;
  album: string;
  year: string;
  durationMs: number;
  /** names of the set attributes, in bit order */
  attributes: string[];
  /** the file's score in the current mode; null when it is not admissible */
  score: number | null;
  numPlayed: number;
  /** seconds since the epoch */
  lastPlayed: number;
  format: string;
  /** kbit/s */
  bitrate: number;
  imageId: number;
  lyricsId: number;
  /** integrated loudness (LUFS) measured by a rendition; null until one was made */
  loudness: number | null;
}

export function toRow(
  f: AudioFileRecord,
  attributeNames: (mask: bigint) => string[],
  score: number | undefined,
): LibraryRow {
  return {
    id: f.id,
    path: f.path,
    basename: basename(f.path),
    directory: dirname(f.path),
    artist: f.artist,
    title: f.title,
    album: f.album,
    year: f.year,
    durationMs: f.durationMs,
    attributes: attributeNames(f.attributes),
    score: score ?? null,
    numPlayed: f.numPlayed,
    lastPlayed: f.lastPlayed,
    format: formatName(f.format) ?? `format ${f.format}`,
    bitrate: f.bitrate,
    imageId: f.imageId,
    lyricsId: f.lyricsId,
    loudness: f.loudness,
  };
}

export type SortKey =
  | { kind: 'text'; of: (f: AudioFileRecord) => string }
  | { kind: 'number'; of: (f: AudioFileRecord) => number };

/** text keys are compared case-insensitively (the caller lowercases them) */
const text = (of: (f: AudioFileRecord) => string): SortKey => ({ kind: 'text', of });
const num = (of: (f: AudioFileRecord) => number): SortKey => ({ kind: 'number', of });

/** How each column except path (the base order) and score (the score table's order) sorts. */
export const SORT_KEYS: Record<Exclude<SortColumn, 'path' | 'score'>, SortKey> = {
  basename: text((f) => basename(f.path)),
  artist: text((f) => f.artist),
  title: text((f) => f.title),
  album: text((f) => f.album),
  // "1999", "1999-05-01" and "" all order by their leading number
  year: num((f) => Number.parseInt(f.year, 10) || 0),
  duration: num((f) => f.durationMs),
  numPlayed: num((f) => f.numPlayed),
  lastPlayed: num((f) => f.lastPlayed),
  format: text((f) => formatName(f.format) ?? ''),
  bitrate: num((f) => f.bitrate),
};
