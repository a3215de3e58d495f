'use client';
// The moods page: the stored moods, the one being edited, and what the server selects from now.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { BlobNameList } from './blob-name-list';
import { CurrentSelection } from './current-selection';
import { MoodEditor, type OpenBlob } from './mood-editor';
import { MoodHelp } from './mood-help';
import styles from './moods.module.css';

export function MoodsPage() {
  const trpc = useTRPC();
  const list = useQuery(trpc.afs.lsmood.queryOptions({ args: [] }));
  const [open, setOpen] = useState<OpenBlob | null>(null);
  const queryClient = useQueryClient();
  // another tab or user may add, rename or remove moods
  useSocketEvent('afs:change', (batch) => {
    if (batch.more > 0 || batch.changes.some((c) => c.type.startsWith('blob:')))
      void queryClient.invalidateQueries(trpc.afs.lsmood.pathFilter());
  });
  return (
    <div className="page">
      <h1>Moods</h1>
      <CurrentSelection />
      <div className={styles.layout}>
        <BlobNameList
          what="mood"
          list={{
            names: list.data?.output.blobs.map((b) => b.name),
            error: list.error,
            pending: list.isPending,
            refetch: () => void list.refetch(),
          }}
          open={open?.name}
          onOpen={(name, isNew) => setOpen({ name, isNew })}
        />
        <div className="form">
          {open ? (
            <MoodEditor key={`${open.name}:${open.isNew}`} open={open} onOpen={setOpen} />
          ) : (
            <p className="muted">Open a mood, or start a new one.</p>
          )}
          <MoodHelp />
        </div>
      </div>
    </div>
  );
}
