'use client';
// After an action on the selected files (set an attribute, mark played) the table re-sorts: on
// a table sorted by score, play count or last play, or filtered by attribute, the selected rows
// move. They stay selected (the selection is kept by file id); this hook finds where the first
// of them now stands (library.position) so that the table scrolls there.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { LibraryQuery } from './library-query';
import type { Selection } from './use-selection';

/** a row for the table to bring into view; a new object each time, so the same row can return */
export interface RevealTarget {
  offset: number;
}

export function useRevealSelection(query: LibraryQuery, selection: Selection) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<RevealTarget>();
  const { allMatching, picked } = selection;
  const reveal = useCallback(async () => {
    if (allMatching || picked.size === 0) return;
    const { offset } = await queryClient.fetchQuery(
      trpc.library.position.queryOptions({ ...query, ids: [...picked.keys()] }, { staleTime: 0 }),
    );
    if (offset >= 0) setTarget({ offset });
  }, [allMatching, picked, query, queryClient, trpc]);
  return { target, reveal };
}
