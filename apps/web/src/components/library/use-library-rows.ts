'use client';
// The rows of the library table, fetched a page at a time for the rows on screen only, and
// refetched (debounced) when the database changes (socket.io afs:change).
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import type { LibraryQuery, LibraryRow } from './library-query';

export const PAGE_SIZE = 100;
const REFETCH_DELAY_MS = 300;

export interface LibraryRows {
  /** matching files; undefined until the first page arrived */
  total: number | undefined;
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
        { staleTime: 30_000, retry: 0 },
      ),
    ),
  });
  // the count stays on screen while the next pages load
  const [total, setTotal] = useState<number>();
  const known = results.find((r) => r.data)?.data?.total;
  // adjusted while rendering (React's pattern for state that follows a value): no extra commit
  if (known !== undefined && known !== total) setTotal(known);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refetch = () => void queryClient.invalidateQueries(trpc.library.pathFilter());
  useSocketEvent('afs:change', () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(refetch, REFETCH_DELAY_MS);
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  return {
    total: known ?? total,
    row(index) {
      const i = pages.indexOf(Math.floor(index / PAGE_SIZE));
      return i < 0 ? undefined : results[i]?.data?.rows[index % PAGE_SIZE];
    },
    error: results.find((r) => r.error)?.error ?? null,
    isFetching: results.some((r) => r.isFetching),
    refetch,
  };
}
