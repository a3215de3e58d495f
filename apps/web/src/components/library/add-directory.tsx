'use client';
// Adding a folder of the server's file system (afs.add): live counters from the job's
// afs:add-progress events while it runs, then the report with every skipped file and why. The
// panel stays open until the user closes it, so a refused path shows its error under the field.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { JobUpdate } from '@paraweb/server/socket-events';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAuth } from '@/lib/auth';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import styles from './library.module.css';

const COUNTERS = ['scanned', 'added', 'updated', 'skipped'] as const;

export function AddDirectory() {
  const trpc = useTRPC();
  const auth = useAuth();
  const writable = auth.can('AFS_WRITE');
  const [path, setPath] = useState('');
  const [progress, setProgress] = useState<JobUpdate['progress']>();
  // the user's choice alone: an answer (report or error) must not fold the panel away
  const [open, setOpen] = useState(false);
  const add = useMutation(trpc.afs.add.mutationOptions());

  useSocketEvent('afs:add-progress', (u) => {
    // only the job this form started (the same user's add, while it runs)
    if (add.isPending && u.job.user === auth.me.user) setProgress(u.progress);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProgress(undefined);
    add.mutate({ args: [path.trim()] });
  };
  const report = add.data?.output;
  const errorId = 'add-folder-error';

  return (
    <details className={styles.add} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Add a folder</summary>
      <form className={styles.addForm} onSubmit={submit} aria-label="Add a folder">
        <label>
          Folder or file on the server
          <input
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              // the error was about the path as it was
              if (add.isError) add.reset();
            }}
            aria-invalid={add.isError || undefined}
            aria-describedby={add.isError ? errorId : undefined}
            placeholder="/srv/music"
            required
            disabled={!writable}
            title={writable ? undefined : 'Needs the AFS_WRITE permission'}
          />
        </label>
        <button
          type="submit"
          disabled={!writable || add.isPending || !path.trim()}
          title={writable ? undefined : 'Needs the AFS_WRITE permission'}
        >
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </form>
      {add.isError ? (
        <div id={errorId}>
          <ErrorAlert error={add.error} title="Not added" />
        </div>
      ) : null}
      <div role="status" aria-live="polite" data-testid="add-progress">
        {add.isPending ? (
          <>
            <progress className={styles.progress} aria-label="Adding files" />
            <p className="small">
              {progress ? COUNTERS.map((c) => `${progress[c] ?? 0} ${c}`).join(', ') : 'Scanning…'}
            </p>
          </>
        ) : null}
      </div>
      {report ? (
        <section className={styles.report} data-testid="add-report" aria-label="Add report">
          <p>
            {report.cancelled ? 'Cancelled: ' : 'Done: '}
            {report.scanned} files scanned.
          </p>
          <dl>
            {(
              [
                ['Added', report.added],
                ['Updated', report.updated],
                ['Renamed', report.renamed],
                ['Unchanged', report.unchanged],
                ['Duplicates', report.duplicates],
                ['Skipped', report.skipped],
              ] as const
            ).map(([label, n]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd data-testid={`add-${label.toLowerCase()}`}>{n}</dd>
              </div>
            ))}
          </dl>
          {report.errors.length > 0 ? (
            <>
              <h3 className="small">Skipped files</h3>
              <ul data-testid="add-skipped-files">
                {report.errors.map((e) => (
                  <li key={e.path}>
                    <code>{e.path}</code>: {e.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </details>
  );
}
