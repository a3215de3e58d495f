// The current file: cover image (status item image_name), its tags, the play state and the vss
// flags (docs/paraslash/status.md §2.4) in words.
import type { StatusObject } from '@/lib/socket';
import { useImageUrl } from '@/lib/blobs';
import type { PlayState } from './play-clock';
import styles from './now-playing.module.css';

const FLAGS: { letter: string; words: string }[] = [
  { letter: 'P', words: 'playing' },
  { letter: 'O', words: 'stops after this file' },
  { letter: 'N', words: 'between files' },
  { letter: 'R', words: 'jumping' },
];

/** the vss flags (P O N R, '_' when clear) in words: "playing, stops after this file" */
export function flagWords(flags: string): string {
  const set = FLAGS.filter((f, i) => flags[i] === f.letter).map((f) => f.words);
  if (set.length === 0) return flags ? 'not playing' : '—';
  return set[0] === 'playing' ? set.join(', ') : ['not playing', ...set].join(', ');
}

const STATE_TEXT: Record<PlayState, string> = {
  playing: 'Playing',
  paused: 'Paused',
  stopped: 'Stopped',
};

function Cover(props: { name: string | undefined }) {
  const image = useImageUrl(props.name || undefined);
  if (image.data)
    return <img className={styles.cover} src={image.data} alt={`Cover image ${props.name}`} />;
  return (
    <div className={`${styles.cover} ${styles.noCover}`} aria-hidden="true">
      ♪
    </div>
  );
}

export function Track(props: { status: StatusObject | undefined; state: PlayState }) {
  const s = props.status;
  const flags = s?.status_flags ?? '';
  const hasFile = Boolean(s?.path);
  return (
    <div className={styles.track}>
      <Cover name={s?.image_name} />
      <div className={styles.tags}>
        <p className={styles.state}>
          <span
            className={`status ${props.state === 'playing' ? 'status-online' : ''}`}
            data-testid="play-state"
            aria-live="polite"
          >
            {s ? STATE_TEXT[props.state] : 'Waiting for the server…'}
          </span>{' '}
          <span className="muted small" title={`vss status flags ${flags || '—'} (P O N R)`}>
            Stream: <span data-testid="status-flags">{flagWords(flags)}</span>
          </span>
        </p>
        <h2 className={styles.title} data-testid="now-title" aria-live="polite">
          {hasFile ? s?.title || s?.basename : 'Nothing playing'}
        </h2>
        {hasFile ? (
          <dl className={styles.meta}>
            <dt>Artist</dt>
            <dd data-testid="now-artist">{s?.artist || '—'}</dd>
            <dt>Album</dt>
            <dd>{s?.album || '—'}</dd>
            <dt>Year</dt>
            <dd>{s?.year || '—'}</dd>
            <dt>File</dt>
            <dd>
              <code title={s?.path}>{s?.basename}</code>{' '}
              <span className="muted small">
                {[s?.format, s?.bitrate, s?.frequency].filter(Boolean).join(' · ')}
              </span>
            </dd>
          </dl>
        ) : (
          <p className="muted">Press Play to start streaming the next file.</p>
        )}
      </div>
    </div>
  );
}
