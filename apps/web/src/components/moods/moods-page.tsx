'use client';
// The moods page: the stored moods, the one being edited, and what the server selects from now.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import { BlobPage } from './blob-page';
import { MoodEditor } from './mood-editor';
import { MoodHelp } from './mood-help';

export function MoodsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.afs.lsmood.queryOptions({ args: [] }));
  const queryClient = useQueryClient();
  return (
    <BlobPage
      title="Moods"
      what="mood"
      list={{
        names: list.data?.output.blobs.map((b) => b.name),
        error: list.error,
        pending: list.isPending,
        refetch: () => void list.refetch(),
        invalidate: () => void queryClient.invalidateQueries(trpc.afs.lsmood.pathFilter()),
      }}
      editor={(open, onOpen) => <MoodEditor open={open} onOpen={onOpen} />}
    >
      <MoodHelp />
    </BlobPage>
  );
}
