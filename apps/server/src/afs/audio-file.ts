// The in-memory shape of one audio file row, derived from the Prisma model.
import type { AudioFile } from '../db/index.js';
import type { AudioFormatInfo } from './formats/types.js';
import { formatId } from './formats/types.js';

/** One audio file: the Prisma model with plain numbers where JS numbers suffice. */
export type AudioFileRecord = Omit<
  AudioFile,
  'size' | 'lastPlayed' | 'attributes' | 'missingSince'
> & {
  size: number;
  /** seconds since the epoch */
  lastPlayed: number;
  /** unsigned 64-bit attribute mask */
  attributes: bigint;
  /** seconds since the epoch when a watched folder lost the file (afs/watch); absent while it is
   * there (most rows: the field is left out rather than null, to keep 100,000 rows small) */
  missingSince?: number;
};

/** The afs statistics part (afsi) that `touch` and `cpsi` change. */
export type Afsi = Pick<
  AudioFileRecord,
  'lastPlayed' | 'attributes' | 'numPlayed' | 'imageId' | 'lyricsId' | 'amp' | 'loudness'
>;

/** The handler part (afhi) that `add -f` recomputes. */
export type Afhi = Omit<AudioFileRecord, 'id' | 'path' | 'hash' | 'size' | keyof Afsi>;

export const AFSI_KEYS = [
  'lastPlayed',
  'attributes',
  'numPlayed',
  'imageId',
  'lyricsId',
  'amp',
  'loudness',
] as const;

export const AFHI_KEYS = [
  'format',
  'secondsTotal',
  'durationMs',
  'chunksTotal',
  'chunkTimeUs',
  'bitrate',
  'frequency',
  'channels',
  'headerLen',
  'maxChunkSize',
  'techinfo',
  'artist',
  'title',
  'year',
  'album',
  'comment',
] as const satisfies readonly (keyof Afhi)[];

/** New files look played a year ago: neither infinitely old nor fresh (docs/paraslash/afs.md §4). */
export const NEW_FILE_AGE_SECONDS = 365 * 24 * 3600;

export function afhiFromInfo(info: AudioFormatInfo): Afhi {
  return {
    format: formatId(info.format),
    secondsTotal: info.secondsTotal,
    durationMs: info.durationMs,
    chunksTotal: info.chunksTotal,
    chunkTimeUs: info.chunkTimeUs,
    bitrate: info.bitrate,
    frequency: info.frequency,
    channels: info.channels,
    headerLen: info.headerLen,
    maxChunkSize: info.maxChunkSize,
    techinfo: info.techinfo,
    artist: info.tags.artist,
    title: info.tags.title,
    year: info.tags.year,
    album: info.tags.album,
    comment: info.tags.comment,
  };
}

/** attributes are unsigned in memory and signed 64-bit in the database */
export const toDbMask = (mask: bigint): bigint => BigInt.asIntN(64, mask);
export const fromDbMask = (value: bigint | number): bigint => BigInt.asUintN(64, BigInt(value));

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The afsi part of a record, e.g. for an `afsi:change` event's old value. */
export function afsiOf(rec: AudioFileRecord): Afsi {
  return {
    lastPlayed: rec.lastPlayed,
    attributes: rec.attributes,
    numPlayed: rec.numPlayed,
    imageId: rec.imageId,
    lyricsId: rec.lyricsId,
    amp: rec.amp,
    loudness: rec.loudness,
  };
}

/** The row as it is when its file is there (no missingSince). */
export function present(rec: AudioFileRecord): AudioFileRecord {
  if (rec.missingSince === undefined) return rec;
  const out = { ...rec };
  delete out.missingSince;
  return out;
}
