// Where a listener's browser finds the audio, best first: the HLS master playlist (native on
// Safari/iOS, hls.js elsewhere), the MP3 live mount, then the HTTP sender's own stream at `/`.
// The player falls back down this list when a source cannot be played (docs/public-station.md).

export type StreamKind = 'hls' | 'http';

export interface StreamSource {
  kind: StreamKind;
  url: string;
}

/** how this browser plays HLS: natively (Safari, iOS), through hls.js (MSE), or not at all */
export type HlsSupport = 'native' | 'hlsjs' | 'none';

export const HLS_PATH = 'hls/live.m3u8';
export const MP3_PATH = 'live.mp3';

/**
 * The sources to try, in order. `base` is the HTTP sender's URL ending in `/` (PARAWEB_STREAM_URL
 * when it ends in `/` too); a PARAWEB_STREAM_URL naming one stream (not ending in `/`) is played
 * as it is, alone.
 */
export function streamSources(base: string, hls: HlsSupport): StreamSource[] {
  if (!base.endsWith('/')) return [{ kind: 'http', url: base }];
  const out: StreamSource[] = [];
  if (hls !== 'none') out.push({ kind: 'hls', url: new URL(HLS_PATH, base).toString() });
  out.push({ kind: 'http', url: new URL(MP3_PATH, base).toString() });
  out.push({ kind: 'http', url: base });
  return out;
}

/**
 * The sources with a relay first (GET /api/stream named the least loaded healthy one, issue
 * #21): an Icecast mount is an HTTP stream, a cache's `.m3u8` an HLS playlist (where this browser
 * plays HLS). This server's own sources follow, should the relay fail before it played.
 */
export function withRelay(
  relay: string | null,
  own: readonly StreamSource[],
  hls: HlsSupport,
): StreamSource[] {
  if (!relay) return [...own];
  const isHls = /\.m3u8(\?|$)/.test(relay);
  if (isHls && hls === 'none') return [...own];
  return [{ kind: isHls ? 'hls' : 'http', url: relay }, ...own];
}

/**
 * The source to try after `index` failed: the next one when this one never played (it is
 * probably not there), else the same one again (the stream dropped). `wrapped`: the list is
 * exhausted, so the next try waits (backoff) and starts from the top.
 */
export function nextSourceIndex(
  index: number,
  count: number,
  everPlayed: boolean,
): { index: number; wrapped: boolean } {
  if (everPlayed) return { index, wrapped: true };
  if (index + 1 < count) return { index: index + 1, wrapped: false };
  return { index: 0, wrapped: true };
}
