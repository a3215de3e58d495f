'use client';
// Shown instead of a page when the API does not answer: which URL, and what to check.
import { useApiUrl } from '@/app/providers';

export function ServerUnreachable(props: {
  error: unknown;
  onRetry: () => void;
  retrying: boolean;
}) {
  const apiUrl = useApiUrl();
  const detail = props.error instanceof Error && props.error.message ? props.error.message : '';
  return (
    <main className="page" id="main">
      <header className="masthead">
        <h1>paraweb</h1>
        <span className="status status-offline" data-testid="server-status">
          Offline
        </span>
      </header>
      <section className="alert" role="alert">
        <h2>Cannot reach the paraweb server</h2>
        <p>
          The dashboard could not load data from <code>{apiUrl}</code>
          {detail ? <>: {detail}</> : null}.
        </p>
        <p>Check that para_server is running and that its API port is reachable from here.</p>
        <button type="button" onClick={props.onRetry} disabled={props.retrying}>
          {props.retrying ? 'Retrying…' : 'Try again'}
        </button>
      </section>
    </main>
  );
}
