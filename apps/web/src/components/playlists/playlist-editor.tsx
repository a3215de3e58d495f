'use client';
// One playlist: its paths in order, reorder, add and remove entries, save, select, rename, delete.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useAuth } from '@/lib/auth';
import { useUnsavedChanges } from '@/lib/use-unsaved-changes';
import { base64ToText, textToBase64 } from '@/lib/base64';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SaveBar, useInvalidateAfs } from '@/components/moods';
import type { OpenBlob } from '@/components/moods';
import moodStyles from '@/components/moods/moods.module.css';
import { AddFiles } from './add-files';
import { PlaylistEntries, type Entry } from './playlist-entries';

export function PlaylistEditor(props: { open: OpenBlob; onOpen: (open: OpenBlob | null) => void }) {
  const trpc = useTRPC();
  const { name, isNew } = props.open;
  const cat = useQuery(trpc.afs.catpl.queryOptions({ args: [name] }, { enabled: !isNew }));
  if (isNew) return <PlaylistForm {...props} initial={[]} />;
  if (cat.isError) return <ErrorAlert error={cat.error} title={`Cannot open playlist ${name}`} />;
  if (!cat.data) return <p className="muted">Loading playlist {name}…</p>;
  const text = base64ToText(cat.data.output.blobs[0]?.data ?? '');
  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return <PlaylistForm {...props} initial={paths} />;
}

function PlaylistForm(props: {
  open: OpenBlob;
  initial: string[];
  onOpen: (open: OpenBlob | null) => void;
}) {
  const trpc = useTRPC();
  const auth = useAuth();
  const invalidate = useInvalidateAfs();
  const { name, isNew } = props.open;
  // ids keep rows apart while they are dragged; a path may be in the list twice
  const [entries, setEntries] = useState<Entry[]>(() =>
    props.initial.map((path, i) => ({ id: `i${i}`, path })),
  );
  const nextId = useRef(0);
  const added = (path: string): Entry => ({ id: `a${nextId.current++}`, path });
  const joined = entries.map((e) => e.path).join('\n');
  const [saved, setSaved] = useState(isNew ? null : props.initial.join('\n'));
  const save = useMutation(
    trpc.afs.addpl.mutationOptions({
      onSuccess: async () => {
        setSaved(joined);
        if (isNew) props.onOpen({ name, isNew: false });
        await invalidate();
      },
    }),
  );
  const writable = auth.can('AFS_WRITE');
  const dirty = saved !== joined;
  // an empty new playlist is nothing to lose
  useUnsavedChanges(joined !== (saved ?? props.initial.join('\n')));

  return (
    <div className="form">
      <section className={moodStyles.panel} aria-labelledby="playlist-editor-title">
        <h2 id="playlist-editor-title">
          Playlist <code>{name}</code>
          {isNew ? ' (new, not saved yet)' : dirty ? ' (changed)' : ''}
        </h2>
        <p className="muted small" aria-live="polite" data-testid="playlist-count">
          {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
        </p>
        <PlaylistEntries entries={entries} onChange={setEntries} readOnly={!writable} />
        <SaveBar
          kind="pl"
          name={name}
          isNew={isNew}
          dirty={dirty}
          stored={saved !== null}
          writable={writable}
          save={save}
          onSave={() => save.mutate({ args: [name], data: textToBase64(joined) })}
          onOpen={props.onOpen}
        />
      </section>
      <section className={moodStyles.panel}>
        <AddFiles
          disabled={!writable}
          onAdd={(paths) => setEntries((old) => [...old, ...paths.map(added)])}
        />
      </section>
    </div>
  );
}
