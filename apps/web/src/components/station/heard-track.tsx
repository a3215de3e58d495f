'use client';
// The file the public listener hears: cover, title, artist, album and live progress.
import type { PublicNowPlaying } from '@paraweb/server/station';
import type { StatusObject } from '@paraweb/server/socket-events';
import { useEffect, useState } from 'react';
import { formatSeconds } from '@/components/now-playing/play-clock';
import { playOfStatus, positionAt } from '@/lib/station-feed';
import styles from './station.module.css';

/** Date.now(), again every `ms` (the progress moves while nobody listens too) */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function HeardTrack(props: {
  view: PublicNowPlaying | undefined;
  heard: StatusObject | undefined;
  /** local time of the audio at the playhead (now - lag) */
  playhead: number;
  listening: boolean;
  skewMs: number;
  apiUrl: string;
  compact?: boolean;
}) {
  const now = useNow(1_000);
  const play = playOfStatus(props.view, props.heard);
  const playhead = props.listening ? props.playhead : now;
  const position = play ? positionAt(play.startedAt, play.duration, playhead, props.skewMs) : 0;
  const title = play ? play.title || 'Untitled' : 'Nothing is playing';
  return (
    <div className={props.compact ? styles.trackCompact : styles.track}>
      <div className={styles.cover}>
        {play?.cover ? (
          <img src={`${props.apiUrl}${play.cover}`} alt={`Cover of ${play.album || title}`} />
        ) : (
          <span aria-hidden="true">♪</span>
        )}
      </div>
      <div className={styles.tags}>
        <h2 className={styles.title} data-testid="player-title">
          {title}
        </h2>
        {play ? (
          <>
            <p className={styles.artist} data-testid="player-artist">
              {play.artist || 'Unknown artist'}
            </p>
            {play.album && !props.compact ? (
              <p className="muted" data-testid="player-album">
                {play.album}
              </p>
            ) : null}
            {play.duration > 0 ? (
              <div className={styles.progress}>
                <progress
                  max={play.duration}
                  value={position}
                  aria-label="Progress"
                  data-testid="player-progress"
                />
                <span className="small muted">
                  {formatSeconds(position)} / {formatSeconds(play.duration)}
                </span>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
