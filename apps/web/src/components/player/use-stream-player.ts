'use client';
// Drives the <audio> element that plays the stream: play/stop, volume, the fallback from one
// source to the next (HLS, /live.mp3, /: lib/stream-sources.ts), and reconnection with backoff
// when the stream drops (server restart, `sender http off`, stop, end of a FLAC file).
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type RefObject,
} from 'react';
import { nextSourceIndex, type StreamSource } from '@/lib/stream-sources';
import { freshStreamUrl, newListenId, reconnectDelayMs } from '@/lib/stream-url';
import {
  attachHls,
  dropPreparedHls,
  hlsSupport,
  loadHls,
  nativeProgramDate,
  prepareHls,
  probePlaylist,
  type HlsHandle,
} from './hls-attach';

export type PlayerPhase =
  'stopped' | 'connecting' | 'buffering' | 'playing' | 'reconnecting' | 'blocked';

/** no progress for this long while the server streams: the connection is taken to be dead */
const WATCHDOG_MS = 15_000;
const VOLUME_KEY = 'paraweb.player.volume';

export interface StreamPlayer {
  phase: PlayerPhase;
  /** reconnection attempts since the last time audio played */
  attempt: number;
  /** why the last connection failed, for the screen */
  lastError: string | undefined;
  /** local time (ms) the current connection's first data arrived; undefined before */
  connectedAt: number | undefined;
  /** the current connection's `?listen=` id (status.burst tells what it got at once) */
  listenId: string | undefined;
  /** the source being played (or tried) */
  source: StreamSource | undefined;
  /** HLS: the server clock (ms) of the audio at the playhead; undefined for other sources */
  programDate: () => number | undefined;
  volume: number;
  setVolume: (v: number) => void;
  play: () => void;
  stop: () => void;
}

const DEFAULT_VOLUME = 0.8;

/** The volume of the tab's players, remembered in localStorage where the browser allows it. */
const volumeStore = {
  value: undefined as number | undefined,
  listeners: new Set<() => void>(),
  get: (): number => {
    if (volumeStore.value === undefined) {
      let saved = NaN;
      try {
        saved = Number(localStorage.getItem(VOLUME_KEY) ?? 'NaN');
      } catch {
        // storage disabled: the default
      }
      volumeStore.value =
        Number.isFinite(saved) && saved >= 0 && saved <= 1 ? saved : DEFAULT_VOLUME;
    }
    return volumeStore.value;
  },
  set: (v: number): void => {
    volumeStore.value = v;
    try {
      localStorage.setItem(VOLUME_KEY, String(v));
    } catch {
      // private mode: the volume is just not remembered
    }
    for (const notify of volumeStore.listeners) notify();
  },
  subscribe: (notify: () => void): (() => void) => {
    volumeStore.listeners.add(notify);
    return () => volumeStore.listeners.delete(notify);
  },
};

function mediaError(audio: HTMLAudioElement): string {
  const code = audio.error?.code;
  if (code === 2) return 'network error';
  if (code === 3) return 'the stream could not be decoded';
  if (code === 4) return 'the stream is not reachable or not playable';
  return 'the stream ended';
}

