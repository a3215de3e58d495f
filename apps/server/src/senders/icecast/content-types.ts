// What Icecast 2.4 is told a stream is (its content type) per format and per live mount, and
// why the formats it cannot relay are not sent.
import type { FormatName } from '../../afs/formats/types.js';
import type { MountCodec } from '../mounts/types.js';

export const MOUNT_TYPES: Record<MountCodec, string> = {
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  opus: 'audio/ogg',
};

/**
 * The content type Icecast 2.4 gets per format. Icecast picks its format handler by an exact
 * match, so every Ogg stream is audio/ogg (with "; codecs=opus" it falls back to its generic
 * handler, which cannot hand the Ogg headers to listeners who join later).
 */
export const ICECAST_TYPES: Partial<Record<FormatName, string>> = {
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  spx: 'audio/ogg',
};

/** why a format is not sent; Icecast 2.4 keeps stream headers for Ogg (and WebM) only */
export const UNSUPPORTED: Partial<Record<FormatName, string>> = {
  flac: 'Icecast 2.4 cannot give the FLAC header to listeners who join later',
  wma: 'Icecast 2.4 cannot give the ASF header to listeners who join later',
};
