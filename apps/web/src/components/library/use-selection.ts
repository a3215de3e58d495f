'use client';
// Which files of the library are selected: single rows (click), ranges (shift-click, resolved on
// the server since the rows in between may not be loaded) or every matching file.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { LibraryQuery } from './library-query';

export interface Selection {
  /** id -> path of the rows picked one by one or by range */
  picked: ReadonlyMap<number, string>;
  /** every file matching the current query */
  allMatching: boolean;
  /** number of selected files (total when allMatching) */
  count: (total: number) => number;
  isSelected: (id: number) => boolean;
  /** toggles one row; with `range` every row from the last toggled one to this one */
  toggle: (index: number, row: { id: number; path: string }, range: boolean) => Promise<void>;
  selectAllMatching: () => void;
  clear: () => void;
  /** the selected paths (fetched when all matching files are selected) */
  paths: () => Promise<string[]>;
}

export function useSelection(query: LibraryQuery): Selection {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<ReadonlyMap<number, string>>(new Map());
  const [allMatching, setAllMatching] = useState(false);
  const [anchor, setAnchor] = useState<{ index: number; selected: boolean }>();
  // a new sort or filter: "all matching" meant the old matches
  const [lastQuery, setLastQuery] = useState(query);
  if (lastQuery !== query) {
    setLastQuery(query);
    setAllMatching(false);
    setAnchor(undefined);
  }

  const fetchPaths = useCallback(
    (offset: number, limit: number) =>
      queryClient.fetchQuery(
        trpc.library.paths.queryOptions({ ...query, offset, limit }, { staleTime: 0 }),
      ),
    [queryClient, trpc, query],
  );

  const toggle = useCallback(
    async (index: number, row: { id: number; path: string }, range: boolean) => {
      if (allMatching) return;
      if (range && anchor) {
        const from = Math.min(anchor.index, index);
        const { ids, paths } = await fetchPaths(from, Math.abs(anchor.index - index) + 1);
        setPicked((old) => {
          const next = new Map(old);
          ids.forEach((id, i) => {
            if (anchor.selected) next.set(id, paths[i]!);
            else next.delete(id);
          });
          return next;
        });
        return;
      }
      const selected = !picked.has(row.id);
      setAnchor({ index, selected });
      setPicked((old) => {
        const next = new Map(old);
        if (selected) next.set(row.id, row.path);
        else next.delete(row.id);
        return next;
      });
    },
    [allMatching, anchor, fetchPaths, picked],
  );

  return {
    picked,
    allMatching,
    count: (total) => (allMatching ? total : picked.size),
    isSelected: (id) => allMatching || picked.has(id),
    toggle,
    selectAllMatching: () => setAllMatching(true),
    clear: () => {
      setAllMatching(false);
      setPicked(new Map());
      setAnchor(undefined);
    },
    paths: async () => (allMatching ? (await fetchPaths(0, 100_000)).paths : [...picked.values()]),
  };
}
