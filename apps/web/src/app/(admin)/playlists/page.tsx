// Playlists: the files of each playlist in order, to edit, reorder, save and select.
import { PlaylistsPage } from '@/components/playlists';

export default function Page() {
  return <PlaylistsPage />;
}
