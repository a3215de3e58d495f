// The contract every audio format handler fulfils (docs/paraslash/formats.md §2).
// Handlers are pure functions over the bytes of a file: they never touch the database. Each reads a
// big file in pieces through `parseSource` (source.ts), never whole.
import type { ByteSource } from './source.js';

/** Handler names in id order; the id is stored in the database (afsi audio_format_id). */
export const FORMAT_NAMES = ['mp3', 'ogg', 'aac', 'wma', 'spx', 'flac', 'opus'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export function formatId(name: FormatName): number {
  return FORMAT_NAMES.indexOf(name);
}

export function formatName(id: number): FormatName | undefined {
  return FORMAT_NAMES[id];
}

export interface Tags {
  artist: string;
  title: string;
  year: string;
  album: string;
  comment: string;
}

/** What a handler learns about one file: paraslash's afhi plus the chunk table. */
export interface AudioFormatInfo {
  format: FormatName;
  /** duration in whole seconds (truncated) */
  secondsTotal: number;
  /** duration in milliseconds (rounded) */
  durationMs: number;
  /** number of chunks; the chunk table has chunksTotal + 1 entries */
  chunksTotal: number;
  /** nominal play time of one chunk, microseconds: chunk n is due at start + n * chunkTimeUs */
  chunkTimeUs: number;
  /** average bitrate, kbit/s */
  bitrate: number;
  /** sample rate, Hz */
  frequency: number;
  channels: number;
  /** bytes [0, headerLen) are the header new listeners need first (chunk 0); 0 = no header */
  headerLen: number;
  /** largest chunkTable[k + 1] - chunkTable[k] */
  maxChunkSize: number;
  /** short technical summary, e.g. "cbr, joint stereo, id3: v2" */
  techinfo: string;
  tags: Tags;
  /** byte offset of each chunk; entry k + 1 is the end of chunk k */
  chunkTable: Uint32Array;
  /** format-specific data the streaming side needs (e.g. the AAC AudioSpecificConfig) */
  extra?: Uint8Array;
  /** the picture embedded in the file (the front cover if it has several), as stored there */
  picture?: Uint8Array;
}

export interface AudioFormatHandler {
  readonly name: FormatName;
  /** lower-case file suffixes without the dot */
  readonly suffixes: readonly string[];
  /**
   * Inspects a whole file. Throws AfhError when the bytes are not this format or are damaged
   * beyond use; never returns a table whose offsets lie outside the data.
   */
  parse(data: Uint8Array): Promise<AudioFormatInfo>;
  /**
   * The same answer as `parse`, reading the source in bounded pieces (a moving window, or only
   * headers and tables), so a big file never needs to be in memory whole.
   */
  parseSource(src: ByteSource): Promise<AudioFormatInfo>;
  /**
   * Optional: the header to send to new listeners instead of bytes [0, headerLen), e.g. ogg
   * with the (possibly huge) comment packet replaced by a small one.
   */
  getHeader?(data: Uint8Array, headerLen: number): Uint8Array;
}

/** "Not my format" or "damaged": the file is reported and skipped. */
export class AfhError extends Error {
  override readonly name = 'AfhError';
}

export const EMPTY_TAGS: Tags = { artist: '', title: '', year: '', album: '', comment: '' };

/** Fills the derived fields every handler computes the same way. */
export function maxChunkSize(table: Uint32Array): number {
  let max = 0;
  for (let k = 0; k + 1 < table.length; k++) {
    const size = table[k + 1]! - table[k]!;
    if (size > max) max = size;
  }
  return max;
}
