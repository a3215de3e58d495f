'use client';
// One attribute: its bit number and name, renamed inline (afs.mvatt) or removed (afs.rmatt).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { attributeError } from './attribute-errors';
import styles from './attributes.module.css';

const NEEDS_WRITE = 'Needs the AFS_WRITE permission';

export function AttributeRow(props: {
  name: string;
  bit: number;
  writable: boolean;
  onChanged: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const done = { onSuccess: props.onChanged };
  const mv = useMutation(trpc.afs.mvatt.mutationOptions(done));
  const rm = useMutation(trpc.afs.rmatt.mutationOptions(done));
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(props.name);
  const error = mv.error ?? rm.error;
  const title = props.writable ? undefined : NEEDS_WRITE;

  const rename = (e: FormEvent) => {
    e.preventDefault();
    const n = newName.trim();
    if (!n || n === props.name) return setRenaming(false);
    mv.mutate({ args: [props.name, n] }, { onSuccess: () => setRenaming(false) });
  };

  return (
    <tr data-testid={`attribute-${props.name}`}>
      <td className={styles.bit}>{props.bit}</td>
      <td>
        {renaming ? (
          <form className={styles.rename} onSubmit={rename}>
            <label>
              <span className="small">New name for {props.name}</span>
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
          props.name
        )}
        {error ? (
          <p className="form-error small" role="alert">
            {attributeError(error)}
          </p>
        ) : null}
      </td>
      <td>
        <div className={styles.actions}>
          {!renaming ? (
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setNewName(props.name);
                setRenaming(true);
              }}
              disabled={!props.writable}
              title={title}
              aria-label={`Rename ${props.name}`}
            >
              Rename
            </button>
          ) : null}
          <ConfirmButton
            label="Remove"
            question={`Remove attribute ${props.name}? It is cleared in every file.`}
            onConfirm={() => rm.mutate({ args: [props.name] })}
            disabled={!props.writable}
            title={title}
            busy={rm.isPending}
          />
        </div>
      </td>
    </tr>
  );
}
