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

/**
 * Safari and iOS play HLS natively, which works best there; other browsers that answer
 * canPlayType for HLS (recent Chromium) get hls.js where Media Source Extensions exist, because
 * hls.js tells the program date of the playhead (titles in step with the audio).
 */
export function hlsSupport(): HlsSupport {
  if (typeof window === 'undefined') return 'none';
  const native =
    document.createElement('audio').canPlayType('application/vnd.apple.mpegurl') !== '';
  if (native && /Apple/.test(navigator.vendor)) return 'native';
  if ('MediaSource' in window || 'ManagedMediaSource' in window) return 'hlsjs';
  return native ? 'native' : 'none';
}

/**
 * Whether `url` is an HLS playlist. Looked at before playing: a server without HLS may answer
 * any path with its audio stream (the HTTP sender does), on which hls.js would wait until its
 * timeout and a native player would buffer forever; one look falls back at once.
 */
export async function isPlaylist(url: string): Promise<boolean> {
  const res = await fetch(url, { cache: 'no-store' });
  void res.body?.cancel().catch(() => {});
  return res.ok && /mpegurl/i.test(res.headers.get('content-type') ?? '');
}

/** answers of isPlaylist, by URL: asked when the player shows, used when Play is pressed */
const probes = new Map<string, { at: number; ok: Promise<boolean> }>();
/** an answer older than this is asked again (the server may have turned HLS on or off) */
const PROBE_KEEP_MS = 30_000;

/**
 * isPlaylist, remembered for a while: the player asks as soon as it knows its sources, so Play
 * does not wait for the answer (one round trip less before the first sound). `fresh`: ask again
 * (a reconnection).
 */
export function probePlaylist(url: string, fresh = false): Promise<boolean> {
  const known = probes.get(url);
  if (!fresh && known && Date.now() - known.at < PROBE_KEEP_MS) return known.ok;
  const ok = isPlaylist(url);
  probes.set(url, { at: Date.now(), ok });
  // a failed look is not remembered
  ok.catch(() => probes.delete(url));
  return ok;
}

export interface HlsHandle {
  /** the server's clock (ms) of the audio at the playhead (EXT-X-PROGRAM-DATE-TIME), if known */
  playingDate(): number | undefined;
  destroy(): void;
}

/** hls.js for a radio: near the live edge, little kept behind, a missing playlist fails fast */
function makeHls(HlsClass: typeof Hls, autoStartLoad: boolean): Hls {
  return new HlsClass({
    autoStartLoad,
    backBufferLength: 30,
    // after a failover the new leader may reuse the number of a segment the old one listed but
    // nobody fetched (it went on after the last one served: docs/hls.md), now after a
    // discontinuity; hls.js would stop on that mismatch (levelParsingError, fatal) where every
    // other player just goes on with the new playlist
    ignorePlaylistParsingErrors: true,
    // a missing playlist (no HLS on this server) should fail fast and fall back
    manifestLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 5_000,
        maxLoadTimeMs: 10_000,
        timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 0, retryDelayMs: 500, maxRetryDelayMs: 500 },
      },
    },
    // a segment answered 503 (a takeover: the new leader cuts it in a second or two; the server
    // says Retry-After: 1) is asked for again every second, not after 1, 2, 4, 8 s (hls.js's
    // default backoff left the player waiting up to 3 s after the segment was there)
    fragLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: 10_000,
        maxLoadTimeMs: 120_000,
        timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: { maxNumRetry: 10, retryDelayMs: 1_000, maxRetryDelayMs: 1_000 },
      },
    },
  });
}

/**
 * An hls.js instance made while the page is read: its worker started and the multivariant
 * playlist read, nothing more (no media playlist, no segment: not a listener yet). The first
 * attachHls for its URL takes it, so Play waits for neither (bench/hls-listen.bench.mjs).
 */
interface Prepared {
  url: string;
  hls: Promise<Hls | undefined>;
  /** handed to attachHls: from then on its errors are the player's */
  taken: boolean;
}
let prepared: Prepared | undefined;

/** Makes the instance ahead for `url` (once per URL; a failed one is forgotten). */
export function prepareHls(url: string): void {
  if (prepared?.url === url) return;
  void takePrepared()?.then((h) => h?.destroy());
  const entry: Prepared = { url, hls: Promise.resolve(undefined), taken: false };
  const forget = (): undefined => {
    if (prepared === entry) prepared = undefined;
    return undefined;
  };
  entry.hls = loadHls().then((HlsClass) => {
    const h = makeHls(HlsClass, false);
    h.on(HlsClass.Events.ERROR, (_event, data) => {
      // a broken one is not handed out: Play makes a fresh one and sees the error itself
      if (!data.fatal || entry.taken) return;
      forget();
      h.destroy();
    });
    h.loadSource(url);
    return h;
  }, forget);
  prepared = entry;
}

/** The player is gone before Play: the instance made ahead for `url` goes too. */
export function dropPreparedHls(url: string): void {
  void takePrepared(url)?.then((h) => h?.destroy());
}

/** The instance made ahead (for `url`, if given), taken out of reach of the next caller. */
function takePrepared(url?: string): Promise<Hls | undefined> | undefined {
  if (!prepared || (url !== undefined && prepared.url !== url)) return undefined;
  const entry = prepared;
  prepared = undefined;
  entry.taken = true;
  return entry.hls;
}

/**
 * Plays `url` through hls.js in `audio`; `onFatal` hears an error hls.js cannot recover from.
 */
export async function attachHls(
  audio: HTMLMediaElement,
  url: string,
  onFatal: (why: string) => void,
): Promise<HlsHandle> {
  const HlsClass = await loadHls();
  const ready = await takePrepared(url);
  const hls = ready ?? makeHls(HlsClass, true);
  hls.on(HlsClass.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal(`HLS: ${data.details}`);
  });
  if (ready) {
    hls.attachMedia(audio);
    hls.startLoad(-1);
  } else {
    hls.loadSource(url);
    hls.attachMedia(audio);
  }
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