export function useStreamPlayer(
  audioRef: RefObject<HTMLAudioElement | null>,
  /** best first; the player falls back down the list (lib/stream-sources.ts) */
  sources: readonly StreamSource[] | undefined,
  /** the server streams now (status playing): a silent connection is then a dead one */
  serverPlaying: boolean,
  /** a source that had played dropped (a relay died: the page may name another in `sources`;
   * the reconnection takes the sources as they are when it starts, from the first) */
  onLost?: (source: StreamSource) => void,
): StreamPlayer {
  const [phase, setPhase] = useState<PlayerPhase>('stopped');
  const [attempt, setAttempt] = useState(0);
  const [lastError, setLastError] = useState<string>();
  const [connectedAt, setConnectedAt] = useState<number>();
  const [listenId, setListenId] = useState<string>();
  const [source, setSource] = useState<StreamSource>();
  const volume = useSyncExternalStore(volumeStore.subscribe, volumeStore.get, () => DEFAULT_VOLUME);
  const wanted = useRef(false);
  const attemptRef = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const progress = useRef({ time: 0, at: 0 });
  const serverPlayingRef = useRef(serverPlaying);
  const sourceIndex = useRef(0);
  /** the sources as they are now: a reconnection scheduled earlier takes the newest */
  const sourcesRef = useRef(sources);
  const onLostRef = useRef(onLost);
  /** the current source reached `playing` since it was (re)connected */
  const played = useRef(false);
  const hls = useRef<HlsHandle>(undefined);
  /** fail(), for hls.js callbacks made before the newest fail() existed */
  const failRef = useRef<(why: string) => void>(() => undefined);
  /** bumped on every (re)connect and stop: a late hls.js attach of an older one is dropped */
  const generation = useRef(0);
  useEffect(() => {
    serverPlayingRef.current = serverPlaying;
  }, [serverPlaying]);
  useEffect(() => {
    onLostRef.current = onLost;
  }, [onLost]);
  useEffect(() => {
    if (sourcesRef.current === sources) return;
    sourcesRef.current = sources;
    // new sources (another relay): the next connection starts from the first
    sourceIndex.current = 0;
  }, [sources]);
  const hlsUrl = sources?.find((s) => s.kind === 'hls')?.url;
  useEffect(() => {
    // fetch hls.js, look for the playlist and make the hls.js instance while the page is read,
    // so Play waits for none of them
    if (hlsUrl === undefined) return;
    const viaHlsJs = hlsSupport() === 'hlsjs';
    if (viaHlsJs) void loadHls();
    let gone = false;
    probePlaylist(hlsUrl).then(
      (ok) => ok && viaHlsJs && !gone && prepareHls(hlsUrl),
      () => {},
    );
    return () => {
      gone = true;
      dropPreparedHls(hlsUrl);
    };
  }, [hlsUrl]);

  const detach = useCallback(() => {
    generation.current += 1;
    hls.current?.destroy();
    hls.current = undefined;
  }, []);

  const connect = useCallback(() => {
    const audio = audioRef.current;
    const list = sourcesRef.current;
    const src = list?.[sourceIndex.current] ?? list?.[0];
    if (!audio || !src || !wanted.current) return;
    clearTimeout(retryTimer.current);
    detach();
    const gen = generation.current;
    played.current = false;
    setConnectedAt(undefined);
    setSource(src);
    setPhase(attemptRef.current === 0 ? 'connecting' : 'reconnecting');
    progress.current = { time: 0, at: Date.now() };
    const id = newListenId(attemptRef.current);
    setListenId(src.kind === 'http' ? id : undefined);
    const start = (): void => {
      audio.play().catch((err: unknown) => {
        // NotAllowedError: autoplay refused without a gesture; AbortError: a newer src replaced it
        if (err instanceof DOMException && err.name === 'NotAllowedError') setPhase('blocked');
      });
    };
    if (src.kind === 'hls') {
      const failed = (err: unknown): void => {
        if (gen === generation.current) failRef.current(String(err));
      };
      // the first try uses the answer asked for when the player showed; a reconnection asks again
      void probePlaylist(src.url, attemptRef.current > 0).then(async (ok) => {
        if (gen !== generation.current) return;
        if (!ok) return failed(`HLS: no playlist at ${src.url}`);
        if (hlsSupport() === 'native') {
          audio.src = src.url;
          return start();
        }
        const h = await attachHls(audio, src.url, failed);
        if (gen !== generation.current) return h.destroy();
        hls.current = h;
        start();
      }, failed);
      return;
    }
    // a fresh query per connection: the browser never replays what it cached for the old one
    audio.src = src.kind === 'http' ? freshStreamUrl(src.url, id) : src.url;
    start();
  }, [audioRef, detach]);

  const retry = useCallback(
    (why: string) => {
      if (!wanted.current) return;
      clearTimeout(retryTimer.current);
      setLastError(why);
      attemptRef.current += 1;
      setAttempt(attemptRef.current);
      setPhase('reconnecting');
      setConnectedAt(undefined);
      retryTimer.current = setTimeout(connect, reconnectDelayMs(attemptRef.current));
    },
    [connect],
  );

  /** a source failed: the next one at once if this one never played, else a retry with backoff */
  const fail = useCallback(
    (why: string) => {
      if (!wanted.current) return;
      const list = sourcesRef.current;
      const lost = played.current ? list?.[sourceIndex.current] : undefined;
      if (lost) onLostRef.current?.(lost);
      const next = nextSourceIndex(sourceIndex.current, list?.length ?? 1, played.current);
      sourceIndex.current = next.index;
      if (next.wrapped) return retry(why);
      setLastError(why);
      clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(connect, 0);
    },
    [retry, connect],
  );
  useEffect(() => {
    failRef.current = fail;
  }, [fail]);

  const play = useCallback(() => {
    wanted.current = true;
    attemptRef.current = 0;
    sourceIndex.current = 0;
    setAttempt(0);
    setLastError(undefined);
    connect();
  }, [connect]);

  const stop = useCallback(() => {
    wanted.current = false;
    clearTimeout(retryTimer.current);
    detach();
    const audio = audioRef.current;
    if (audio) {
      audio.pause();
      // a live stream cannot be paused: drop the connection, play joins it anew
      audio.removeAttribute('src');
      audio.load();
    }
    setConnectedAt(undefined);
    setPhase('stopped');
  }, [audioRef, detach]);

  const programDate = useCallback((): number | undefined => {
    const audio = audioRef.current;
    if (hls.current) return hls.current.playingDate();
    return audio && audio.src.includes('.m3u8') ? nativeProgramDate(audio) : undefined;
  }, [audioRef]);

  const setVolume = useCallback((v: number) => volumeStore.set(Math.max(0, Math.min(1, v))), []);

  useEffect(() => {
    if (audioRef.current) audioRef.current.volume = volume;
  }, [audioRef, volume]);

  useEffect(() => {
    const audio = audioRef.current;
    if (!audio) return;
    const active = () => wanted.current && audio.hasAttribute('src');
    const on: Record<string, () => void> = {
      loadedmetadata: () => {
        if (active()) setConnectedAt(Date.now());
      },
      playing: () => {
        if (!active()) return;
        played.current = true;
        attemptRef.current = 0;
        setAttempt(0);
        setLastError(undefined);
        setPhase('playing');
      },
      waiting: () => {
        if (active()) setPhase('buffering');
      },
      error: () => {
        // with hls.js the element's errors come through its own handler
        if (active() && !hls.current) fail(mediaError(audio));
      },
      ended: () => {
        if (active()) fail('the stream ended');
      },
    };
    for (const [name, fn] of Object.entries(on)) audio.addEventListener(name, fn);
    // `stalled` fires too while the server is paused; only a silence while it streams counts
    const watchdog = setInterval(() => {
      const now = Date.now();
      if (!active() || !serverPlayingRef.current || audio.currentTime !== progress.current.time)
        progress.current = { time: audio.currentTime, at: now };
      else if (now - progress.current.at > WATCHDOG_MS) fail('no audio arrived for a while');
    }, 1_000);
    return () => {
      for (const [name, fn] of Object.entries(on)) audio.removeEventListener(name, fn);
      clearInterval(watchdog);
    };
  }, [audioRef, fail]);

  // leaving the page ends the connection and any pending retry
  useEffect(() => () => stop(), [stop]);

  return {
    phase,
    attempt,
    lastError,
    connectedAt,
    listenId,
    source,
    programDate,
    volume,
    setVolume,
    play,
    stop,
  };
}
