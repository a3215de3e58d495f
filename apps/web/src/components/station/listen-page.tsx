'use client';
// /listen: the public station, no login. The station (name, description, artwork), the player
// with the file the listener hears, and the last plays. Phone width first.
import { useApiUrl } from '@/app/providers';
import { RequestPanel } from '@/components/requests/request-panel';
import { RecentPlays } from './recent-plays';
import { StationPlayer } from './station-player';
import { useStationFeed } from './use-station-feed';
import styles from './station.module.css';

export function ListenPage() {
  const apiUrl = useApiUrl();
  const feed = useStationFeed(apiUrl);
  const { view } = feed;
  return (
    <main className={styles.listen} id="main">
      <header className={styles.station}>
        {view?.station.artwork ? (
          <img
            className={styles.artwork}
            src={`${apiUrl}${view.station.artwork}`}
            alt=""
            width={72}
            height={72}
          />
        ) : null}
        <div>
          <h1 data-testid="station-name">{view?.station.name ?? 'Radio'}</h1>
          {view?.station.description ? (
            <p className="muted" data-testid="station-description">
              {view.station.description}
            </p>
          ) : null}
        </div>
      </header>
      {feed.error ? (
        <p className="alert" role="alert">
          {feed.error}
        </p>
      ) : null}
      <section className={`card ${styles.playerCard}`} aria-label="Now playing">
        <StationPlayer feed={feed} />
        {view?.listeners !== undefined ? (
          <p className="small muted" data-testid="listeners">
            {view.listeners} listening now
          </p>
        ) : null}
        {view?.next ? (
          <p className="small" data-testid="next-track">
            Next on the station: {view.next.title || 'Untitled'}
            {view.next.artist ? ` · ${view.next.artist}` : ''}
          </p>
        ) : null}
      </section>
      <RequestPanel apiUrl={apiUrl} skewMs={feed.status.skewMs} />
      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recently played</h2>
        <RecentPlays plays={view?.recent ?? []} skewMs={feed.status.skewMs} apiUrl={apiUrl} />
      </section>
    </main>
  );
}
