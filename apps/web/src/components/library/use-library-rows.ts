'use client';
// The rows of the library table, fetched a page at a time for the rows on screen only, and
// refetched (debounced) when the database changes (socket.io afs:change). The number of matching
// files comes from the first page alone: were it read from the pages on screen, a new count would
// move the rows on screen, which load other pages with another count, and so on (issue #12.1).
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import type { LibraryQuery, LibraryRow } from './library-query';

export const PAGE_SIZE = 100;
const REFETCH_DELAY_MS = 300;

const pageOptions = { staleTime: 30_000, retry: 0 } as const;

/**
 * The number of files matching `query`, from its first page (which the table shows often and
 * the cache keeps); the previous query's count stays on screen while the new one loads.
 */
export function useLibraryTotal(query: LibraryQuery): number | undefined {
  const trpc = useTRPC();
  const first = useQuery({
    ...trpc.library.page.queryOptions({ ...query, offset: 0, limit: PAGE_SIZE }, pageOptions),
    placeholderData: keepPreviousData,
  });
  return first.data?.total;
}

export interface LibraryRows {
  row: (index: number) => LibraryRow | undefined;
  error: unknown;
  isFetching: boolean;
  refetch: () => void;
}

export function useLibraryRows(query: LibraryQuery, first: number, last: number): LibraryRows {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) out.push(p);
    return out.length ? out : [0];
  }, [first, last]);
  const results = useQueries({
    queries: pages.map((p) =>
      trpc.library.page.queryOptions(
        { ...query, offset: p * PAGE_SIZE, limit: PAGE_SIZE },
        pageOptions,
      ),
    ),
  });

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refetch = () => void queryClient.invalidateQueries(trpc.library.pathFilter());
  useSocketEvent('afs:change', () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(refetch, REFETCH_DELAY_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  return {
    row(index) {
      const i = pages.indexOf(Math.floor(index / PAGE_SIZE));
      return i < 0 ? undefined : results[i]?.data?.rows[index % PAGE_SIZE];
    },
    error: results.find((r) => r.error)?.error ?? null,
    isFetching: results.some((r) => r.isFetching),
    refetch,
  };
}
