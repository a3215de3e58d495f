'use client';
// HLS in the <audio> element: Safari and iOS play it natively; elsewhere hls.js (npm hls.js)
// feeds it through Media Source Extensions. Loaded on demand, so pages that never play HLS do not
// carry it; the player starts the download when it mounts, before anyone presses Play.
import type Hls from 'hls.js';
import type { HlsSupport } from '@/lib/stream-sources';

let loading: Promise<typeof Hls> | undefined;

/** hls.js, loaded once per tab */
export function loadHls(): Promise<typeof Hls> {
  loading ??= import('hls.js').then((m) => m.default);
  return loading;
}

/** native first: where the element plays HLS itself, hls.js is not needed (and worse on iOS) */
export function hlsSupport(): HlsSupport {
  if (typeof window === 'undefined') return 'none';
  const audio = document.createElement('audio');
  if (audio.canPlayType('application/vnd.apple.mpegurl') !== '') return 'native';
  return 'MediaSource' in window || 'ManagedMediaSource' in window ? 'hlsjs' : 'none';
}

export interface HlsHandle {
  /** the server's clock (ms) of the audio at the playhead (EXT-X-PROGRAM-DATE-TIME), if known */
  playingDate(): number | undefined;
  destroy(): void;
}

/**
 * Plays `url` through hls.js in `audio`; `onFatal` hears an error hls.js cannot recover from.
 * Rejects when there is no playlist at `url`.
 */
export async function attachHls(
  audio: HTMLMediaElement,
  url: string,
  onFatal: (why: string) => void,
): Promise<HlsHandle> {
  // Look first: a server without HLS may answer any path with its audio stream (the HTTP
  // sender does), which hls.js would wait on until its timeout; one look falls back at once.
  const [HlsClass, res] = await Promise.all([loadHls(), fetch(url, { cache: 'no-store' })]);
  const type = res.headers.get('content-type') ?? '';
  void res.body?.cancel().catch(() => {});
  if (!res.ok || !/mpegurl/i.test(type))
    throw new Error(`HLS: no playlist at ${url} (${res.status} ${type || 'no type'})`);
  const hls = new HlsClass({
    // a radio: start near the live edge, keep little behind the playhead
    backBufferLength: 30,
    // a missing playlist (no HLS on this server) should fail fast and fall back
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 5_000,
        maxLoadTimeMs: 10_000,
        timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 0, retryDelayMs: 500, maxRetryDelayMs: 500 },
      },
    },
  });
  hls.on(HlsClass.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal(`HLS: ${data.details}`);
  });
  hls.loadSource(url);
  hls.attachMedia(audio);
  return {
    playingDate: () => hls.playingDate?.getTime() ?? undefined,
    destroy: () => hls.destroy(),
  };
}

/** Safari's native HLS: the program date of the playhead, from the element itself */
export function nativeProgramDate(audio: HTMLMediaElement): number | undefined {
  const withDate = audio as HTMLMediaElement & { getStartDate?: () => Date };
  const start = withDate.getStartDate?.().getTime();
  return start === undefined || Number.isNaN(start) ? undefined : start + audio.currentTime * 1000;
}
