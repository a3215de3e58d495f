// Images & lyrics: upload, view, rename, remove, and attach them to audio files.
import type { Metadata } from 'next';
import { BlobsPage } from '@/components/blobs';

export const metadata: Metadata = { title: 'Images & lyrics' };

export default function Page() {
  return <BlobsPage />;
}
