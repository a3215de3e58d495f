'use client';
// The last plays of the station with their start times (in the reader's locale), newest first.
import type { PublicPlay } from '@paraweb/server/station';
import styles from './station.module.css';

export function RecentPlays(props: {
  plays: readonly PublicPlay[];
  skewMs: number;
  apiUrl: string;
}) {
  if (props.plays.length === 0) return <p className="muted">Nothing played yet.</p>;
  return (
    <ol className={styles.recent} data-testid="recent-plays">
      {props.plays.map((p) => (
        <li key={p.startedAt}>
          <time dateTime={new Date(p.startedAt).toISOString()} className="small muted">
            {new Date(p.startedAt - props.skewMs).toLocaleTimeString([], {
              hour: '2-digit',
              minute: '2-digit',
            })}
          </time>
          {p.cover ? (
            <img src={`${props.apiUrl}${p.cover}`} alt="" width={40} height={40} loading="lazy" />
          ) : (
            <span className={styles.noCover} aria-hidden="true">
              ♪
            </span>
          )}
          <span className={styles.recentText}>
            <strong>{p.title || 'Untitled'}</strong>
            <span className="small muted">{[p.artist, p.album].filter(Boolean).join(' · ')}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
