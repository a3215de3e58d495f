// The audio format handlers in id order, and the generic steps around them (docs/paraslash/formats.md §2):
// try the handler the suffix suggests first, then every other one; the first that accepts wins.
import { aacHandler } from './aac.js';
import { flacHandler } from './flac.js';
import { mp3Handler } from './mp3.js';
import { opusHandler } from './opus.js';
import { speexHandler } from './speex.js';
import { bufferSource, type ByteSource } from './source.js';
import type { AudioFormatHandler, AudioFormatInfo, FormatName } from './types.js';
import { AfhError, FORMAT_NAMES } from './types.js';
import { vorbisHandler } from './vorbis.js';
import { wmaHandler } from './wma.js';

export * from './types.js';
export { bufferSource, fileSource, Window, WINDOW_SIZE } from './source.js';
export type { ByteSource } from './source.js';

const BY_NAME: Record<FormatName, AudioFormatHandler> = {
  mp3: mp3Handler,
  ogg: vorbisHandler,
  aac: aacHandler,
  wma: wmaHandler,
  spx: speexHandler,
  flac: flacHandler,
  opus: opusHandler,
};

export const HANDLERS: readonly AudioFormatHandler[] = FORMAT_NAMES.map((n) => BY_NAME[n]);

export function handler(name: FormatName): AudioFormatHandler {
  return BY_NAME[name];
}

function suffix(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function handlerForSuffix(path: string): AudioFormatHandler | undefined {
  const s = suffix(path);
  return HANDLERS.find((h) => h.suffixes.includes(s));
}

/** True if the file name ends in a suffix of a supported format (add without -a). */
export function hasAudioSuffix(path: string): boolean {
  return handlerForSuffix(path) !== undefined;
}

/** The largest file a chunk table (Uint32Array offsets) can describe. */
export const MAX_FILE_SIZE = 0xffffffff;

export function parseAudio(path: string, data: Uint8Array): Promise<AudioFormatInfo> {
  return parseAudioSource(path, bufferSource(data));
}

/**
 * parseAudio over any source. Every handler reads a source in pieces (a window that moves along
 * the audio, or only the headers and tables), so a file of any size costs megabytes, not its size.
 */
export async function parseAudioSource(path: string, src: ByteSource): Promise<AudioFormatInfo> {
  if (src.size === 0) throw new AfhError('empty file');
  // chunk tables hold 32-bit offsets: past 4 GiB they would wrap around, silently wrong
  if (src.size > MAX_FILE_SIZE)
    throw new AfhError('file too big: 4 GiB at most (32-bit chunk offsets)');
  const first = handlerForSuffix(path);
  const order = first ? [first, ...HANDLERS.filter((h) => h !== first)] : HANDLERS;
  let firstError: string | undefined;
  for (const h of order) {
    try {
      return await h.parseSource(src);
    } catch (err) {
      // a handler bug on odd input must not hide the file from the other handlers
      const why = err instanceof AfhError ? err.message : `internal error: ${String(err)}`;
      firstError ??= `${h.name}: ${why}`;
    }
  }
  throw new AfhError(`audio format not recognized (${firstError ?? 'no handler'})`);
}

export const SUPPORTED_FORMATS = FORMAT_NAMES.join(' ');
