'use client';
// Finds audio files by the dashboard's search rule (library.paths, as the library searches) to
// add to a playlist, one by one or all at once.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SearchRule } from '@/components/ui/search-rule';
import styles from './playlists.module.css';

const SHOWN = 200;

export function AddFiles(props: { onAdd: (paths: string[]) => void; disabled: boolean }) {
  const trpc = useTRPC();
  const [pattern, setPattern] = useState('');
  const [searched, setSearched] = useState<string>();
  const ls = useQuery(
    trpc.library.paths.queryOptions(
      { search: searched ?? '', sort: 'path' },
      { enabled: searched !== undefined },
    ),
  );
  const find = (e: FormEvent) => {
    e.preventDefault();
    setSearched(pattern.trim());
  };
  const paths = ls.data?.paths ?? [];
  return (
    <section aria-labelledby="add-files-title" className="form">
      <h3 id="add-files-title">Add files</h3>
      <form className="form" onSubmit={find} role="search">
        <label>
          Search path, artist, title, album, year, comment
          <input
            type="search"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            placeholder="e.g. sigur ros, or */jazz/* (empty: every file)"
            aria-describedby="add-files-rule"
            disabled={props.disabled}
          />
        </label>
        <SearchRule id="add-files-rule" />
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
            <code>{searched || 'every file'}</code>
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
