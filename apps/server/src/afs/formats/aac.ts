// The aac audio format handler (docs/paraslash/formats.md §6): m4a/mp4 files and raw ADTS streams, told apart
// by their first bytes. Also builds the ADTS headers that streaming puts in front of m4a samples.
import { adtsHeaderFor, adtsParams, parseAdtsFrom } from './adts.js';
import { looksLikeMp4, parseMp4From } from './mp4.js';
import { bufferSource, type ByteSource } from './source.js';
import type { AudioFormatHandler, AudioFormatInfo } from './types.js';
import { AfhError } from './types.js';

export function parseAac(data: Uint8Array): AudioFormatInfo {
  return parseAacFrom(bufferSource(data));
}

/** m4a: the atom headers and the moov atom are read; ADTS: frames are scanned in windows. */
export function parseAacFrom(src: ByteSource): AudioFormatInfo {
  if (src.size === 0) throw new AfhError('empty file');
  return looksLikeMp4(src.read(0, 8)) ? parseMp4From(src) : parseAdtsFrom(src);
}

/**
 * The 7-byte ADTS header for one m4a sample (raw AAC access unit) of `frameLength` bytes, given
 * the AudioSpecificConfig the handler stored in `extra`: header + sample is one ADTS frame.
 * Throws AfhError if the config cannot be expressed in ADTS (the handler already rejected
 * such files at add time).
 */
export function adtsHeader(asc: Uint8Array, frameLength: number): Uint8Array {
  return adtsHeaderFor(adtsParams(asc), frameLength);
}

export const aacHandler: AudioFormatHandler = {
  name: 'aac',
  suffixes: ['m4a', 'mp4', 'm4b', 'aac'],
  // The executor form turns a thrown AfhError into a rejection without a needless async.
  parse: (data) => new Promise((resolve) => resolve(parseAac(data))),
  parseSource: (src) => new Promise((resolve) => resolve(parseAacFrom(src))),
};
