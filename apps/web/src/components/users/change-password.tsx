'use client';
// Changing one's own password (auth.changePassword): the server ends the user's other sessions
// and renews this one.
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTRPC } from '@/lib/trpc';
import { errorMessage } from '@/lib/errors';

const MIN_LENGTH = 8;

export function ChangePassword() {
  const trpc = useTRPC();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string>();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent('');
        setNext('');
        setAgain('');
      },
    }),
  );
  const ids = { current: useId(), next: useId(), again: useId(), error: useId() };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.reset();
    if (next.length < MIN_LENGTH)
      return setProblem(`The new password needs at least ${MIN_LENGTH} characters.`);
    if (next !== again) return setProblem('The two new passwords differ.');
    setProblem(undefined);
    change.mutate({ current, next });
  };
  const error = problem ?? (change.isError ? errorMessage(change.error) : undefined);
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${ids.current}-h`}>
      <h2 id={`${ids.current}-h`}>Change my password</h2>
      <label htmlFor={ids.current}>
        Current password
        <input
          id={ids.current}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          required
        />
      </label>
      <label htmlFor={ids.next}>
        New password
        <input
          id={ids.next}
          type="password"
          autoComplete="new-password"
          minLength={MIN_LENGTH}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          aria-describedby={error ? ids.error : undefined}
          required
        />
      </label>
      <label htmlFor={ids.again}>
        New password again
        <input
          id={ids.again}
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          required
        />
      </label>
      {error ? (
        <p className="form-error" role="alert" id={ids.error}>
          {error}
        </p>
      ) : null}
      {change.isSuccess ? (
        <p role="status">Password changed. Your other sessions were logged out.</p>
      ) : null}
      <div>
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
