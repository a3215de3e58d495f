'use client';
// The Media Session API: the lock screen, the notification and hardware keys show the file the
// listener hears (title, artist, album, cover) and play/pause it (pause = stop: a live stream).
import { useEffect } from 'react';

export interface MediaMeta {
  title: string;
  artist: string;
  album: string;
  /** an absolute or data: URL */
  artwork: string | undefined;
}

export function useMediaSession(
  meta: MediaMeta | undefined,
  playing: boolean,
  controls: { play: () => void; stop: () => void },
): void {
  const { title, artist, album, artwork } = meta ?? {};
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return;
    navigator.mediaSession.metadata =
      title === undefined
        ? null
        : new MediaMetadata({
            title,
            artist: artist ?? '',
            album: album ?? '',
            artwork: artwork ? [{ src: artwork }] : [],
          });
  }, [title, artist, album, artwork]);
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return;
    navigator.mediaSession.playbackState = playing ? 'playing' : 'paused';
  }, [playing]);
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('mediaSession' in navigator)) return;
    const session = navigator.mediaSession;
    session.setActionHandler('play', controls.play);
    session.setActionHandler('pause', controls.stop);
    session.setActionHandler('stop', controls.stop);
    return () => {
      for (const action of ['play', 'pause', 'stop'] as const)
        session.setActionHandler(action, null);
    };
  }, [controls.play, controls.stop]);
}
