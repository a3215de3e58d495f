'use client';
// Logs in with auth.login; shows which server this is and a readable reason when it fails.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useResetSession } from '@/lib/auth';
import { errorMessage, isUnreachable } from '@/lib/errors';
import { useTRPC } from '@/lib/trpc';
import { ServerUnreachable } from '@/components/ui/server-unreachable';

/** only paths of this app, so a crafted ?next= cannot send the user elsewhere */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const reset = useResetSession();
  const info = useQuery(trpc.server.info.queryOptions());
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async () => {
        await reset();
        router.replace(safeNext(params.get('next')));
      },
    }),
  );
  if (info.isError && isUnreachable(info.error))
    return (
      <ServerUnreachable
        error={info.error}
        onRetry={() => void info.refetch()}
        retrying={info.isFetching}
      />
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ user, password });
  };
  return (
    <>
      <header className="masthead">
        <h1>paraweb</h1>
        {info.data ? (
          <span className="status status-online" data-testid="server-status">
            Online
          </span>
        ) : null}
      </header>
      <form className="card form" onSubmit={submit} aria-labelledby="login-title">
        <h2 id="login-title">Log in</h2>
        <label>
          User name
          <input
            name="user"
            autoComplete="username"
            required
            value={user}
            onChange={(e) => setUser(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {login.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(login.error)}
          </p>
        ) : null}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small">
          Web passwords are set on the server with <code>para_webuser passwd &lt;user&gt;</code>.
        </p>
      </form>
    </>
  );
}
