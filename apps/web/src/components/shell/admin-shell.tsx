'use client';
// The frame of every admin page: who is logged in (or the login page), the navigation, the live
// connection, theme and logout. Pages inside it may call useAuth() and the socket hooks.
import { useMutation } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, type ReactNode } from 'react';
import { AuthProvider, useAuth, useMeQuery, useResetSession } from '@/lib/auth';
import { isUnauthorized } from '@/lib/errors';
import { SocketProvider, useSocket } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { ServerUnreachable } from '@/components/ui/server-unreachable';
import { MainNav } from './nav';
import { ThemeToggle } from './theme-toggle';

export function AdminShell(props: { children: ReactNode }) {
  const me = useMeQuery();
  const router = useRouter();
  const pathname = usePathname();
  const needsLogin = me.isError && isUnauthorized(me.error);
  useEffect(() => {
    if (needsLogin) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [needsLogin, pathname, router]);

  if (me.isPending || needsLogin)
    return (
      <main className="page" id="main">
        <p className="muted">Loading…</p>
      </main>
    );
  if (me.isError)
    return (
      <ServerUnreachable
        error={me.error}
        onRetry={() => void me.refetch()}
        retrying={me.isFetching}
      />
    );
  return (
    <AuthProvider me={me.data}>
      <SocketProvider>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <div className="shell">
          <ShellHeader />
          <MainNav />
          <main className="shell-main" id="main">
            {props.children}
          </main>
        </div>
      </SocketProvider>
    </AuthProvider>
  );
}

function ShellHeader() {
  const { me } = useAuth();
  const { connected } = useSocket();
  const trpc = useTRPC();
  const router = useRouter();
  const reset = useResetSession();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: async () => {
        await reset();
        router.replace('/login');
      },
    }),
  );
  return (
    <header className="shell-header">
      <span className="brand">paraweb</span>
      <span
        className={`status ${connected ? 'status-online' : 'status-offline'}`}
        data-testid="live-status"
        title={connected ? 'live updates are on' : 'live updates are reconnecting'}
      >
        {connected ? 'Live' : 'Reconnecting…'}
      </span>
      <span className="spacer" />
      <span className="who" data-testid="current-user">
        {me.user} <span className="muted">({me.permissions || 'no permissions'})</span>
      </span>
      <ThemeToggle />
      <button
        type="button"
        className="quiet"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        Log out
      </button>
      {logout.isError ? <ErrorAlert error={logout.error} /> : null}
    </header>
  );
}
