'use client';
// The request queue (issue #20): the requests that play after the current file, before the mode's
// choice, in order (with when each should start), the listeners' requests waiting for approval,
// approve / reject / reorder, an operator's own request by path, and the last requests played
// with their listeners. Everything goes through the `request` command, as on TCP and the CLI.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useAuth } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { movePlace, sourceLabel } from '@/lib/request-queue';
import { formatClock, formatDuration } from '@/lib/requests';
import { useTRPCClient } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './requests.module.css';

const POLL_MS = 3_000;

export function RequestsPage() {
  const client = useTRPCClient();
  const auth = useAuth();
  const writable = auth.can('AFS_READ') && auth.can('AFS_WRITE');
  const run = (args: string[]) => client.afs.request.mutate({ args });
  const list = useQuery({
    queryKey: ['request-queue'],
    queryFn: async () => (await run(['ls'])).output,
    refetchInterval: POLL_MS,
    enabled: writable,
  });
  const act = useMutation({
    mutationFn: async (args: string[]) => (await run(args)).output,
    onSuccess: () => void list.refetch(),
  });
  const [path, setPath] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() === '') return;
    act.mutate(['add', path.trim()], { onSuccess: () => setPath('') });
  };

  const data = list.data;
  const waiting = data?.waiting ?? [];
  return (
    <div className="page">
      <h1>Requests</h1>
      <p className="muted">
        Requests play after the current file, before the mode&apos;s choice, in order. Listeners
        request the files with the requestable attribute on the public page.
        {data
          ? data.autoApprove
            ? ' Their requests are queued at once (--request-auto-approve).'
            : ' Their requests wait here for your approval (start the server with --request-auto-approve to queue them at once).'
          : null}
      </p>
      {!writable ? (
        <p className="alert" role="alert">
          The request queue needs the AFS_READ and AFS_WRITE permissions.
        </p>
      ) : null}
      <form className="form" onSubmit={add}>
        <label>
          Queue a file (its path on the server)
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            disabled={!writable}
            autoComplete="off"
          />
        </label>
        <button type="submit" disabled={!writable || act.isPending || path.trim() === ''}>
          Queue
        </button>
      </form>
      {act.isError ? (
        <p className="form-error" role="alert" data-testid="request-action-error">
          {act.error.message}
        </p>
      ) : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {data ? (
        <section aria-labelledby="queue-heading">
          <h2 id="queue-heading">Queue</h2>
          {waiting.length === 0 ? (
            <p className="muted" data-testid="request-queue-empty">
              No request waits.
            </p>
          ) : (
            <table className={styles.table} data-testid="request-queue">
              <thead>
                <tr>
                  <th scope="col">Plays at about</th>
                  <th scope="col">File</th>
                  <th scope="col">Length</th>
                  <th scope="col">Status</th>
                  <th scope="col">From</th>
                  <th scope="col">
                    <span className="small">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((r) => {
                  const title = r.title || r.path.split('/').at(-1) || `#${r.fileId}`;
                  const up = movePlace(waiting, r.id, -1);
                  const down = movePlace(waiting, r.id, 1);
                  return (
                    <tr key={r.id} data-testid="request-row" data-status={r.status}>
                      <td>{r.eta === undefined ? '' : formatClock(r.eta)}</td>
                      <td>
                        <strong>{title}</strong>
                        {r.artist ? <span className="small muted"> · {r.artist}</span> : null}
                      </td>
                      <td>{formatDuration(r.durationMs)}</td>
                      <td data-testid="request-status">
                        {r.status === 'pending' ? 'waits for approval' : 'queued'}
                      </td>
                      <td>{sourceLabel(r.source)}</td>
                      <td className={styles.actions}>
                        {r.status === 'pending' ? (
                          <button
                            type="button"
                            disabled={act.isPending}
                            onClick={() => act.mutate(['approve', String(r.id)])}
                            aria-label={`Approve ${title}`}
                          >
                            Approve
                          </button>
                        ) : null}
                        <button
                          type="button"
                          disabled={act.isPending || up === undefined}
                          onClick={() => act.mutate(['mv', String(r.id), String(up)])}
                          aria-label={`Move ${title} up`}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          disabled={act.isPending || down === undefined}
                          onClick={() => act.mutate(['mv', String(r.id), String(down)])}
                          aria-label={`Move ${title} down`}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          disabled={act.isPending}
                          onClick={() => act.mutate(['rm', String(r.id)])}
                          aria-label={`Reject ${title}`}
                        >
                          Reject
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <h2>Last requests</h2>
          {data.recent.length === 0 ? (
            <p className="muted">None played or rejected yet.</p>
          ) : (
            <table className={styles.table} data-testid="request-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">File</th>
                  <th scope="col">Result</th>
                  <th scope="col">Listeners</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {data.recent.map((r) => (
                  <tr key={r.id} data-testid="request-history-row">
                    <td>{formatDateTime(r.playedAt ?? r.createdAt)}</td>
                    <td>{r.title || r.path.split('/').at(-1)}</td>
                    <td>{r.status}</td>
                    <td>{r.listeners ?? ''}</td>
                    <td>{sourceLabel(r.source)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : list.isPending && writable ? (
        <p className="muted">Loading…</p>
      ) : null}
    </div>
  );
}
