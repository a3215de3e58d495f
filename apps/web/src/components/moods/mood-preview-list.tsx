'use client';
// The live answer to "what would this mood select": the count, an error at its position, the
// first files by score, each with its score breakdown on demand.
import { useState } from 'react';
import { MoodExplain } from './mood-explain';
import styles from './moods.module.css';
import { PREVIEW_COUNT, type MoodPreview } from './use-mood-preview';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function MoodPreviewList(props: { preview: MoodPreview }) {
  const { error, admissible, files, stale } = props.preview;
  const [open, setOpen] = useState<string>();
  return (
    <section className={styles.panel} aria-labelledby="mood-preview-title" aria-busy={stale}>
      <h2 id="mood-preview-title">Preview</h2>
      <div aria-live="polite">
        {error ? (
          <p className="muted">No preview while the mood has an error.</p>
        ) : admissible !== undefined ? (
          <p className={styles.okLine} data-testid="mood-count">
            {admissible} matching {admissible === 1 ? 'file' : 'files'}
          </p>
        ) : (
          <p className="muted">Checking…</p>
        )}
      </div>
      {!error && files.length > 0 ? (
        <>
          <p className="muted small">
            {admissible !== undefined && admissible > PREVIEW_COUNT
              ? `The first ${PREVIEW_COUNT} by score:`
              : 'By score:'}
          </p>
          <ol className={styles.preview} data-testid="mood-preview">
            {files.map((f) => (
              <li key={f.id}>
                <span className={styles.fileLine}>
                  <span title={f.path}>{base(f.path)}</span>
                  <span className={styles.score}>score {f.score}</span>
                  <button
                    type="button"
                    className="quiet small"
                    aria-expanded={open === f.path}
                    onClick={() => setOpen(open === f.path ? undefined : f.path)}
                  >
                    Why?<span className={styles.srOnly}> {base(f.path)}</span>
                  </button>
                </span>
                {open === f.path ? <MoodExplain path={f.path} previewScore={f.score} /> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
