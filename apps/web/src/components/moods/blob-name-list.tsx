'use client';
// The names of one blob table (moods or playlists) to open one, and a form to start a new one.
import { useState, type FormEvent } from 'react';
import { useAuth } from '@/lib/auth';
import { ErrorAlert } from '@/components/ui/error-alert';
import { NEEDS_WRITE } from './current-selection';
import styles from './moods.module.css';

export interface BlobNames {
  names: string[] | undefined;
  error: unknown;
  pending: boolean;
  refetch: () => void;
}

export function BlobNameList(props: {
  /** "mood" or "playlist" */
  what: string;
  list: BlobNames;
  open: string | undefined;
  onOpen: (name: string, isNew: boolean) => void;
}) {
  const auth = useAuth();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState('');
  const { what, list } = props;
  const create = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return setProblem(`Give the new ${what} a name.`);
    if (/\s|\//.test(n)) return setProblem('Names cannot contain spaces or slashes.');
    if (list.names?.includes(n)) return setProblem(`A ${what} called ${n} exists already.`);
    setProblem('');
    setName('');
    props.onOpen(n, true);
  };
  return (
    <section className={styles.panel} aria-labelledby={`${what}-list-title`}>
      <h2 id={`${what}-list-title`}>{what === 'mood' ? 'Moods' : 'Playlists'}</h2>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.refetch} /> : null}
      {list.pending ? <p className="muted">Loading…</p> : null}
      {list.names && list.names.length === 0 ? <p className="muted">No {what}s yet.</p> : null}
      <ul className={styles.names}>
        {list.names?.map((n) => (
          <li key={n}>
            <button
              type="button"
              aria-current={n === props.open ? 'true' : undefined}
              onClick={() => props.onOpen(n, false)}
            >
              {n}
            </button>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={create} noValidate>
        <label>
          New {what} name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={!auth.can('AFS_WRITE')}
            autoComplete="off"
          />
        </label>
        <button
          type="submit"
          disabled={!auth.can('AFS_WRITE')}
          title={auth.can('AFS_WRITE') ? undefined : NEEDS_WRITE}
        >
          New {what}
        </button>
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
    </section>
  );
}
