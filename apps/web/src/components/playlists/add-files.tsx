'use client';
// Finds audio files by path pattern (afs.ls) to add to a playlist, one by one or all at once.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './playlists.module.css';

const SHOWN = 200;

export function AddFiles(props: { onAdd: (paths: string[]) => void; disabled: boolean }) {
  const trpc = useTRPC();
  const [pattern, setPattern] = useState('*');
  const [searched, setSearched] = useState<string>();
  const ls = useQuery(
    trpc.afs.ls.queryOptions({ args: searched ? [searched] : [] }, { enabled: Boolean(searched) }),
  );
  const find = (e: FormEvent) => {
    e.preventDefault();
    const p = pattern.trim();
    // a bare word finds files whose path contains it
    setSearched(!p ? '*' : /[*?[\]/]/.test(p) ? p : `*${p}*`);
  };
  const paths = ls.data?.output.files.map((f) => f.file.path) ?? [];
  return (
    <section aria-labelledby="add-files-title" className="form">
      <h3 id="add-files-title">Add files</h3>
      <form className="form" onSubmit={find} role="search">
        <label>
          Path pattern
          <input
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            placeholder="*/jazz/* or a word of the path"
            disabled={props.disabled}
          />
        </label>
        <button type="submit" disabled={props.disabled}>
          Find files
        </button>
      </form>
      {ls.isError ? <ErrorAlert error={ls.error} /> : null}
      {searched && ls.isFetching ? <p className="muted">Searching…</p> : null}
      {searched && ls.data ? (
        <>
          <p role="status" className="small">
            {paths.length} {paths.length === 1 ? 'file matches' : 'files match'}{' '}
            <code>{searched}</code>
            {paths.length > SHOWN ? ` (the first ${SHOWN} are listed)` : ''}.
          </p>
          {paths.length > 0 ? (
            <button type="button" onClick={() => props.onAdd(paths)} disabled={props.disabled}>
              Add all {paths.length}
            </button>
          ) : null}
          <ul className={styles.found} aria-label="Matching files">
            {paths.slice(0, SHOWN).map((p) => (
              <li key={p}>
                <span title={p}>{p}</span>
                <button
                  type="button"
                  className="quiet"
                  onClick={() => props.onAdd([p])}
                  aria-label={`Add ${p}`}
                  disabled={props.disabled}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
