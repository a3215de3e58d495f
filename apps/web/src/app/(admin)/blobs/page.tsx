// Images & lyrics: upload, view, rename, remove, and attach them to audio files.
import { BlobsPage } from '@/components/blobs';

export default function Page() {
  return <BlobsPage />;
}
