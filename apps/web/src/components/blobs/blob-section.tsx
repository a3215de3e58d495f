'use client';
// The images or the lyrics: the list (afs.lsimg / afs.lslyr), an upload form and the details
// of the chosen one; follows other dashboards' changes (afs:change blob events).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useAuth } from '@/lib/auth';
import { useSocketEvent } from '@/lib/socket';
import { useTRPC } from '@/lib/trpc';
import { KINDS, type BlobEntry, type BlobKind } from './blob-kinds';
import { BlobDetails } from './blob-details';
import { BlobUpload } from './blob-upload';
import styles from './blobs.module.css';

export function BlobSection(props: { kind: BlobKind }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const writable = useAuth().can('AFS_WRITE');
  const k = KINDS[props.kind];
  const listOptions =
    props.kind === 'img'
      ? trpc.afs.lsimg.queryOptions({ args: [] })
      : trpc.afs.lslyr.queryOptions({ args: [] });
  const list = useQuery(listOptions);
  const [chosen, setChosen] = useState<string>();
  const blobs: BlobEntry[] = list.data?.output.blobs ?? [];
  const current = blobs.find((b) => b.name === chosen);

  const refresh = async (name?: string) => {
    setChosen(name);
    await queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
    // a replaced blob keeps its name: drop the cached content
    await queryClient.invalidateQueries(
      props.kind === 'img' ? trpc.afs.catimg.pathFilter() : trpc.afs.catlyr.pathFilter(),
    );
  };
  useSocketEvent('afs:change', (batch) => {
    if (batch.more > 0 || batch.changes.some((c) => 'table' in c && c.table === props.kind))
      void queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
  });

  return (
    <section className={styles.section} aria-labelledby={`blobs-${props.kind}`}>
      <h2 id={`blobs-${props.kind}`}>{k.title}</h2>
      <BlobUpload kind={props.kind} writable={writable} onUploaded={refresh} />
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && blobs.length === 0 ? (
        <p className="muted">No {k.title.toLowerCase()} yet.</p>
      ) : null}
      <ul className={styles.list} data-testid={`blob-list-${props.kind}`}>
        {blobs.map((b) => (
          <li key={b.id}>
            <button
              type="button"
              className="quiet"
              aria-pressed={b.name === chosen}
              onClick={() => setChosen(b.name)}
            >
              {b.name}
            </button>
          </li>
        ))}
      </ul>
      {current ? (
        <BlobDetails
          key={current.id}
          kind={props.kind}
          blob={current}
          writable={writable}
          onChanged={refresh}
        />
      ) : null}
    </section>
  );
}
