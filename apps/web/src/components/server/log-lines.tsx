'use client';
// The newest lines of the server's log (server.log, needs VSS_READ), newest first, refreshed
// every few seconds.
import { useQuery } from '@tanstack/react-query';
import { useAuth } from '@/lib/auth';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { REFRESH_MS } from './server-facts';
import styles from './server.module.css';
import { formatTime } from '@/lib/format';

const LEVEL_CLASS: Record<string, string | undefined> = {
  warn: styles.warn,
  error: styles.error,
  fatal: styles.error,
};

export function LogLines() {
  const trpc = useTRPC();
  const auth = useAuth();
  const allowed = auth.can('VSS_READ');
  const log = useQuery({
    ...trpc.server.log.queryOptions(undefined, { refetchInterval: REFRESH_MS }),
    enabled: allowed,
  });
  const lines = log.data ? [...log.data.lines].reverse() : [];
  return (
    <section className="card" aria-labelledby="log-h">
      <h2 id="log-h" className={styles.sectionTitle}>
        Recent log lines
      </h2>
      {!allowed ? (
        <p className="muted">Your user may not read the server log (needs VSS_READ).</p>
      ) : null}
      {log.isError ? <ErrorAlert error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.data ? (
        <p className="muted small">
          The last {log.data.capacity} lines the server logged at its log level, newest first.
        </p>
      ) : null}
      {log.data && lines.length === 0 ? <p className="muted">Nothing logged yet.</p> : null}
      {lines.length > 0 ? (
        <ol className={styles.log} data-testid="log-lines" reversed>
          {lines.map((l) => (
            <li key={l.seq} className={LEVEL_CLASS[l.level]}>
              <time dateTime={l.time} className="muted">
                {formatTime(l.time)}
              </time>{' '}
              <span className={styles.level}>{l.level}</span> {l.msg}
              {l.details ? <code className={styles.details}>{l.details}</code> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
