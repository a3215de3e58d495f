// ID3v2.4 tags for HLS packed audio (RFC 8216 §3.4): every segment starts with a PRIV frame
// `com.apple.streaming.transportStreamTimestamp` holding the 33-bit 90 kHz timestamp of its
// first sample; a segment where a file starts also carries the file's title (TIT2, TPE1), which
// players read as timed metadata (hls.js: id3 samples; Safari: the timed-metadata track).
// ID3v2.4: https://id3.org/id3v2.4.0-structure and https://id3.org/id3v2.4.0-frames

const PRIV_OWNER = 'com.apple.streaming.transportStreamTimestamp';
/** the 90 kHz MPEG-2 clock wraps at 2^33 ticks (26.5 hours) */
export const TS_WRAP = 2 ** 33;

/** A 28-bit size as ID3 writes it: 7 bits per byte. */
function syncsafe(out: Uint8Array, at: number, n: number): void {
  out[at] = (n >>> 21) & 0x7f;
  out[at + 1] = (n >>> 14) & 0x7f;
  out[at + 2] = (n >>> 7) & 0x7f;
  out[at + 3] = n & 0x7f;
}

function frame(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(10 + body.length);
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  syncsafe(out, 4, body.length);
  out.set(body, 10);
  return out;
}

function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** PRIV with the segment's first-sample timestamp: 8 bytes, the upper 31 bits zero. */
function privTimestamp(ticks90k: number): Uint8Array {
  const owner = latin1(PRIV_OWNER);
  const body = new Uint8Array(owner.length + 1 + 8);
  body.set(owner, 0);
  const t = ((Math.round(ticks90k) % TS_WRAP) + TS_WRAP) % TS_WRAP;
  const view = new DataView(body.buffer);
  view.setUint32(owner.length + 1, Math.floor(t / 2 ** 32));
  view.setUint32(owner.length + 5, t >>> 0);
  return frame('PRIV', body);
}

/** A text frame in UTF-8 (encoding byte 3, ID3v2.4). */
function text(id: string, value: string): Uint8Array {
  const bytes = new TextEncoder().encode(value);
  const body = new Uint8Array(1 + bytes.length);
  body[0] = 3;
  body.set(bytes, 1);
  return frame(id, body);
}

export interface Id3Title {
  title: string;
  artist?: string;
}

/** One ID3v2.4 tag: the timestamp when given, then the title frames when given. */
export function id3Tag(opts: { ticks90k?: number; title?: Id3Title }): Uint8Array {
  const frames: Uint8Array[] = [];
  if (opts.ticks90k !== undefined) frames.push(privTimestamp(opts.ticks90k));
  if (opts.title) {
    frames.push(text('TIT2', opts.title.title));
    if (opts.title.artist) frames.push(text('TPE1', opts.title.artist));
  }
  const size = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(10 + size);
  out.set([0x49, 0x44, 0x33, 4, 0, 0], 0); // "ID3", v2.4.0, no flags
  syncsafe(out, 6, size);
  let at = 10;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/** µs of media time -> 90 kHz ticks (not wrapped; id3Tag wraps) */
export function ticks90k(us: number): number {
  return Math.round((us * 9) / 100);
}

/**
 * "artist - title" split back into its parts (StreamFile.title is that, or the basename when
 * the file has no tags): the artist is what comes before the first " - ".
 */
export function splitTitle(streamTitle: string): Id3Title {
  const at = streamTitle.indexOf(' - ');
  if (at <= 0) return { title: streamTitle };
  return { artist: streamTitle.slice(0, at), title: streamTitle.slice(at + 3) };
}
