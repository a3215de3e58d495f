'use client';
// Client-side plumbing: one QueryClient and one tRPC client per browser tab.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { CSRF_HEADER } from '@paraweb/contracts';
import type { AppRouter } from '@paraweb/server/router';
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { resolveApiUrl } from '@/lib/api-url';
import { TRPCProvider } from '@/lib/trpc';

const ApiUrlContext = createContext<string>('');

/** The API base URL the tRPC client talks to, for messages that name it. */
export function useApiUrl(): string {
  return useContext(ApiUrlContext);
}

const StreamUrlContext = createContext<string | undefined>(undefined);

/** PARAWEB_STREAM_URL: where the web player finds the audio stream, if not at the API's host. */
export function useStreamUrlOverride(): string | undefined {
  return useContext(StreamUrlContext);
}

export function Providers(props: {
  apiUrl: string | undefined;
  apiPort?: number | undefined;
  streamUrl?: string | undefined;
  children: ReactNode;
}) {
  const [apiUrl] = useState(() => resolveApiUrl(props.apiUrl, props.apiPort));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // One quick retry, so an unreachable server shows its error within seconds.
        defaultOptions: { queries: { retry: 1, retryDelay: 500, staleTime: 5_000 } },
      }),
  );
  const [trpcClient] = useState(() => {
    const http = {
      url: `${apiUrl}/trpc`,
      // the API refuses POSTs without this header (CSRF), and the session cookie is on its origin
      headers: { [CSRF_HEADER]: '1' },
      fetch: (url: URL | RequestInfo, init?: RequestInit) =>
        fetch(url, { ...init, credentials: 'include' }),
    };
    return createTRPCClient<AppRouter>({
      links: [
        // the API refuses auth.login inside a batch (one password guess per request)
        splitLink({
          condition: (op) => op.path === 'auth.login',
          true: httpLink(http),
          false: httpBatchLink(http),
        }),
      ],
    });
  });
  return (
    <ApiUrlContext value={apiUrl}>
      <StreamUrlContext value={props.streamUrl || undefined}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            {props.children}
          </TRPCProvider>
        </QueryClientProvider>
      </StreamUrlContext>
    </ApiUrlContext>
  );
}
