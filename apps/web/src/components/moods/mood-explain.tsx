'use client';
// Why a file scores what it scores with the mood being edited (docs/paraslash/moods.md §5.1),
// with its play history from afs.explain.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatPlays } from '@/lib/format';
import styles from './moods.module.css';

export function MoodExplain(props: { path: string; previewScore: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.afs.explain.queryOptions({ args: [props.path] }));
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (!q.data) return <p className="muted small">Loading the score breakdown…</p>;
  const e = q.data.output.files[0];
  if (!e) return null;
  // One number: the score this mood gives the file. The current selection's table score and
  // today's formula terms are other numbers for the same file (other statistics, other times):
  // shown side by side they contradicted each other, so the selection gets its rank only.
  return (
    <dl className={`${styles.explain} small`} data-testid="score-breakdown">
      <dt>Score with this mood</dt>
      <dd>{props.previewScore}</dd>
      <dt>Why</dt>
      <dd>
        This file was {formatPlays(e.numPlayed, e.lastPlayed)}. Files played less often and longer
        ago score higher, compared with the other files this mood admits; version 2 moods only
        decide which files are admissible.
      </dd>
      <dt>Current selection</dt>
      <dd>
        {e.admissible && e.rank !== undefined ? (
          <>
            rank {e.rank} of {e.of} in <code>{e.mode}</code>
          </>
        ) : (
          <>
            not admissible in <code>{e.mode}</code>
          </>
        )}
      </dd>
    </dl>
  );
}
