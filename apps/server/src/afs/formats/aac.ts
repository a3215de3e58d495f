// The aac audio format handler (docs/paraslash/formats.md §6): m4a/mp4 files and raw ADTS streams, told apart
// by their first bytes. Also builds the ADTS headers that streaming puts in front of m4a samples.
import { adtsHeaderFor, adtsParams, parseAdts } from './adts.js';
import { looksLikeMp4, parseMp4 } from './mp4.js';
import type { AudioFormatHandler, AudioFormatInfo } from './types.js';
import { AfhError } from './types.js';

export function parseAac(data: Uint8Array): AudioFormatInfo {
  if (data.length === 0) throw new AfhError('empty file');
  return looksLikeMp4(data) ? parseMp4(data) : parseAdts(data);
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
};
