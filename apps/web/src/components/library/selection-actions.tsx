'use client';
// What to do with the selected files: set or clear an attribute (afs.setatt), count them as
// played (afs.touch) or remove them from the database (afs.rm, asked once more). Large
// selections go in slices so that no request is huge.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAuth } from '@/lib/auth';
import { inSlices } from '@/lib/paths-in-slices';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import styles from './library.module.css';
import type { Selection } from './use-selection';
import { formatCount } from '@/lib/format';

const NEEDS_WRITE = 'Needs the AFS_WRITE permission';

type Action = { kind: 'set' | 'clear'; attribute: string } | { kind: 'touch' } | { kind: 'rm' };

export function SelectionActions(props: {
  selection: Selection;
  total: number;
  attributes: readonly string[];
  /** after an action that may re-sort the rows: bring the selected ones into view */
  onDone?: () => Promise<void>;
}) {
  const { selection, total } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const writable = useAuth().can('AFS_WRITE');
  const [attribute, setAttribute] = useState('');
  const count = selection.count(total);
  const chosen = attribute || props.attributes[0] || '';

  const run = useMutation({
    mutationFn: async (action: Action): Promise<string> => {
      const count = await inSlices(await selection.paths(), (args) =>
        action.kind === 'touch'
          ? client.afs.touch.mutate({ args })
          : action.kind === 'rm'
            ? client.afs.rm.mutate({ args })
            : client.afs.setatt.mutate({
                args: [`${action.attribute}${action.kind === 'set' ? '+' : '-'}`, ...args],
              }),
      );
      const n = `${count} file${count === 1 ? '' : 's'}`;
      if (action.kind === 'touch') return `Counted ${n} as played.`;
      if (action.kind === 'rm') return `Removed ${n} from the database.`;
      return `${action.kind === 'set' ? 'Set' : 'Cleared'} ${action.attribute} on ${n}.`;
    },
    onSettled: async (_msg, _err, action) => {
      if (action.kind === 'rm') selection.clear();
      await queryClient.invalidateQueries(trpc.library.pathFilter());
      if (action.kind !== 'rm') await props.onDone?.();
    },
  });

  const disabled = !writable || count === 0 || run.isPending;
  const title = writable ? (count === 0 ? 'Select files first' : undefined) : NEEDS_WRITE;
  return (
    <section className={styles.actions} aria-label="Selected files">
      <span className={styles.count} data-testid="selection-count">
        {formatCount(count)} selected
      </span>
      <button
        type="button"
        className="quiet"
        onClick={selection.selectAllMatching}
        disabled={selection.allMatching || total === 0}
      >
        Select all {formatCount(total)} matching
      </button>
      <button type="button" className="quiet" onClick={selection.clear} disabled={count === 0}>
        Clear selection
      </button>
      <label>
        Attribute
        <select
          aria-label="Attribute"
          value={chosen}
          onChange={(e) => setAttribute(e.target.value)}
          disabled={!writable}
        >
          {props.attributes.length === 0 ? <option value="">none defined</option> : null}
          {props.attributes.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={disabled || !chosen}
        title={title}
        onClick={() => run.mutate({ kind: 'set', attribute: chosen })}
      >
        Set attribute
      </button>
      <button
        type="button"
        className="quiet"
        disabled={disabled || !chosen}
        title={title}
        onClick={() => run.mutate({ kind: 'clear', attribute: chosen })}
      >
        Clear attribute
      </button>
      <button
        type="button"
        className="quiet"
        disabled={disabled}
        title={title}
        onClick={() => run.mutate({ kind: 'touch' })}
      >
        Mark played
      </button>
      <ConfirmButton
        label="Remove"
        question={`Remove ${formatCount(count)} file${count === 1 ? '' : 's'} from the database? The audio files stay on disk.`}
        onConfirm={() => run.mutate({ kind: 'rm' })}
        disabled={disabled}
        title={title}
        busy={run.isPending}
      />
      <p role="status" className="small" aria-live="polite">
        {run.isPending ? 'Working…' : run.isSuccess ? run.data : ''}
      </p>
      {run.isError ? <ErrorAlert error={run.error} /> : null}
    </section>
  );
}
