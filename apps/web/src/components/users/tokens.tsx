'use client';
// My API tokens (auth.tokens.*): a new token is shown once, with a copy button; revoking asks
// once more first.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import styles from './users.module.css';
import { formatDateTime } from '@/lib/format';

function when(iso: string | null): string {
  return iso ? formatDateTime(iso) : 'never';
}

function NewToken(props: { id: number; token: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string>();
  const copy = () => {
    navigator.clipboard.writeText(props.token).then(
      () => setCopied('Copied.'),
      () => setCopied('Copying is not allowed here: select the token and copy it yourself.'),
    );
  };
  return (
    <div className={styles.newToken} role="status">
      <p>
        <strong>Token {props.id} was created.</strong> Copy it now: it is not shown again.
      </p>
      <code data-testid="new-token" className={styles.token}>
        {props.token}
      </code>
      <div className={styles.row}>
        <button type="button" onClick={copy}>
          Copy token
        </button>
        <button type="button" className="quiet" onClick={props.onDone}>
          Done
        </button>
        {copied ? <span className="small">{copied}</span> : null}
      </div>
    </div>
  );
}

export function Tokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.auth.tokens.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.auth.tokens.list.queryKey() });
  const create = useMutation(trpc.auth.tokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.auth.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const [label, setLabel] = useState('');
  const [confirming, setConfirming] = useState<number>();
  const labelId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ label: label.trim() }, { onSuccess: () => setLabel('') });
  };
  return (
    <section className="card" aria-labelledby={`${labelId}-h`}>
      <h2 id={`${labelId}-h`}>My API tokens</h2>
      <p className="muted small">
        Scripts send a token as <code>Authorization: Bearer …</code>; it acts with your permissions
        until it is revoked.
      </p>
      <form className={styles.row} onSubmit={submit}>
        <label htmlFor={labelId} className={styles.grow}>
          Label
          <input
            id={labelId}
            value={label}
            maxLength={200}
            placeholder="e.g. nightly backup"
            onChange={(e) => setLabel(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={create.isPending} className={styles.alignEnd}>
          Create token
        </button>
      </form>
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      {create.data ? (
        <NewToken id={create.data.id} token={create.data.token} onDone={() => create.reset()} />
      ) : null}
      {revoke.isError ? <ErrorAlert error={revoke.error} /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <p className="muted">No tokens yet.</p> : null}
      {list.data && list.data.length > 0 ? (
        <div className={styles.tableWrap}>
          <table className={styles.table} data-testid="tokens">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Label</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className={styles.srOnly}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.id}</td>
                  <td>{t.label || <span className="muted">—</span>}</td>
                  <td>{when(t.createdAt)}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td className={styles.actions}>
                    {confirming === t.id ? (
                      <>
                        <button
                          type="button"
                          className="danger"
                          disabled={revoke.isPending}
                          onClick={() =>
                            revoke.mutate(
                              { id: t.id },
                              { onSettled: () => setConfirming(undefined) },
                            )
                          }
                        >
                          Yes, revoke {t.label || `token ${t.id}`}
                        </button>
                        <button
                          type="button"
                          className="quiet"
                          onClick={() => setConfirming(undefined)}
                        >
                          Cancel
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="quiet"
                        aria-label={`Revoke ${t.label || `token ${t.id}`}`}
                        onClick={() => setConfirming(t.id)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
