// The live mounts the configuration asks for (--http-no-live-mp3, --http-live-aac,
// --http-live-opus and their bitrates, --http-live-rate, --http-live-channels).
import type { Config } from '../../config.js';
import type { MountCodec, MountProfile } from './types.js';

export type MountConfig = Pick<
  Config,
  | 'httpNoLiveMp3'
  | 'httpLiveAac'
  | 'httpLiveOpus'
  | 'httpLiveMp3Bitrate'
  | 'httpLiveAacBitrate'
  | 'httpLiveOpusBitrate'
  | 'httpLiveRate'
  | 'httpLiveChannels'
>;

/** The mounts switched on, in the order mp3, aac, opus. */
export function mountProfiles(c: MountConfig): MountProfile[] {
  const out: MountProfile[] = [];
  const channels = c.httpLiveChannels;
  if (!c.httpNoLiveMp3)
    out.push({ codec: 'mp3', bitrate: c.httpLiveMp3Bitrate, frequency: c.httpLiveRate, channels });
  if (c.httpLiveAac)
    out.push({ codec: 'aac', bitrate: c.httpLiveAacBitrate, frequency: c.httpLiveRate, channels });
  if (c.httpLiveOpus)
    out.push({ codec: 'opus', bitrate: c.httpLiveOpusBitrate, frequency: 48000, channels });
  return out;
}

/** The path a mount is served on: /live.mp3, /live.aac, /live.opus */
export function mountPath(codec: MountCodec): string {
  return `/live.${codec}`;
}

/** The mount a request path names (query ignored), or undefined. */
/** a path of a live mount's form (/live.<extension>), known or not */
export function isMountLike(path: string): boolean {
  return /^\/live\.[^/]*$/.test(path.split('?')[0] ?? '');
}

export const MOUNTS_KNOWN = 'the live mounts are /live.mp3, /live.aac and /live.opus';

export function mountOfPath(path: string): MountCodec | undefined {
  const p = path.split('?')[0];
  if (p === '/live.mp3') return 'mp3';
  if (p === '/live.aac') return 'aac';
  if (p === '/live.opus') return 'opus';
  return undefined;
}
