'use client';
// Now playing, the home page: the current file live (status pushed over socket.io), the position,
// the transport controls, the next files the server would choose, and the server in one line.
import { useVssStatus } from '@/lib/socket';
import { stateOf } from './play-clock';
import { Progress } from './progress';
import { ServerLine } from './server-line';
import { Track } from './track';
import { Transport } from './transport';
import { Upcoming } from './upcoming';
import { usePlayClock } from './use-play-clock';
import styles from './now-playing.module.css';
import { modeWords } from './upcoming-words';

export function NowPlaying() {
  const status = useVssStatus();
  const { clock, position } = usePlayClock();
  const state = stateOf(status);
  const hasFile = Boolean(status?.path);
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Now playing</h1>
      <section className={`card ${styles.now}`} aria-label="Current file">
        <Track status={status} state={state} />
        <Progress position={position} total={clock?.total ?? 0} hasFile={hasFile} />
        <Transport state={state} hasFile={hasFile} />
        {status?.afs_mode ? (
          <p className="muted small">
            Selecting from <code>{status.afs_mode}</code> ({modeWords(status.afs_mode)})
          </p>
        ) : null}
      </section>
      <Upcoming currentPath={status?.path} mode={status?.afs_mode} />
      <ServerLine />
    </div>
  );
}
