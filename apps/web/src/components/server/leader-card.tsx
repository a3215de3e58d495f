'use client';
// The playout leader on the server page (issue #21): the server processes on this database, which
// one streams and since when (the `leader` command), and a button that hands the lead over.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useAuth } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { canHandOver, leaderSummary } from './leader-words';
import { REFRESH_MS } from './server-facts';
import styles from './server.module.css';

export function LeaderCard() {
  const trpc = useTRPC();
  const auth = useAuth();
  const leader = useQuery(
    trpc.vss.leader.queryOptions({ args: [] }, { refetchInterval: REFRESH_MS }),
  );
  const handover = useMutation(
    trpc.vss.handover.mutationOptions({ onSettled: () => void leader.refetch() }),
  );
  const nodes = leader.data?.output.nodes;
  return (
    <section className="card" aria-labelledby="leader-h" data-testid="playout-leader">
      <h2 id="leader-h" className={styles.sectionTitle}>
        Playout leader
      </h2>
      {leader.isError ? <ErrorAlert error={leader.error} /> : null}
      {handover.isError ? <ErrorAlert error={handover.error} /> : null}
      {leader.data ? <p data-testid="leader-summary">{leaderSummary(nodes)}</p> : null}
      {nodes && nodes.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="leader-nodes">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((n) => (
                <tr key={n.node}>
                  <td>
                    {n.node}
                    {n.self ? ' (this node)' : ''}
                  </td>
                  <td>{n.leader ? 'leader' : 'standby'}</td>
                  <td>{formatDateTime(n.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canHandOver(nodes) && auth.can('VSS_WRITE') ? (
        <button
          type="button"
          disabled={handover.isPending}
          onClick={() => handover.mutate({ args: [] })}
        >
          Hand the lead over
        </button>
      ) : null}
    </section>
  );
}
