'use client';
// Play, pause, stop, next and ±10 s (vss.* mutations). Users without VSS_WRITE see them disabled,
// with the reason in the title.
import { useMutation } from '@tanstack/react-query';
import { useAuth } from '@/lib/auth';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import type { PlayState } from './play-clock';
import styles from './now-playing.module.css';

const SKIP_SECONDS = 10;

export function Transport(props: { state: PlayState; hasFile: boolean }) {
  const trpc = useTRPC();
  const auth = useAuth();
  const play = useMutation(trpc.vss.play.mutationOptions());
  const pause = useMutation(trpc.vss.pause.mutationOptions());
  const stop = useMutation(trpc.vss.stop.mutationOptions());
  const next = useMutation(trpc.vss.next.mutationOptions());
  const ff = useMutation(trpc.vss.ff.mutationOptions());
  const all = [play, pause, stop, next, ff];
  const failed = all.find((m) => m.isError);
  const busy = all.some((m) => m.isPending);
  const allowed = auth.can('VSS_WRITE');
  const why = allowed ? undefined : 'Your user may not control playback (needs VSS_WRITE).';
  const { state, hasFile } = props;
  // forget an old error once the user tries again
  const run = (fn: () => void) => {
    for (const m of all) if (m.isError) m.reset();
    fn();
  };
  return (
    <div>
      <div className={styles.transport} role="group" aria-label="Playback controls">
        {state === 'playing' ? (
          <button
            type="button"
            disabled={!allowed || busy}
            title={why}
            onClick={() => run(() => pause.mutate({ args: [] }))}
          >
            Pause
          </button>
        ) : (
          <button
            type="button"
            disabled={!allowed || busy}
            title={why}
            onClick={() => run(() => play.mutate({ args: [] }))}
          >
            Play
          </button>
        )}
        <button
          type="button"
          className="quiet"
          disabled={!allowed || busy || state === 'stopped'}
          title={why}
          onClick={() => run(() => stop.mutate({ args: [] }))}
        >
          Stop
        </button>
        <button
          type="button"
          className="quiet"
          disabled={!allowed || busy}
          title={why ?? 'skip to the next file'}
          onClick={() => run(() => next.mutate({ args: [] }))}
        >
          Next
        </button>
        <button
          type="button"
          className="quiet"
          disabled={!allowed || busy || !hasFile}
          title={why}
          onClick={() => run(() => ff.mutate({ args: [`-${SKIP_SECONDS}`] }))}
        >
          Back {SKIP_SECONDS} s
        </button>
        <button
          type="button"
          className="quiet"
          disabled={!allowed || busy || !hasFile}
          title={why}
          onClick={() => run(() => ff.mutate({ args: [String(SKIP_SECONDS)] }))}
        >
          Forward {SKIP_SECONDS} s
        </button>
      </div>
      {!allowed ? <p className="muted small">{why}</p> : null}
      {failed ? <ErrorAlert error={failed.error} /> : null}
    </div>
  );
}
