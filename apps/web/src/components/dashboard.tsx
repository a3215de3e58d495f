'use client';
// Dashboard: server version and library size from `server.info`, or why they cannot be shown.
import { useQuery } from '@tanstack/react-query';
import { useApiUrl } from '@/app/providers';
import { useTRPC } from '@/lib/trpc';

const REFRESH_MS = 15_000;

export function Dashboard() {
  const trpc = useTRPC();
  const apiUrl = useApiUrl();
  const info = useQuery(trpc.server.info.queryOptions(undefined, { refetchInterval: REFRESH_MS }));

  const status = info.isPending ? 'connecting' : info.isError ? 'offline' : 'online';
  return (
    <main className="page">
      <header className="masthead">
        <h1>paraweb</h1>
        <span className={`status status-${status}`} data-testid="server-status">
          {status === 'connecting' ? 'Connecting…' : status === 'offline' ? 'Offline' : 'Online'}
        </span>
      </header>

      {info.isError ? (
        <section className="alert" role="alert">
          <h2>Cannot reach the paraweb server</h2>
          <p>
            The dashboard could not load data from <code>{apiUrl}</code>
            {info.error.message ? <>: {info.error.message}</> : null}.
          </p>
          <p>Check that para_server is running and that its API port is reachable from here.</p>
          <button type="button" onClick={() => void info.refetch()} disabled={info.isFetching}>
            {info.isFetching ? 'Retrying…' : 'Try again'}
          </button>
        </section>
      ) : null}

      {info.data ? (
        <dl className="cards">
          <div className="card">
            <dt>Server version</dt>
            <dd data-testid="server-version">{info.data.version}</dd>
          </div>
          <div className="card">
            <dt>Library</dt>
            <dd data-testid="library-files">
              {info.data.files.toLocaleString('en')}{' '}
              <span className="unit">{info.data.files === 1 ? 'audio file' : 'audio files'}</span>
            </dd>
          </div>
        </dl>
      ) : info.isPending ? (
        <p className="muted">Loading server information…</p>
      ) : null}
    </main>
  );
}
