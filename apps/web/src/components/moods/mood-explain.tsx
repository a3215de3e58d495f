'use client';
// Why a file scores what it scores: afs.explain's terms of the score formula (docs/paraslash/moods.md §5.1).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './moods.module.css';

const when = (seconds: number) =>
  seconds > 0 ? new Date(seconds * 1000).toLocaleString('en-GB') : 'never';

export function MoodExplain(props: { path: string; previewScore: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.afs.explain.queryOptions({ args: [props.path] }));
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (!q.data) return <p className="muted small">Loading the score breakdown…</p>;
  const e = q.data.output.files[0];
  if (!e) return null;
  return (
    <dl className={`${styles.explain} small`} data-testid="score-breakdown">
      <dt>Score with this mood</dt>
      <dd>{props.previewScore}</dd>
      <dt>Played</dt>
      <dd>
        {e.numPlayed} {e.numPlayed === 1 ? 'time' : 'times'}, last {when(e.lastPlayed)}
      </dd>
      {e.admissible && e.terms ? (
        <>
          <dt>In the current selection</dt>
          <dd>
            <code>{e.mode}</code>: score {e.score}, rank {e.rank} of {e.of}
          </dd>
          <dt>Formula now</dt>
          <dd>
            {e.terms.total} = {e.terms.numPlayed} (how rarely played) + {e.terms.lastPlayed} (how
            long ago) + {e.terms.mood} (mood)
          </dd>
        </>
      ) : (
        <>
          <dt>In the current selection</dt>
          <dd>
            not admissible in <code>{e.mode}</code>
          </dd>
        </>
      )}
      <dt>Why</dt>
      <dd>
        Files played less often and longer ago score higher, relative to the other files of the
        selection; version 2 moods only decide which files are admissible.
      </dd>
    </dl>
  );
}
