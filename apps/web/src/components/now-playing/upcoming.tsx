'use client';
// The next files the server would choose (afs.upcoming) and why (afs.explain: the terms of the
// score formula); fetched again when the current file or mode changes, and when the database
// does (the play of the new file is counted a moment after it starts, and moves it down).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatPlays } from '@/lib/format';
import styles from './now-playing.module.css';
import { againText, upcomingRows } from './upcoming-rows';
import { modeWords, upcomingNote } from './upcoming-words';

const COUNT = 5;
const REFETCH_DELAY_MS = 300;

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

export function Upcoming(props: { currentPath: string | undefined; mode: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const upcomingOpts = trpc.afs.upcoming.queryOptions({ count: COUNT, fullPath: true });
  const upcoming = useQuery(upcomingOpts);
  const paths = upcoming.data ? upcomingPaths(upcoming.data.text) : [];
  const explain = useQuery({
    ...trpc.afs.explain.queryOptions({ args: [...new Set(paths)] }),
    enabled: paths.length > 0,
    // while the next answer loads, the reasons of files still listed stay
    placeholderData: keepPreviousData,
  });
  const key = upcomingOpts.queryKey;
  // a new current file (or none) or mode changes what comes next; the first render fetches anyway
  const seen = useRef(`${props.mode}\n${props.currentPath}`);
  useEffect(() => {
    const now = `${props.mode}\n${props.currentPath}`;
    if (seen.current === now) return;
    seen.current = now;
    void queryClient.invalidateQueries({ queryKey: key });
  }, [props.currentPath, props.mode, queryClient, key]);
  // so do scores: the counted play, touch, a file added or removed
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useSocketEvent('afs:change', () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: key }),
      REFETCH_DELAY_MS,
    );
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const rows = upcomingRows(paths, props.currentPath);

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
          {rows.map(({ path, again }, i) => {
            const e = explain.data?.output.files.find((f) => f.path === path);
            return (
              // a file may be named twice: rows are the next plays, in order
              <li key={i}>
                <span className={styles.upcomingName} title={path}>
                  {basename(path)}
                </span>
                {again !== undefined ? (
                  <span className="muted small" data-testid="upcoming-again">
                    {againText(again)}
                  </span>
                ) : e?.terms ? (
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
