'use client';
// One attribute: its bit number and name, renamed inline (afs.mvatt) or removed (afs.rmatt).
import { attributeNameProblem } from '@paraweb/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
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
  const trimmed = newName.trim();
  const problem = trimmed === props.name ? undefined : attributeNameProblem(trimmed);
  // how many files carry it, for the remove question (the library's attribute filter)
  const [asked, setAsked] = useState(false);
  const carriers = useQuery({
    ...trpc.library.page.queryOptions({ withAttributes: [props.name], limit: 1 }),
    enabled: asked,
  });
  const count = carriers.data?.total;
  const question =
    count === undefined
      ? `Remove attribute ${props.name}? It is cleared in every file that has it.`
      : count === 0
        ? `Remove attribute ${props.name}? No file has it set.`
        : `Remove attribute ${props.name}? It is cleared in the ${count} file${count === 1 ? '' : 's'} that ${count === 1 ? 'has' : 'have'} it set.`;

  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || trimmed === props.name) return setRenaming(false);
    if (problem) return;
    mv.mutate({ args: [props.name, trimmed] }, { onSuccess: () => setRenaming(false) });
  };

  return (
    <tr data-testid={`attribute-${props.name}`}>
      <td className={styles.bit}>{props.bit}</td>
      <td>
        {renaming ? (
          <form className={styles.rename} onSubmit={rename}>
            <label>
              <span className="small">New name for {props.name}</span>
              <input
                value={newName}
                onChange={(e) => {
                  setNewName(e.target.value);
                  mv.reset();
                }}
                aria-invalid={problem ? true : undefined}
                autoFocus
              />
            </label>
            <button type="submit" disabled={mv.isPending || Boolean(problem)}>
              {mv.isPending ? 'Renaming…' : 'Save name'}
            </button>
            <button type="button" className="quiet" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          props.name
        )}
        {renaming && problem ? (
          <p className="form-error small" role="alert">
            {problem}
          </p>
        ) : null}
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
            question={question}
            onAsk={() => {
              setAsked(true);
              void carriers.refetch();
            }}
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
