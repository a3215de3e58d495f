'use client';
// What the listener hears: cover, title, artist, album and lyrics of the file at the playhead.
import type { StatusObject } from '@paraweb/server/socket-events';
import { useImageUrl, useLyrics } from '@/lib/blobs';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './player.module.css';

export function NowPlaying(props: { status: StatusObject | undefined }) {
  const s = props.status;
  const playing = Boolean(s?.path) && s?.status !== 'stopped';
  const image = useImageUrl(playing ? s?.image_name || undefined : undefined);
  const lyrics = useLyrics(playing ? s?.lyrics_name || undefined : undefined);
  const title = playing ? s?.title || s?.basename || 'Untitled' : 'Nothing is playing';
  return (
    <div className={styles.nowPlaying}>
      <div className={styles.cover}>
        {image.data ? (
          // a data: URL from the blob table; next/image cannot optimise those
          <img src={image.data} alt={`Cover of ${s?.album || title}`} />
        ) : (
          <span aria-hidden="true" className={styles.coverPlaceholder}>
            ♪
          </span>
        )}
      </div>
      <div className={styles.tags}>
        <h2 className={styles.title} data-testid="player-title">
          {title}
        </h2>
        {playing ? (
          <dl className={styles.meta}>
            <dt>Artist</dt>
            <dd data-testid="player-artist">{s?.artist || 'unknown'}</dd>
            <dt>Album</dt>
            <dd data-testid="player-album">{s?.album || 'unknown'}</dd>
            {s?.status === 'paused' ? (
              <>
                <dt>Server</dt>
                <dd>paused</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {image.isError ? <ErrorAlert title="Cover not shown" error={image.error} /> : null}
      </div>
      {lyrics.data ? (
        <section className={styles.lyrics} aria-labelledby="player-lyrics">
          <h3 id="player-lyrics">Lyrics</h3>
          <pre>{lyrics.data}</pre>
        </section>
      ) : lyrics.isError ? (
        <ErrorAlert title="Lyrics not shown" error={lyrics.error} />
      ) : null}
    </div>
  );
}
