'use client';
// The users of the user list (users.list) and their permission bits; the caller is marked.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './users.module.css';

export function UserList() {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  return (
    <section className="card" aria-labelledby="user-list-h">
      <h2 id="user-list-h">Users of the user list</h2>
      <p className="muted small">
        Set on the server: the user list file (<code>--user-list</code>) and passwords with{' '}
        <code>para_webuser</code>.
      </p>
      {users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : null}
      {users.isPending ? <p className="muted">Loading…</p> : null}
      {users.data ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="user-list">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Permissions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.name}>
                  <td>
                    {u.name} {u.you ? <span className="muted small">(you)</span> : null}
                  </td>
                  <td>{u.permissions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
