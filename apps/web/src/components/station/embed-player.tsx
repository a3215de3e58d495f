'use client';
// /embed: the small player for an <iframe> on another site: the file heard, play/stop, volume,
// and a link to the whole station.
import { useApiUrl } from '@/app/providers';
import { StationPlayer } from './station-player';
import { useStationFeed } from './use-station-feed';
import styles from './station.module.css';

export function EmbedPlayer() {
  const apiUrl = useApiUrl();
  const feed = useStationFeed(apiUrl);
  return (
    <main className={styles.embed} id="main">
      <StationPlayer feed={feed} compact>
        <p className="small">
          <a href="/listen" target="_blank" rel="noopener">
            {feed.view?.station.name ?? 'The station'}
          </a>
          {feed.error ? <span className="muted"> — {feed.error}</span> : null}
        </p>
      </StationPlayer>
    </main>
  );
}
