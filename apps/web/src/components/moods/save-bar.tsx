'use client';
// Save, select, rename and delete for the mood and playlist editors (both are blobs that a
// select can activate), with the messages that follow a save.
import { ErrorAlert } from '@/components/ui/error-alert';
import { BlobActions } from './blob-actions';
import { NEEDS_WRITE, SelectButton } from './current-selection';
import styles from './moods.module.css';

const WHAT = {
  mood: { what: 'mood', prefix: 'm' },
  pl: { what: 'playlist', prefix: 'p' },
} as const;

export function SaveBar(props: {
  kind: keyof typeof WHAT;
  name: string;
  isNew: boolean;
  /** the editor differs from what is stored */
  dirty: boolean;
  /** something is stored under this name */
  stored: boolean;
  writable: boolean;
  /** why the text cannot be saved as it is (a mood with an error), if it cannot */
  invalid?: string | undefined;
  save: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  onSave: () => void;
  onOpen: (open: { name: string; isNew: boolean } | null) => void;
}) {
  const { kind, name, dirty, writable, save } = props;
  const { what, prefix } = WHAT[kind];
  return (
    <>
      <div className={styles.row}>
        <button
          type="button"
          onClick={props.onSave}
          disabled={!writable || save.isPending || !dirty || Boolean(props.invalid)}
          title={writable ? props.invalid : NEEDS_WRITE}
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <SelectButton spec={`${prefix}/${name}`} what={what} disabled={!props.stored || dirty} />
        {!props.isNew ? (
          <BlobActions
            kind={kind}
            name={name}
            onRenamed={(n) => props.onOpen({ name: n, isNew: false })}
            onDeleted={() => props.onOpen(null)}
          />
        ) : null}
      </div>
      {props.invalid && dirty ? <p className="muted small">{props.invalid}</p> : null}
      {dirty && props.stored ? (
        <p className="muted small">Save the changes before selecting this {what}.</p>
      ) : null}
      {save.isError ? <ErrorAlert error={save.error} title="Not saved" /> : null}
      {save.isSuccess && !dirty ? (
        <p role="status" className="small">
          Saved.
        </p>
      ) : null}
    </>
  );
}
