// Library: every audio file, sortable, searchable and filterable, with bulk actions.
import { LibraryPage } from '@/components/library';

export default function Page() {
  return <LibraryPage />;
}
