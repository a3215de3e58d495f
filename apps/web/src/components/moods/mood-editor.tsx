'use client';
// One mood: its definition in the editor with live checking and preview, save, select, rename
// and delete.
import { useMutation, useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { useAuth } from '@/lib/auth';
import { useUnsavedChanges } from '@/lib/use-unsaved-changes';
import { base64ToText, textToBase64 } from '@/lib/base64';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useInvalidateAfs } from './blob-actions';
import { MoodErrorLine } from './mood-error-line';
import { MoodPreviewList } from './mood-preview-list';
import { SaveBar } from './save-bar';
import styles from './moods.module.css';
import { useMoodPreview } from './use-mood-preview';
import type { OpenBlob } from './blob-page';

// CodeMirror touches the DOM: never rendered on the server
const MoodCodeEditor = dynamic(() => import('./mood-code-editor'), {
  ssr: false,
  loading: () => <p className="muted">Loading the editor…</p>,
});

const EXAMPLE = '# files of one artist; see the mood language help below\nartist =~ /Basalt/\n';

export function MoodEditor(props: { open: OpenBlob; onOpen: (open: OpenBlob | null) => void }) {
  const trpc = useTRPC();
  const { name, isNew } = props.open;
  const cat = useQuery(trpc.afs.catmood.queryOptions({ args: [name] }, { enabled: !isNew }));
  if (isNew) return <MoodForm {...props} initial={EXAMPLE} />;
  if (cat.isError) return <ErrorAlert error={cat.error} title={`Cannot open mood ${name}`} />;
  if (!cat.data) return <p className="muted">Loading mood {name}…</p>;
  const data = cat.data.output.blobs[0]?.data ?? '';
  return <MoodForm {...props} initial={base64ToText(data)} />;
}

function MoodForm(props: {
  open: OpenBlob;
  initial: string;
  onOpen: (open: OpenBlob | null) => void;
}) {
  const trpc = useTRPC();
  const auth = useAuth();
  const invalidate = useInvalidateAfs();
  const { name, isNew } = props.open;
  const [text, setText] = useState(props.initial);
  const [saved, setSaved] = useState(isNew ? null : props.initial);
  const preview = useMoodPreview(text);
  const save = useMutation(
    trpc.afs.addmood.mutationOptions({
      onSuccess: async () => {
        setSaved(text);
        if (isNew) props.onOpen({ name, isNew: false });
        await invalidate();
      },
    }),
  );
  const writable = auth.can('AFS_WRITE');
  const dirty = saved !== text;
  // a new mood's example text is nothing to lose; the user's own words are
  useUnsavedChanges(text !== (saved ?? props.initial));
  const errorId = 'mood-error-message';

  return (
    <div className="form">
      <section className={styles.panel} aria-labelledby="mood-editor-title">
        <h2 id="mood-editor-title">
          Mood <code>{name}</code>
          {isNew ? ' (new, not saved yet)' : dirty ? ' (changed)' : ''}
        </h2>
        <span className={styles.editorLabel} id="mood-definition-label">
          Mood definition
        </span>
        <MoodCodeEditor
          value={text}
          onChange={(t) => {
            setText(t);
            // a failed save was about the old text
            save.reset();
          }}
          error={preview.error}
          label={`Mood definition of ${name}`}
          describedBy={preview.error ? errorId : undefined}
          readOnly={!writable}
        />
        <MoodErrorLine error={preview.error} text={preview.text} id={errorId} />
        <SaveBar
          kind="mood"
          name={name}
          isNew={isNew}
          dirty={dirty}
          stored={saved !== null}
          writable={writable}
          invalid={preview.error ? 'Fix the error in the mood to save it.' : undefined}
          save={save}
          onSave={() => save.mutate({ args: [name], data: textToBase64(text) })}
          onOpen={props.onOpen}
        />
      </section>
      <MoodPreviewList preview={preview} />
    </div>
  );
}
