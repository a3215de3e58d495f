'use client';
// What the server is and does now: version, uptime, connections (server.si, server.version) and
// its tasks (server.tasks), refreshed every few seconds.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './server.module.css';

export const REFRESH_MS = 5_000;

/** 90061 -> "1 day, 1:01:01" */
export function uptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor(seconds / 3600) % 24;
  const m = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const s = String(seconds % 60).padStart(2, '0');
  return `${d > 0 ? `${d} day${d === 1 ? '' : 's'}, ` : ''}${h}:${m}:${s}`;
}

export function ServerFacts() {
  const trpc = useTRPC();
  const live = { refetchInterval: REFRESH_MS };
  const version = useQuery(
    trpc.server.version.queryOptions({ verbose: true }, { staleTime: Infinity }),
  );
  const si = useQuery(trpc.server.si.queryOptions({ args: [] }, live));
  const tasks = useQuery(trpc.server.tasks.queryOptions({ args: [] }, live));
  const info = si.data?.output;
  return (
    <>
      {version.isError ? <ErrorAlert error={version.error} /> : null}
      {si.isError ? <ErrorAlert error={si.error} onRetry={() => void si.refetch()} /> : null}
      <dl className="cards">
        <div className="card">
          <dt>Version</dt>
          <dd data-testid="server-version">{version.data?.output.version ?? '…'}</dd>
          {version.data ? (
            <dd className="note">
              paraslash {version.data.output.paraslash} compatible · node {version.data.output.node}
            </dd>
          ) : null}
        </div>
        <div className="card">
          <dt>Uptime</dt>
          <dd data-testid="server-uptime">{info ? uptime(info.uptimeSeconds) : '…'}</dd>
          {info ? (
            <dd className="note">
              pid {info.pid} · {info.played} {info.played === 1 ? 'file' : 'files'} played · log
              level {info.loglevel}
            </dd>
          ) : null}
        </div>
        <div className="card">
          <dt>Command port connections</dt>
          <dd data-testid="server-connections">{info ? info.connections.active : '…'}</dd>
          {info ? (
            <dd className="note">
              active now · {info.connections.authenticated} logged in · {info.connections.total}{' '}
              since start
            </dd>
          ) : null}
        </div>
      </dl>
      {info ? <p className="muted small">Audio formats: {info.formats}</p> : null}
      <section className="card" aria-labelledby="tasks-h">
        <h2 id="tasks-h" className={styles.sectionTitle}>
          Tasks
        </h2>
        {tasks.isError ? <ErrorAlert error={tasks.error} /> : null}
        {tasks.data && tasks.data.output.tasks.length === 0 ? (
          <p className="muted">No tasks.</p>
        ) : null}
        {tasks.data && tasks.data.output.tasks.length > 0 ? (
          <div className={styles.tableWrap}>
            <table className={styles.table} data-testid="tasks">
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {tasks.data.output.tasks.map((t, i) => (
                  <tr key={`${t.name}-${i}`}>
                    <td>{t.name}</td>
                    <td>{t.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}
