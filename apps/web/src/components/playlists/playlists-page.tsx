'use client';
// The playlists page: the stored playlists, the one being edited, and the current selection.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { BlobPage } from '@/components/moods';
import { useTRPC } from '@/lib/trpc';
import { PlaylistEditor } from './playlist-editor';

export function PlaylistsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.afs.lspl.queryOptions({ args: [] }));
  const queryClient = useQueryClient();
  return (
    <BlobPage
      title="Playlists"
      what="playlist"
      list={{
        names: list.data?.output.blobs.map((b) => b.name),
        error: list.error,
        pending: list.isPending,
        refetch: () => void list.refetch(),
        invalidate: () => void queryClient.invalidateQueries(trpc.afs.lspl.pathFilter()),
      }}
      editor={(open, onOpen) => <PlaylistEditor open={open} onOpen={onOpen} />}
    />
  );
}
