'use client';
// The attributes page: the named bits files can carry (afs.lsatt), with add, rename and remove.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attributeNameProblem, MAX_ATTRIBUTES } from '@paraweb/contracts';
import { useState, type FormEvent } from 'react';
import { useAuth } from '@/lib/auth';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { attributeError } from './attribute-errors';
import { AttributeRow } from './attribute-row';
import styles from './attributes.module.css';

export function AttributesPage() {
  const trpc = useTRPC();
  const auth = useAuth();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.afs.lsatt.queryOptions({ args: [], idSort: true }));
  const refresh = () => queryClient.invalidateQueries(trpc.afs.lsatt.pathFilter());
  useSocketEvent('afs:change', (batch) => {
    if (batch.more > 0 || batch.changes.some((c) => c.type.startsWith('attribute:')))
      void refresh();
  });
  const add = useMutation(trpc.afs.addatt.mutationOptions({ onSuccess: refresh }));
  const [names, setNames] = useState('');
  const writable = auth.can('AFS_WRITE');
  const attributes = list.data?.output.attributes;

  const args = names.split(/[\s,]+/).filter(Boolean);
  // the server's rule, checked as the user types (spaces and commas separate names here)
  const problem = args.map(attributeNameProblem).find(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (args.length === 0 || problem) return;
    add.mutate({ args }, { onSuccess: () => setNames('') });
  };

  return (
    <div className="page">
      <h1>Attributes</h1>
      <p className="muted">
        Attributes are named bits (at most {MAX_ATTRIBUTES}) set on audio files; moods test them
        with <code>is_set(&quot;name&quot;)</code>.
      </p>
      <form className={styles.add} onSubmit={submit}>
        <label>
          New attribute names
          <input
            value={names}
            onChange={(e) => {
              setNames(e.target.value);
              // an old error is about other text: it goes when the field changes
              add.reset();
            }}
            placeholder="e.g. rock live"
            disabled={!writable}
            autoComplete="off"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'attribute-name-problem' : undefined}
          />
        </label>
        <button
          type="submit"
          disabled={!writable || add.isPending || Boolean(problem)}
          title={writable ? undefined : 'Needs the AFS_WRITE permission'}
        >
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </form>
      {problem ? (
        <p className="form-error" role="alert" id="attribute-name-problem">
          {problem}
        </p>
      ) : null}
      {add.isError ? (
        <p className="form-error" role="alert" data-testid="attribute-add-error">
          {attributeError(add.error)}
        </p>
      ) : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {attributes ? (
        <>
          <p className="small muted" aria-live="polite" data-testid="attribute-count">
            {attributes.length} of {MAX_ATTRIBUTES} attribute bits in use
          </p>
          <table className={styles.table}>
            <caption className="muted small">Attributes by bit number</caption>
            <thead>
              <tr>
                <th scope="col">Bit</th>
                <th scope="col">Name</th>
                <th scope="col">
                  <span className="small">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {attributes.map((a) => (
                <AttributeRow
                  key={`${a.id}:${a.name}`}
                  name={a.name}
                  bit={a.id}
                  writable={writable}
                  onChanged={refresh}
                />
              ))}
            </tbody>
          </table>
          {attributes.length === 0 ? <p className="muted">No attributes yet.</p> : null}
        </>
      ) : list.isPending ? (
        <p className="muted">Loading…</p>
      ) : null}
    </div>
  );
}
