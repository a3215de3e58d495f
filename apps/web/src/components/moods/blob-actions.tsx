'use client';
// Rename and delete for a stored mood or playlist (afs.mvmood/mvpl, afs.rmmood/rmpl).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useAuth } from '@/lib/auth';
import { useTRPC } from '@/lib/trpc';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { NEEDS_WRITE } from './current-selection';
import { deleteQuestion, useScheduleUses } from './schedule-uses';
import styles from './moods.module.css';

export type BlobKind = 'mood' | 'pl';

/** every blob query of the page, refetched after a change */
export function useInvalidateAfs(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.afs.pathFilter());
}

export function BlobActions(props: {
  kind: BlobKind;
  name: string;
  onRenamed: (name: string) => void;
  onDeleted: () => void;
}) {
  const trpc = useTRPC();
  const auth = useAuth();
  const invalidate = useInvalidateAfs();
  const done = { onSuccess: invalidate };
  const mvMood = useMutation(trpc.afs.mvmood.mutationOptions(done));
  const mvPl = useMutation(trpc.afs.mvpl.mutationOptions(done));
  const rmMood = useMutation(trpc.afs.rmmood.mutationOptions(done));
  const rmPl = useMutation(trpc.afs.rmpl.mutationOptions(done));
  const mv = props.kind === 'mood' ? mvMood : mvPl;
  const rm = props.kind === 'mood' ? rmMood : rmPl;
  const what = props.kind === 'mood' ? 'mood' : 'playlist';
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(props.name);
  const writable = auth.can('AFS_WRITE');
  // the question asks the schedule which entries use the blob; confirming removes those first
  const [asking, setAsking] = useState(false);
  const schedule = useScheduleUses(props.kind, props.name, asking);
  const [releaseError, setReleaseError] = useState<unknown>(null);
  const remove = async () => {
    setAsking(false);
    setReleaseError(null);
    try {
      if (schedule.uses) await schedule.release(schedule.uses);
    } catch (err) {
      setReleaseError(err);
      return;
    }
    rm.mutate({ args: [props.name] }, { onSuccess: props.onDeleted });
  };

  const rename = (e: FormEvent) => {
    e.preventDefault();
    const n = newName.trim();
    if (!n || n === props.name) return setRenaming(false);
    mv.mutate(
      { args: [props.name, n] },
      {
        onSuccess: () => {
          setRenaming(false);
          props.onRenamed(n);
        },
      },
    );
  };

  return (
    <div className={styles.row}>
      {renaming ? (
        <form className={styles.row} onSubmit={rename}>
          <label>
            New name for {props.name}
            <input value={newName} onChange={(e) => setNewName(e.target.value)} autoFocus />
          </label>
          <button type="submit" disabled={mv.isPending}>
            {mv.isPending ? 'Renaming…' : 'Save name'}
          </button>
          <button type="button" className="quiet" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="quiet"
          onClick={() => {
            setNewName(props.name);
            setRenaming(true);
          }}
          disabled={!writable}
          title={writable ? undefined : NEEDS_WRITE}
        >
          Rename
        </button>
      )}
      <ConfirmButton
        label="Delete"
        question={
          schedule.checking
            ? `Delete ${what} ${props.name}? (checking the schedule…)`
            : deleteQuestion(what, props.name, schedule.uses)
        }
        disabled={!writable}
        title={writable ? undefined : NEEDS_WRITE}
        busy={rm.isPending}
        waiting={schedule.checking}
        onAsk={() => setAsking(true)}
        onCancel={() => setAsking(false)}
        onConfirm={() => void remove()}
      />
      {releaseError ? <ErrorAlert error={releaseError} /> : null}
      {mv.isError ? <ErrorAlert error={mv.error} /> : null}
      {rm.isError ? <ErrorAlert error={rm.error} /> : null}
    </div>
  );
}
