'use client';
// The watched folders (issue #19): each root with how it is followed (kernel events, or the
// periodic scan and why), who named it, its last scan, the files waiting to settle or to be added,
// missing rows, and the errors per file; a folder is added or removed here through the command
// table (watch, unwatch), stored so that it stays watched after a restart.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAuth } from '@/lib/auth';
import { formatCount, formatDateTime } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import styles from './library.module.css';

/** the errors listed; `watched` on the command port lists them all */
const SHOWN_ERRORS = 50;

const seconds = (ms: number): string => `${+(ms / 1000).toFixed(1)} s`;

export function WatchPanel() {
  const trpc = useTRPC();
  const auth = useAuth();
  const writable = auth.can('AFS_WRITE');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [dir, setDir] = useState('');
  const watched = useQuery(
    trpc.afs.watched.queryOptions({ args: [] }, { refetchInterval: open ? 2000 : 15_000 }),
  );
  const refresh = () => void queryClient.invalidateQueries(trpc.afs.watched.pathFilter());
  const watch = useMutation(
    trpc.afs.watch.mutationOptions({
      onSuccess: () => {
        setDir('');
        refresh();
      },
    }),
  );
  const unwatch = useMutation(trpc.afs.unwatch.mutationOptions({ onSuccess: refresh }));
  const s = watched.data?.output;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    unwatch.reset();
    watch.mutate({ args: [dir.trim()] });
  };
  const title = writable ? undefined : 'Needs the AFS_WRITE permission';

  return (
    <details
      className={styles.add}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="watch-panel"
    >
      <summary>
        Watched folders
        {s ? (
          <span className="muted small">
            {' '}
            ({s.roots.length}
            {s.pending + s.queued > 0 ? `, ${s.pending + s.queued} files waiting` : ''}
            {s.errors.length > 0 ? `, ${s.errors.length} errors` : ''})
          </span>
        ) : null}
      </summary>
      {watched.isError ? <ErrorAlert error={watched.error} /> : null}
      {s ? (
        <>
          {s.roots.length === 0 ? (
            <p className="muted">No folder is watched.</p>
          ) : (
            <ul className={styles.watchRoots} data-testid="watch-roots">
              {s.roots.map((r) => (
                <li key={r.path} data-mode={r.mode}>
                  <code>{r.path}</code>{' '}
                  <span className="small">
                    {r.mode === 'kernel'
                      ? 'kernel events'
                      : r.mode === 'scan'
                        ? `scanned every ${seconds(s.scanIntervalMs)}`
                        : r.mode}
                    {' · '}
                    {r.source === 'option'
                      ? '--afs-watch'
                      : `added${r.addedBy ? ` by ${r.addedBy}` : ''}`}
                    {r.scanning ? ' · scanning now' : ''}
                  </span>{' '}
                  <ConfirmButton
                    label="Stop watching"
                    question={`Stop watching ${r.path}? Its files stay in the library.`}
                    onConfirm={() => unwatch.mutate({ args: [r.path] })}
                    disabled={!writable}
                    title={title}
                    busy={unwatch.isPending && unwatch.variables?.args[0] === r.path}
                  />
                  {r.reason ? <p className="small">Why not kernel events: {r.reason}</p> : null}
                  {r.error ? <p className="small">Error: {r.error}</p> : null}
                  {r.lastScan ? (
                    <p className="small muted" data-testid="watch-last-scan">
                      Last scan {formatDateTime(r.lastScan.at)}: {formatCount(r.lastScan.files)}{' '}
                      files in {r.lastScan.ms} ms, {r.lastScan.changed} to add, {r.lastScan.missing}{' '}
                      missing
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <p className="small" data-testid="watch-counts">
            Waiting to settle: {s.pending} · to add: {s.queued} · missing rows: {s.missing} · since
            start: {s.counts.added} added, {s.counts.renamed} renamed, {s.counts.restored} restored,{' '}
            {s.counts.missing} gone. A file is added {seconds(s.settleMs)} after its last write.
          </p>
          {s.errors.length > 0 ? (
            <>
              <h3 className="small">Files not added</h3>
              <ul className={styles.watchErrors} data-testid="watch-errors">
                {s.errors.slice(0, SHOWN_ERRORS).map((e) => (
                  <li key={e.path}>
                    <code>{JSON.stringify(e.path)}</code>: {e.reason}
                  </li>
                ))}
              </ul>
              {s.errors.length > SHOWN_ERRORS ? (
                <p className="small muted">… and {s.errors.length - SHOWN_ERRORS} more</p>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
      <form className={styles.addForm} onSubmit={submit} aria-label="Watch a folder">
        <label>
          Folder on the server to watch
          <input
            value={dir}
            onChange={(e) => {
              setDir(e.target.value);
              if (watch.isError) watch.reset();
            }}
            placeholder="/srv/incoming"
            required
            disabled={!writable}
            title={title}
          />
        </label>
        <button type="submit" disabled={!writable || watch.isPending || !dir.trim()} title={title}>
          {watch.isPending ? 'Watching…' : 'Watch'}
        </button>
      </form>
      {watch.isError ? <ErrorAlert error={watch.error} title="Not watched" /> : null}
      {unwatch.isError ? <ErrorAlert error={unwatch.error} title="Still watched" /> : null}
    </details>
  );
}
