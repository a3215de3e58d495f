'use client';
// The next files the server would choose (afs.upcoming) and why (afs.explain: the terms of the
// score formula); fetched again whenever the current file changes.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatPlays } from '@/lib/format';
import styles from './now-playing.module.css';
import { modeWords, upcomingNote } from './upcoming-words';

const COUNT = 5;

/** upcoming's text: "rank<TAB>score<TAB>path" per line (the output holds ids only) */
export function upcomingPaths(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.split('\t').slice(2).join('\t'))
    .filter((p) => p !== '');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export function Upcoming(props: { currentPath: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const upcomingOpts = trpc.afs.upcoming.queryOptions({ count: COUNT, fullPath: true });
  const upcoming = useQuery(upcomingOpts);
  const paths = upcoming.data ? upcomingPaths(upcoming.data.text) : [];
  const explain = useQuery({
    ...trpc.afs.explain.queryOptions({ args: paths }),
    enabled: paths.length > 0,
    // while the next answer loads, the reasons of files still listed stay
    placeholderData: keepPreviousData,
  });
  const key = upcomingOpts.queryKey;
  // only a new current file (or none) changes what comes next; the first render fetches anyway
  const seenPath = useRef(props.currentPath);
  useEffect(() => {
    if (seenPath.current === props.currentPath) return;
    seenPath.current = props.currentPath;
    void queryClient.invalidateQueries({ queryKey: key });
  }, [props.currentPath, queryClient, key]);

  return (
    <section className="card" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading" className={styles.sectionTitle}>
        Up next
      </h2>
      {upcoming.isError ? (
        <ErrorAlert error={upcoming.error} onRetry={() => void upcoming.refetch()} />
      ) : null}
      {explain.isError ? <ErrorAlert error={explain.error} /> : null}
      {upcoming.isPending ? <p className="muted">Loading…</p> : null}
      {upcoming.data && paths.length === 0 ? (
        <p className="muted">
          No admissible files in {upcoming.data.output.mode || 'the current mode'}.
        </p>
      ) : null}
      {paths.length > 0 ? (
        <ol className={styles.upcoming} data-testid="upcoming">
          {paths.map((path) => {
            const e = explain.data?.output.files.find((f) => f.path === path);
            return (
              <li key={path}>
                <span className={styles.upcomingName} title={path}>
                  {basename(path)}
                </span>
                {e?.terms ? (
                  // the reasons, not formula numbers that need not add up to the order shown
                  <span className="muted small">{formatPlays(e.numPlayed, e.lastPlayed)}</span>
                ) : e ? (
                  <span className="muted small">not admissible in {e.mode}</span>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {upcoming.data ? (
        <p className="muted small">
          Selecting from <code>{upcoming.data.output.mode}</code> (
          {modeWords(upcoming.data.output.mode)}). {upcomingNote(upcoming.data.output.mode)}
        </p>
      ) : null}
    </section>
  );
}
