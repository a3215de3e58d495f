'use client';
// The position in the current file as a slider: it advances by itself, and a user with VSS_WRITE
// drags it (or uses the arrow keys) to jump there (vss.jmp, in percent).
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useAuth } from '@/lib/auth';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatSeconds } from './play-clock';
import styles from './now-playing.module.css';

export function Progress(props: { position: number; total: number; hasFile: boolean }) {
  const trpc = useTRPC();
  const auth = useAuth();
  const jmp = useMutation(trpc.vss.jmp.mutationOptions());
  /** the value being dragged, until it is committed */
  const [drag, setDrag] = useState<number>();
  const total = Math.max(0, Math.round(props.total));
  const shown = drag ?? Math.min(Math.floor(props.position), total);
  const enabled = auth.can('VSS_WRITE') && props.hasFile && total > 0;
  const commit = () => {
    if (drag === undefined) return;
    const percent = Math.round((drag / total) * 100);
    setDrag(undefined);
    jmp.mutate({ args: [String(Math.min(100, Math.max(0, percent)))] });
  };
  return (
    <div className={styles.progress}>
      <input
        type="range"
        min={0}
        max={total || 1}
        step={1}
        value={shown}
        disabled={!enabled}
        aria-label="Position"
        aria-valuetext={`${formatSeconds(shown)} of ${formatSeconds(total)}`}
        title={
          auth.can('VSS_WRITE') ? 'jump to a position' : 'Your user may not jump (needs VSS_WRITE).'
        }
        data-testid="progress"
        onChange={(e) => setDrag(Number(e.currentTarget.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={() => setDrag(undefined)}
      />
      <div className={styles.times}>
        <span data-testid="elapsed">{formatSeconds(shown)}</span>
        <span data-testid="total">{formatSeconds(total)}</span>
      </div>
      {jmp.isError ? <ErrorAlert error={jmp.error} /> : null}
    </div>
  );
}
