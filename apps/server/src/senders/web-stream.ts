// What stream players (browsers, ffmpeg, mpv) get from the stream senders (http, icecast): the
// content type per format, the bytes per chunk, and whether a listener's connection carries on
// into the next file (docs/streaming.md).
import { adtsHeader } from '../afs/formats/aac.js';
import type { FormatName } from '../afs/formats/types.js';
import type { StreamFile } from './types.js';

const CONTENT_TYPES: Record<FormatName, string> = {
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  opus: 'audio/ogg; codecs=opus',
  spx: 'audio/ogg; codecs=speex',
  flac: 'audio/flac',
  // m4a samples are sent as ADTS frames, raw ADTS files as they are
  aac: 'audio/aac',
  wma: 'audio/x-ms-wma',
};

/**
 * Formats whose stream may simply go on with the next file: MPEG and ADTS frames stand alone,
 * and a new ogg file starts a new chained logical stream with its own header pages. A FLAC or
 * ASF stream has exactly one header, so their listeners are closed at the end of each file
 * (as paraslash closes every HTTP client) and reconnect.
 */
const CONTINUES: Record<FormatName, boolean> = {
  mp3: true,
  aac: true,
  ogg: true,
  opus: true,
  spx: true,
  flac: false,
  wma: false,
};

export function contentType(file: Pick<StreamFile, 'format'>): string {
  return CONTENT_TYPES[file.format];
}

/**
 * Does a listener of `prev` stay connected when `next` starts? Only into the same kind of stream
 * with the same sample rate and channels: Chromium 156 fails with a decode error when an MP3
 * stream changes from 44.1 kHz stereo to 22.05 kHz mono.
 */
export function continuesInto(prev: StreamFile, next: StreamFile): boolean {
  return (
    CONTINUES[prev.format] &&
    contentType(prev) === contentType(next) &&
    prev.frequency === next.frequency &&
    prev.channels === next.channels
  );
}

/**
 * The bytes a stream listener gets for each chunk of `file`: m4a samples (raw AAC access units,
 * which no player reads without their container) each get an ADTS header; all else as it is.
 */
export function chunkFramer(file: StreamFile): (chunk: Uint8Array) => Uint8Array {
  const asc = file.format === 'aac' ? file.extra : undefined;
  if (!asc) return (c) => c;
  return (c) => {
    if (c.length === 0) return c;
    const out = new Uint8Array(7 + c.length);
    out.set(adtsHeader(asc, c.length), 0);
    out.set(c, 7);
    return out;
  };
}
