'use client';
// The virtualized library table: only the rows on screen exist in the page, so 100,000 files
// scroll as smoothly as ten; sorting is the server's (header buttons), rows load a page at a time.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { CoverThumb } from './cover-thumb';
import { COLUMNS, GRID_TEMPLATE, type LibraryQuery, type SortColumn } from './library-query';
import styles from './library.module.css';
import type { RevealTarget } from './use-reveal-selection';
import type { Selection } from './use-selection';
import { useLibraryRows, useLibraryTotal } from './use-library-rows';

const ROW_HEIGHT = 36;

export function LibraryTable(props: {
  query: LibraryQuery;
  onSort: (column: SortColumn) => void;
  selection: Selection;
  /** the number of matching files, whenever it changes */
  onTotal: (total: number | undefined) => void;
  /** a row to bring into view (the selection after an action re-sorted it) */
  reveal?: RevealTarget | undefined;
}) {
  const { query, selection } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // the server's count sizes the scroll area; the rows on screen decide which pages load (read
  // in the same render: no state follows the virtualizer, so nothing can loop)
  const known = useLibraryTotal(query);
  const total = known ?? 0;
  const { onTotal } = props;
  useEffect(() => onTotal(known), [onTotal, known]);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const { reveal } = props;
  useEffect(() => {
    if (!reveal) return;
    // a row still on screen stays where it is; one that moved away comes to the middle
    const shown = virtualizer.range;
    const visible = shown && reveal.offset > shown.startIndex && reveal.offset < shown.endIndex;
    if (!visible) virtualizer.scrollToIndex(reveal.offset, { align: 'center' });
  }, [reveal, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const data = useLibraryRows(query, items[0]?.index ?? 0, items.at(-1)?.index ?? 0);

  const sortState = (c: SortColumn | undefined): 'ascending' | 'descending' | 'none' =>
    c && c === (query.sort ?? 'path')
      ? query.order === 'desc'
        ? 'descending'
        : 'ascending'
      : 'none';

  return (
    <div className={styles.tableWrap}>
      {data.error ? <ErrorAlert error={data.error} onRetry={data.refetch} /> : null}
      <div
        ref={scroller}
        className={styles.scroller}
        role="table"
        aria-label="Audio files"
        aria-rowcount={total + 1}
        aria-busy={data.isFetching}
        tabIndex={0}
      >
        <div role="rowgroup" className={styles.head}>
          <div
            role="row"
            aria-rowindex={1}
            className={styles.row}
            style={{ gridTemplateColumns: GRID_TEMPLATE }}
          >
            <span role="columnheader" className={styles.check}>
              <span className={styles.srOnly}>Selected</span>
            </span>
            {COLUMNS.map((c) => (
              <span
                key={c.id}
                role="columnheader"
                aria-sort={sortState(c.sort)}
                className={c.numeric ? styles.numeric : undefined}
              >
                {c.sort ? (
                  <button
                    type="button"
                    className={styles.sortButton}
                    onClick={() => props.onSort(c.sort!)}
                  >
                    {c.label}
                    <span aria-hidden="true">
                      {sortState(c.sort) === 'ascending'
                        ? ' ▲'
                        : sortState(c.sort) === 'descending'
                          ? ' ▼'
                          : ''}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </span>
            ))}
          </div>
        </div>
        <div role="rowgroup" className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = data.row(item.index);
            const selected = row ? selection.isSelected(row.id) : false;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                data-testid={row ? 'library-row' : 'library-row-loading'}
                className={`${styles.row} ${selected ? styles.selected : ''}`}
                style={{
                  gridTemplateColumns: GRID_TEMPLATE,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell" className={styles.check}>
                  {row ? (
                    <input
                      type="checkbox"
                      checked={selected}
                      disabled={selection.allMatching}
                      aria-label={`Select ${row.path}`}
                      onChange={() => undefined}
                      onClick={(e) => void selection.toggle(item.index, row, e.shiftKey)}
                    />
                  ) : null}
                </span>
                {COLUMNS.map((c) => (
                  <span
                    key={c.id}
                    role="cell"
                    className={c.numeric ? styles.numeric : undefined}
                    title={row ? (c.title ?? c.cell)(row) : undefined}
                  >
                    {row && c.id === 'cover' ? (
                      <CoverThumb imageId={row.imageId} label={row.album || row.basename} />
                    ) : row ? (
                      c.cell(row)
                    ) : c.id === 'basename' ? (
                      'Loading…'
                    ) : (
                      ''
                    )}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {known === 0 ? <p className="muted">No audio files match.</p> : null}
    </div>
  );
}
