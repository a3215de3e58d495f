'use client';
// The relays on the Audience page (issue #21): everyone listening across this server and its
// Icecast relays (`audience now`, asked every 5 s), and each relay's health and listeners.
// Shown only when the server has relays (--relay).
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatTime } from '@/lib/format';
import { useTRPCClient } from '@/lib/trpc';
import styles from './audience.module.css';
import type { Of } from './use-audience';

export function useListenersNow() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ['audience', 'now'],
    queryFn: async () => (await client.vss.audience.query({ args: ['now'] })).output as Of<'now'>,
    refetchInterval: 5_000,
  });
}

export function RelaysCard() {
  const now = useListenersNow();
  const n = now.data;
  if (now.isError) return <ErrorAlert error={now.error} />;
  if (!n || n.relays.length === 0) return null;
  const up = n.relays.filter((r) => r.healthy);
  return (
    <section className="card" aria-labelledby="relays-h">
      <h2 id="relays-h" className={styles.sectionTitle}>
        Across the relays: <span data-testid="listeners-summed">{n.summed}</span> listening
      </h2>
      <p className="muted">
        This server {n.total} (less {up.length} relay connections), relays{' '}
        {up.reduce((s, r) => s + r.listeners, 0)}. New listeners of /listen go to the least loaded
        healthy relay, or to this server when none is healthy.
      </p>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="relays">
          <thead>
            <tr>
              <th scope="col">Relay</th>
              <th scope="col">Stream</th>
              <th scope="col">State</th>
              <th scope="col">Listeners</th>
              <th scope="col">Checked</th>
            </tr>
          </thead>
          <tbody>
            {n.relays.map((r) => (
              <tr key={r.name} data-testid={`relay-${r.name}`}>
                <td>{r.name}</td>
                <td>{r.url}</td>
                <td title={r.error ?? undefined}>
                  {r.healthy === null ? 'not asked yet' : r.healthy ? 'healthy' : 'unhealthy'}
                  {r.error ? <span className="muted">: {r.error}</span> : null}
                </td>
                <td>{r.healthy ? r.listeners : '–'}</td>
                <td>{r.checkedAt ? formatTime(r.checkedAt) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
