// Library: every audio file, sortable, searchable and filterable, with bulk actions.
import type { Metadata } from 'next';
import { LibraryPage } from '@/components/library';

export const metadata: Metadata = { title: 'Library' };

export default function Page() {
  return <LibraryPage />;
}
