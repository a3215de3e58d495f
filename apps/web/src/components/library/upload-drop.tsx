'use client';
// Upload from the browser: drop files or whole folders on the library page (or choose them); each
// file shows its progress, the total too, and then what the server made of it. Needs AFS_WRITE
// (the server refuses others before a byte is stored).
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type DragEvent } from 'react';
import { useApiUrl } from '@/app/providers';
import { useAuth } from '@/lib/auth';
import styles from './library.module.css';
import { useUploads, type UploadItem } from './use-uploads';

type Picked = { file: File; relativePath: string };

/** The files of a dropped folder, with their paths inside it. */
async function entries(entry: FileSystemEntry, prefix = ''): Promise<Picked[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) =>
      (entry as FileSystemFileEntry).file(ok, fail),
    );
    return [{ file, relativePath: `${prefix}${file.name}` }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: Picked[] = [];
  // readEntries answers in batches until it answers none
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) return out;
    for (const e of batch) out.push(...(await entries(e, `${prefix}${entry.name}/`)));
  }
}

function describe(item: UploadItem): string {
  const s = item.state;
  switch (s.phase) {
    case 'waiting':
      return 'waiting';
    case 'uploading':
      return `${Math.floor((100 * s.sent) / Math.max(1, item.size))} %`;
    case 'adding':
      return 'adding…';
    case 'added':
      return `added: ${s.path}`;
    case 'duplicate':
      return `duplicate of ${s.of}: not added`;
    case 'cancelled':
      return 'cancelled';
    default:
      return `${s.phase}: ${s.reason}`;
  }
}

const sentOf = (i: UploadItem): number =>
  'sent' in i.state
    ? i.state.sent
    : i.state.phase === 'added' || i.state.phase === 'duplicate'
      ? i.size
      : 0;

export function UploadDrop() {
  const auth = useAuth();
  const writable = auth.can('AFS_WRITE');
  const apiUrl = useApiUrl();
  const queryClient = useQueryClient();
  const onAdded = useCallback(() => void queryClient.invalidateQueries(), [queryClient]);
  const { items, start, cancel, clear } = useUploads(apiUrl, onAdded);
  const [over, setOver] = useState(false);

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!writable) return;
    const picked: Picked[] = [];
    const list = [...e.dataTransfer.items];
    const roots = list
      .map((it) => it.webkitGetAsEntry?.())
      .filter((x): x is FileSystemEntry => !!x);
    if (roots.length > 0) for (const r of roots) picked.push(...(await entries(r)));
    else for (const f of e.dataTransfer.files) picked.push({ file: f, relativePath: f.name });
    if (picked.length > 0) await start(picked);
  };
  const total = items.reduce((n, i) => n + i.size, 0);
  const sent = items.reduce((n, i) => n + sentOf(i), 0);
  const busy = items.some((i) => ['waiting', 'uploading', 'adding'].includes(i.state.phase));

  return (
    <section
      className={`${styles.add} ${over ? styles.dropOver : ''}`}
      aria-label="Upload files"
      data-testid="upload-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <p>
        <strong>Upload</strong>: drop audio files or folders here, or{' '}
        <label>
          <span className={styles.link}>choose files</span>
          <input
            type="file"
            multiple
            hidden
            disabled={!writable}
            data-testid="upload-input"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void start(files.map((file) => ({ file, relativePath: file.name })));
            }}
          />
        </label>
        {writable ? '' : ' (needs the AFS_WRITE permission)'}. An interrupted upload continues when
        the same file is dropped again.
      </p>
      {items.length > 0 ? (
        <>
          <progress
            className={styles.progress}
            max={Math.max(1, total)}
            value={sent}
            aria-label="All uploads"
          />
          <ul className={styles.uploads} data-testid="upload-list">
            {items.map((i) => (
              <li key={i.key} data-phase={i.state.phase}>
                <code>{i.name}</code>{' '}
                {i.state.phase === 'uploading' || i.state.phase === 'waiting' ? (
                  <>
                    <progress
                      max={Math.max(1, i.size)}
                      value={sentOf(i)}
                      aria-label={`Upload of ${i.name}`}
                    />{' '}
                    <button type="button" onClick={() => cancel(i.key)}>
                      Cancel
                    </button>{' '}
                  </>
                ) : null}
                <span className="small" data-testid="upload-result">
                  {describe(i)}
                </span>
              </li>
            ))}
          </ul>
          {busy ? null : (
            <button type="button" onClick={clear}>
              Clear the list
            </button>
          )}
        </>
      ) : null}
    </section>
  );
}
