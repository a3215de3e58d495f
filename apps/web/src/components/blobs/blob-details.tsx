'use client';
// One image or lyrics blob: its content, renaming (mvimg/mvlyr), removing (rmimg/rmlyr) and
// attaching it to the audio files a search finds (the dashboard's one search rule, through
// library.paths; then touch -i / touch -y with its id on those paths).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SearchRule } from '@/components/ui/search-rule';
import { inSlices } from '@/lib/paths-in-slices';
import { useTRPCClient } from '@/lib/trpc';
import { KINDS, type BlobEntry, type BlobKind } from './blob-kinds';
import { BlobPreview } from './blob-preview';
import styles from './blobs.module.css';

export function BlobDetails(props: {
  kind: BlobKind;
  blob: BlobEntry;
  writable: boolean;
  onChanged(name?: string): Promise<void>;
}) {
  const client = useTRPCClient();
  const { kind, blob } = props;
  const k = KINDS[kind];
  const [newName, setNewName] = useState(blob.name);
  const [pattern, setPattern] = useState('');
  const rename = useMutation({
    mutationFn: (to: string) =>
      kind === 'img'
        ? client.afs.mvimg.mutate({ args: [blob.name, to] })
        : client.afs.mvlyr.mutate({ args: [blob.name, to] }),
    onSuccess: (_r, to) => props.onChanged(to),
  });
  const remove = useMutation({
    mutationFn: () =>
      kind === 'img'
        ? client.afs.rmimg.mutate({ args: [blob.name] })
        : client.afs.rmlyr.mutate({ args: [blob.name] }),
    onSuccess: () => props.onChanged(),
  });
  const attach = useMutation({
    mutationFn: async (v: { id: number; pattern: string }) => {
      const { paths } = await client.library.paths.query({ search: v.pattern, sort: 'path' });
      return inSlices(paths, (args) => client.afs.touch.mutate({ [k.touchKey]: v.id, args }));
    },
  });
  const title = props.writable ? undefined : 'Needs the AFS_WRITE permission';
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    const to = newName.trim();
    if (to && to !== blob.name) rename.mutate(to);
  };
  const submitAttach = (id: number) => (e: FormEvent) => {
    e.preventDefault();
    if (pattern.trim()) attach.mutate({ id, pattern: pattern.trim() });
  };

  return (
    <section className={styles.details} aria-label={`${k.one} ${blob.name}`}>
      <h3>
        {blob.name} <span className="muted small">id {blob.id}</span>
      </h3>
      <BlobPreview kind={kind} name={blob.name} />
      <form className={styles.inline} onSubmit={submitRename}>
        <label>
          New name
          <input
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            disabled={!props.writable}
            title={title}
          />
        </label>
        <button
          type="submit"
          className="quiet"
          disabled={!props.writable || rename.isPending}
          title={title}
        >
          Rename
        </button>
        <ConfirmButton
          label="Remove"
          question={`Remove ${k.one} ${blob.name}?`}
          onConfirm={() => remove.mutate()}
          disabled={!props.writable}
          title={title}
          busy={remove.isPending}
        />
      </form>
      <form className={styles.inline} onSubmit={submitAttach(blob.id)}>
        <label>
          Attach to files matching
          <input
            type="search"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            placeholder="e.g. bjork homogenic, or /srv/music/album/*"
            aria-describedby={`attach-rule-${blob.id}`}
            disabled={!props.writable}
            title={title}
          />
        </label>
        <button
          type="submit"
          disabled={!props.writable || attach.isPending || !pattern.trim()}
          title={title}
        >
          Attach
        </button>
        <button
          type="button"
          className="quiet"
          disabled={!props.writable || attach.isPending || !pattern.trim()}
          title={title}
          onClick={() => attach.mutate({ id: 0, pattern: pattern.trim() })}
        >
          Detach
        </button>
      </form>
      <SearchRule id={`attach-rule-${blob.id}`} />
      <p role="status" aria-live="polite" className="small">
        {attach.isSuccess
          ? attach.variables.id === 0
            ? `Removed the ${k.one} of ${attach.data} file${attach.data === 1 ? '' : 's'}.`
            : `Attached to ${attach.data} file${attach.data === 1 ? '' : 's'}.`
          : ''}
      </p>
      {[rename.error, remove.error, attach.error].map((err, i) =>
        err ? <ErrorAlert key={i} error={err} /> : null,
      )}
    </section>
  );
}
