'use client';
// Who is logged in (auth.me) for every admin page, and what they may do.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useTRPC } from '@/lib/trpc';
import { hasPerm, type PermName } from '@/lib/perms';

export interface Me {
  user: string;
  perms: number;
  permissions: string;
  via: 'session' | 'token';
}

interface AuthValue {
  me: Me;
  /** true when the user's permission bits include `name` */
  can(name: PermName): boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider(props: { me: Me; children: ReactNode }) {
  const can = useCallback((name: PermName) => hasPerm(props.me.perms, name), [props.me.perms]);
  return <AuthContext value={{ me: props.me, can }}>{props.children}</AuthContext>;
}

/** The logged-in user; only inside the admin shell (which shows the login page otherwise). */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** auth.me as a query; the shell and the login page share it. */
export function useMeQuery() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
}

/** Forgets everything cached for the previous user (after login or logout). */
export function useResetSession(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    queryClient.clear();
    await queryClient.invalidateQueries();
  }, [queryClient]);
}
