'use client';
// The playlists page: the stored playlists, the one being edited, and the current selection.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { BlobNameList, CurrentSelection } from '@/components/moods';
import moodStyles from '@/components/moods/moods.module.css';
import { PlaylistEditor, type OpenPlaylist } from './playlist-editor';

export function PlaylistsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.afs.lspl.queryOptions({ args: [] }));
  const [open, setOpen] = useState<OpenPlaylist | null>(null);
  const queryClient = useQueryClient();
  // another tab or user may add, rename or remove playlists
  useSocketEvent('afs:change', (batch) => {
    if (batch.more > 0 || batch.changes.some((c) => c.type.startsWith('blob:')))
      void queryClient.invalidateQueries(trpc.afs.lspl.pathFilter());
  });
  return (
    <div className="page">
      <h1>Playlists</h1>
      <CurrentSelection />
      <div className={moodStyles.layout}>
        <BlobNameList
          what="playlist"
          list={{
            names: list.data?.output.blobs.map((b) => b.name),
            error: list.error,
            pending: list.isPending,
            refetch: () => void list.refetch(),
          }}
          open={open?.name}
          onOpen={(name, isNew) => setOpen({ name, isNew })}
        />
        {open ? (
          <PlaylistEditor key={`${open.name}:${open.isNew}`} open={open} onOpen={setOpen} />
        ) : (
          <p className="muted">Open a playlist, or start a new one.</p>
        )}
      </div>
    </div>
  );
}
