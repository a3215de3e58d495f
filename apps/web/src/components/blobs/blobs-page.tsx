'use client';
// Images & lyrics: the two blob tables audio files point to (their image id and lyrics id).
import { BlobSection } from './blob-section';
import styles from './blobs.module.css';

export function BlobsPage() {
  return (
    <div className="page">
      <h1>Images &amp; lyrics</h1>
      <p className="muted">
        Upload covers and lyrics, then attach them to the audio files a search finds (the same
        search as the library&apos;s).
      </p>
      <div className={styles.columns}>
        <BlobSection kind="img" />
        <BlobSection kind="lyr" />
      </div>
    </div>
  );
}
