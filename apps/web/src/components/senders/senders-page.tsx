'use client';
// The senders page: one card per sender of the server, with live listener counts
// (senders:status over socket.io) and, for users with VSS_WRITE, its controls.
import { useAuth } from '@/lib/auth';
import { useSenderSummaries } from '@/lib/socket';
import { SenderCard } from './sender-card';
import styles from './senders.module.css';

export function SendersPage() {
  const senders = useSenderSummaries();
  const auth = useAuth();
  const canWrite = auth.can('VSS_WRITE') && auth.can('VSS_READ');
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Senders</h1>
      <p className="muted">
        How the stream leaves the server: http serves listeners who connect, udp sends to targets,
        icecast feeds an Icecast server. Changes last until the server restarts.
      </p>
      {senders === undefined ? (
        <p className="muted">Waiting for the server’s sender list…</p>
      ) : senders.length === 0 ? (
        <p className="muted">This server has no senders.</p>
      ) : (
        senders.map((s) => <SenderCard key={s.name} summary={s} canWrite={canWrite} />)
      )}
    </div>
  );
}
