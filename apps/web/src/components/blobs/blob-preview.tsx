'use client';
// Shows one blob: an image as a picture, lyrics as text.
import { ErrorAlert } from '@/components/ui/error-alert';
import { useImageUrl, useLyrics } from '@/lib/blobs';
import type { BlobKind } from './blob-kinds';
import styles from './blobs.module.css';

function ImagePreview(props: { name: string }) {
  const url = useImageUrl(props.name);
  if (url.isError) return <ErrorAlert error={url.error} />;
  if (!url.data) return <p className="muted">Loading image…</p>;
  // a data: URL of a stored blob: a plain img, next/image cannot optimize it
  return <img className={styles.image} src={url.data} alt={`Image ${props.name}`} />;
}

function LyricsPreview(props: { name: string }) {
  const text = useLyrics(props.name);
  if (text.isError) return <ErrorAlert error={text.error} />;
  if (text.data === undefined) return <p className="muted">Loading lyrics…</p>;
  return (
    <pre className={styles.lyrics} aria-label={`Lyrics ${props.name}`}>
      {text.data}
    </pre>
  );
}

export function BlobPreview(props: { kind: BlobKind; name: string }) {
  return props.kind === 'img' ? (
    <ImagePreview name={props.name} />
  ) : (
    <LyricsPreview name={props.name} />
  );
}
