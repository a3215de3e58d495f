'use client';
// Drives the <audio> element that plays the HTTP stream: play/stop, volume, and reconnection with
// backoff when the stream drops (server restart, `sender http off`, stop, end of a FLAC file).
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type RefObject,
} from 'react';
import { freshStreamUrl, newListenId, reconnectDelayMs } from '@/lib/stream-url';

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
  url: string | undefined,
  /** the server streams now (status playing): a silent connection is then a dead one */
  serverPlaying: boolean,
): StreamPlayer {
  const [phase, setPhase] = useState<PlayerPhase>('stopped');
  const [attempt, setAttempt] = useState(0);
  const [lastError, setLastError] = useState<string>();
  const [connectedAt, setConnectedAt] = useState<number>();
  const [listenId, setListenId] = useState<string>();
  const volume = useSyncExternalStore(volumeStore.subscribe, volumeStore.get, () => DEFAULT_VOLUME);
  const wanted = useRef(false);
  const attemptRef = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const progress = useRef({ time: 0, at: 0 });
  const serverPlayingRef = useRef(serverPlaying);
  useEffect(() => {
    serverPlayingRef.current = serverPlaying;
  }, [serverPlaying]);

  const connect = useCallback(() => {
    const audio = audioRef.current;
    if (!audio || !url || !wanted.current) return;
    clearTimeout(retryTimer.current);
    setConnectedAt(undefined);
    setPhase(attemptRef.current === 0 ? 'connecting' : 'reconnecting');
    progress.current = { time: 0, at: Date.now() };
    const id = newListenId(attemptRef.current);
    setListenId(id);
    audio.src = freshStreamUrl(url, id);
    audio.play().catch((err: unknown) => {
      // NotAllowedError: autoplay refused without a gesture; AbortError: a newer src replaced it
      if (err instanceof DOMException && err.name === 'NotAllowedError') setPhase('blocked');
    });
  }, [audioRef, url]);

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

  const play = useCallback(() => {
    wanted.current = true;
    attemptRef.current = 0;
    setAttempt(0);
    setLastError(undefined);
    connect();
  }, [connect]);

  const stop = useCallback(() => {
    wanted.current = false;
    clearTimeout(retryTimer.current);
    const audio = audioRef.current;
    if (audio) {
      audio.pause();
      // a live stream cannot be paused: drop the connection, play joins it anew
      audio.removeAttribute('src');
      audio.load();
    }
    setConnectedAt(undefined);
    setPhase('stopped');
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
        attemptRef.current = 0;
        setAttempt(0);
        setLastError(undefined);
        setPhase('playing');
      },
      waiting: () => {
        if (active()) setPhase('buffering');
      },
      error: () => {
        if (active()) retry(mediaError(audio));
      },
      ended: () => {
        if (active()) retry('the stream ended');
      },
    };
    for (const [name, fn] of Object.entries(on)) audio.addEventListener(name, fn);
    // `stalled` fires too while the server is paused; only a silence while it streams counts
    const watchdog = setInterval(() => {
      const now = Date.now();
      if (!active() || !serverPlayingRef.current || audio.currentTime !== progress.current.time)
        progress.current = { time: audio.currentTime, at: now };
      else if (now - progress.current.at > WATCHDOG_MS) retry('no audio arrived for a while');
    }, 1_000);
    return () => {
      for (const [name, fn] of Object.entries(on)) audio.removeEventListener(name, fn);
      clearInterval(watchdog);
    };
  }, [audioRef, retry]);

  // leaving the page ends the connection and any pending retry
  useEffect(() => () => stop(), [stop]);

  return { phase, attempt, lastError, connectedAt, listenId, volume, setVolume, play, stop };
}
