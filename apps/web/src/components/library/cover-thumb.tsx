'use client';
// A file's cover in the library table: its image blob (GET /images/:id on the API), small and
// loaded only when its row is on screen; the browser shares one picture among an album's rows.
import { useApiUrl } from '@/app/providers';
import styles from './library.module.css';

export function CoverThumb(props: { imageId: number; label: string }) {
  const apiUrl = useApiUrl();
  if (!props.imageId) return null;
  return (
    // an API URL with the session cookie: next/image would fetch it without the cookie
    <img
      className={styles.thumb}
      src={`${apiUrl}/images/${props.imageId}`}
      alt={`Cover of ${props.label}`}
      loading="lazy"
      width={28}
      height={28}
    />
  );
}
