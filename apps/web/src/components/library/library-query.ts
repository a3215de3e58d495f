// What the library table asks the server for (library.page without offset and limit), the
// columns it shows, and how cells are written.
import type { AppRouter } from '@paraweb/server/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { formatLastPlayed } from '@/lib/format';

type PageInput = inferRouterInputs<AppRouter>['library']['page'];
export type LibraryQuery = Omit<PageInput, 'offset' | 'limit'>;
export type SortColumn = NonNullable<PageInput['sort']>;
export type FormatName = NonNullable<PageInput['format']>;
export type LibraryRow = inferRouterOutputs<AppRouter>['library']['page']['rows'][number];

export const FORMATS: readonly FormatName[] = ['mp3', 'ogg', 'aac', 'wma', 'spx', 'flac', 'opus'];

export interface Column {
  id: string;
  label: string;
  /** the server-side sort column, if the column sorts */
  sort?: SortColumn;
  /** CSS grid track */
  width: string;
  numeric?: boolean;
  cell(row: LibraryRow): string;
  /** the tooltip, when it says more than the cell */
  title?(row: LibraryRow): string;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export const COLUMNS: readonly Column[] = [
  // the cover picture (cover-thumb.tsx draws it; the text is its tooltip)
  { id: 'cover', label: 'Cover', width: '2rem', cell: (r) => (r.imageId ? 'cover image' : '') },
  {
    id: 'basename',
    label: 'File',
    sort: 'basename',
    width: 'minmax(7rem, 2fr)',
    cell: (r) => r.basename,
  },
  {
    id: 'directory',
    label: 'Folder',
    sort: 'path',
    width: 'minmax(5rem, 1.5fr)',
    cell: (r) => r.directory,
  },
  {
    id: 'artist',
    label: 'Artist',
    sort: 'artist',
    width: 'minmax(5rem, 1.2fr)',
    cell: (r) => r.artist,
  },
  {
    id: 'title',
    label: 'Title',
    sort: 'title',
    width: 'minmax(5rem, 1.2fr)',
    cell: (r) => r.title,
  },
  {
    id: 'album',
    label: 'Album',
    sort: 'album',
    width: 'minmax(5rem, 1.2fr)',
    cell: (r) => r.album,
  },
  { id: 'year', label: 'Year', sort: 'year', width: '3rem', numeric: true, cell: (r) => r.year },
  {
    id: 'duration',
    label: 'Duration',
    sort: 'duration',
    width: '4rem',
    numeric: true,
    cell: (r) => formatDuration(r.durationMs),
  },
  {
    id: 'attributes',
    label: 'Attributes',
    width: 'minmax(4rem, 1fr)',
    cell: (r) => r.attributes.join(' '),
  },
  {
    id: 'score',
    label: 'Score',
    sort: 'score',
    width: '3.5rem',
    numeric: true,
    cell: (r) => (r.score === null ? '–' : String(r.score)),
  },
  {
    id: 'numPlayed',
    label: 'Played',
    sort: 'numPlayed',
    width: '3.5rem',
    numeric: true,
    cell: (r) => String(r.numPlayed),
  },
  {
    id: 'lastPlayed',
    label: 'Last played',
    sort: 'lastPlayed',
    width: 'minmax(7rem, 1.3fr)',
    cell: (r) => formatLastPlayed(r.numPlayed, r.lastPlayed),
  },
  {
    id: 'format',
    label: 'Format',
    sort: 'format',
    width: '3.5rem',
    cell: (r) => r.format,
    // the loudness a rendition measured (EBU R128), once there is one
    title: (r) => (r.loudness === null ? r.format : `${r.format}, ${r.loudness.toFixed(1)} LUFS`),
  },
  {
    id: 'bitrate',
    label: 'kbit/s',
    sort: 'bitrate',
    width: '3.5rem',
    numeric: true,
    cell: (r) => String(r.bitrate),
  },
];

/**
 * the grid tracks of a row: the checkbox, then every column. Their least widths, with the gaps
 * of library.module.css, fit a 1440 px window beside the navigation (e2e/tests/layout.spec.ts).
 */
export const GRID_TEMPLATE = ['2rem', ...COLUMNS.map((c) => c.width)].join(' ');
