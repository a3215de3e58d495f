'use client';
// Uploading an image or lyrics file (afs.addimg / afs.addlyr with the data as base64); a blob
// of the same name is replaced and keeps its id.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useTRPCClient } from '@/lib/trpc';
import { fileToBase64, KINDS, nameFromFile, type BlobKind } from './blob-kinds';
import styles from './blobs.module.css';

export function BlobUpload(props: {
  kind: BlobKind;
  writable: boolean;
  onUploaded(name: string): Promise<void>;
}) {
  const client = useTRPCClient();
  const k = KINDS[props.kind];
  const [name, setName] = useState('');
  const [file, setFile] = useState<File>();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: async (v: { name: string; file: File }) => {
      const data = await fileToBase64(v.file);
      const args = [v.name];
      if (props.kind === 'img') await client.afs.addimg.mutate({ args, data });
      else await client.afs.addlyr.mutate({ args, data });
      return v.name;
    },
    onSuccess: async (n) => {
      setName('');
      setFile(undefined);
      if (input.current) input.current.value = '';
      await props.onUploaded(n);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim() || (file ? nameFromFile(file.name) : '');
    if (file && n) upload.mutate({ name: n, file });
  };
  const title = props.writable ? undefined : 'Needs the AFS_WRITE permission';
  return (
    <form className={styles.upload} onSubmit={submit} aria-label={`Upload ${k.one}`}>
      <label>
        {k.title === 'Images' ? 'Image file' : 'Lyrics file'}
        <input
          ref={input}
          type="file"
          accept={k.accept}
          disabled={!props.writable}
          title={title}
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </label>
      <label>
        Name
        <input
          value={name}
          placeholder={file ? nameFromFile(file.name) : `name of the ${k.one}`}
          onChange={(e) => setName(e.target.value)}
          disabled={!props.writable}
          title={title}
        />
      </label>
      <button type="submit" disabled={!props.writable || !file || upload.isPending} title={title}>
        {upload.isPending ? 'Uploading…' : 'Upload'}
      </button>
      {upload.isError ? <ErrorAlert error={upload.error} /> : null}
    </form>
  );
}
