// Public surface of the web library view: sorted, filtered pages of the audio file table.
export { LibraryIndex, libraryIndexOf } from './library-index.js';
export type { LibraryFilter, LibraryQuery } from './library-index.js';
export { SORT_COLUMNS, AFSI_COLUMNS } from './columns.js';
export type { LibraryRow, SortColumn } from './columns.js';
