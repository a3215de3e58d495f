'use client';
// The library: every audio file in a virtualized table with server-side sort, search and
// filters, multi-select actions, and adding folders with live progress.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useDebounced } from '@/lib/use-debounced';
import { useTRPC } from '@/lib/trpc';
import { AddDirectory } from './add-directory';
import { UploadDrop } from './upload-drop';
import { WatchPanel } from './watch-panel';
import { LibraryTable } from './library-table';
import { filterQuery, LibraryToolbar, NO_FILTERS, type Filters } from './library-toolbar';
import type { LibraryQuery, SortColumn } from './library-query';
import { SelectionActions } from './selection-actions';
import { useRevealSelection } from './use-reveal-selection';
import { useSelection } from './use-selection';
import { formatCount } from '@/lib/format';

export function LibraryPage() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<{ sort: SortColumn; order: 'asc' | 'desc' }>({
    sort: 'path',
    order: 'asc',
  });
  const [total, setTotal] = useState<number>();
  const debounced = useDebounced(filters, 250);
  const query: LibraryQuery = useMemo(
    () => ({ ...sort, ...filterQuery(debounced) }),
    [sort, debounced],
  );
  const selection = useSelection(query);
  const reveal = useRevealSelection(query, selection);
  const attributes = useQuery(trpc.afs.lsatt.queryOptions({ args: [] }));
  const names = useMemo(
    () => attributes.data?.output.attributes.map((a) => a.name) ?? [],
    [attributes.data],
  );
  const onSort = useCallback(
    (column: SortColumn) =>
      setSort((s) => ({
        sort: column,
        order: s.sort === column && s.order === 'asc' ? 'desc' : 'asc',
      })),
    [],
  );

  return (
    <div className="page">
      <h1>Library</h1>
      <p className="muted" aria-live="polite" data-testid="library-total">
        {total === undefined
          ? 'Loading…'
          : `${formatCount(total)} matching file${total === 1 ? '' : 's'}`}
      </p>
      <AddDirectory />
      <UploadDrop />
      <WatchPanel />
      <LibraryToolbar filters={filters} attributes={names} onChange={setFilters} />
      <SelectionActions
        selection={selection}
        total={total ?? 0}
        attributes={names}
        onDone={reveal.reveal}
      />
      <LibraryTable
        query={query}
        onSort={onSort}
        selection={selection}
        onTotal={setTotal}
        reveal={reveal.target}
      />
    </div>
  );
}
