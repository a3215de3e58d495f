'use client';
// What the server selects files from now (status item afs_mode), and the select mutation the
// moods and playlists pages share.
import { useMutation } from '@tanstack/react-query';
import { useAuth } from '@/lib/auth';
import { useVssStatus } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { modeWords } from '@/components/now-playing/upcoming-words';
import styles from './moods.module.css';

export const NEEDS_WRITE = 'Needs the AFS_WRITE permission';

/** afs.select as a mutation: `m/<mood>`, `p/<playlist>` or `dummy`. */
export function useSelectMode() {
  const trpc = useTRPC();
  return useMutation(trpc.afs.select.mutationOptions());
}

export function CurrentSelection() {
  const status = useVssStatus();
  const select = useSelectMode();
  const auth = useAuth();
  const mode = status?.afs_mode;
  return (
    <section className={styles.selection} aria-label="Current selection">
      <span>
        Selecting from:{' '}
        <code data-testid="afs-mode" aria-live="polite">
          {mode ?? (status ? 'unknown' : 'waiting for the live status…')}
        </code>
        {mode ? <span className="muted"> ({modeWords(mode)})</span> : null}
      </span>
      <button
        type="button"
        className="quiet"
        onClick={() => select.mutate({ args: ['dummy'] })}
        disabled={!auth.can('AFS_WRITE') || select.isPending || mode === 'dummy'}
        title={
          auth.can('AFS_WRITE') ? 'Select from every file (paraslash calls it dummy)' : NEEDS_WRITE
        }
      >
        Use all files
      </button>
      {select.isError ? <ErrorAlert error={select.error} /> : null}
    </section>
  );
}

/** "Select" for one mood or playlist; the current one shows as selected. */
export function SelectButton(props: { spec: string; disabled?: boolean; what: string }) {
  const status = useVssStatus();
  const select = useSelectMode();
  const auth = useAuth();
  const current = status?.afs_mode === props.spec;
  return (
    <>
      <button
        type="button"
        onClick={() => select.mutate({ args: [props.spec] })}
        disabled={!auth.can('AFS_WRITE') || select.isPending || current || props.disabled}
        title={!auth.can('AFS_WRITE') ? NEEDS_WRITE : `Stream files from this ${props.what}`}
      >
        {current ? 'Selected' : select.isPending ? 'Selecting…' : 'Select'}
      </button>
      {select.isError ? <ErrorAlert error={select.error} /> : null}
    </>
  );
}
