'use client';
// The page moods and playlists share: what the server selects from now, the stored names, and
// the one being edited. Each page brings its list query and its editor.
import { Fragment, useState, type ReactNode } from 'react';
import { useSocketEvent } from '@/lib/socket';
import { confirmDiscard } from '@/lib/use-unsaved-changes';
import { BlobNameList, type BlobNames } from './blob-name-list';
import { CurrentSelection } from './current-selection';
import styles from './moods.module.css';

/** The mood or playlist open in the editor. */
export interface OpenBlob {
  name: string;
  isNew: boolean;
}

export function BlobPage(props: {
  title: string;
  what: 'mood' | 'playlist';
  list: BlobNames & {
    /** marks the list stale: another tab or user added, renamed or removed one */
    invalidate: () => void;
  };
  editor: (open: OpenBlob, onOpen: (open: OpenBlob | null) => void) => ReactNode;
  /** what stands below the editor (the mood language help) */
  children?: ReactNode;
}) {
  const { list } = props;
  const [open, setOpen] = useState<OpenBlob | null>(null);
  useSocketEvent('afs:change', (batch) => {
    if (batch.more > 0 || batch.changes.some((c) => c.type.startsWith('blob:'))) list.invalidate();
  });
  // a new key for another blob: the editor starts afresh
  const body = open ? (
    <Fragment key={`${open.name}:${open.isNew}`}>{props.editor(open, setOpen)}</Fragment>
  ) : (
    <p className="muted">Open a {props.what}, or start a new one.</p>
  );
  return (
    <div className="page">
      <h1>{props.title}</h1>
      <CurrentSelection />
      <div className={styles.layout}>
        <BlobNameList
          what={props.what}
          list={list}
          open={open?.name}
          onOpen={(name, isNew) => {
            // another mood or playlist replaces the editor and its unsaved changes
            if (open?.name === name && open.isNew === isNew) return;
            if (confirmDiscard()) setOpen({ name, isNew });
          }}
        />
        {props.children ? (
          <div className="form">
            {body}
            {props.children}
          </div>
        ) : (
          body
        )}
      </div>
    </div>
  );
}
