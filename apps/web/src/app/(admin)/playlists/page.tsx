// Playlists: the files of each playlist in order, to edit, reorder, save and select.
import type { Metadata } from 'next';
import { PlaylistsPage } from '@/components/playlists';

export const metadata: Metadata = { title: 'Playlists' };

export default function Page() {
  return <PlaylistsPage />;
}
