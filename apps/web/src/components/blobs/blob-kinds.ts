// The two blob tables of this page, images and lyrics, and what differs between them.
export type BlobKind = 'img' | 'lyr';

export interface BlobEntry {
  name: string;
  id: number;
}

export const KINDS: Record<
  BlobKind,
  { title: string; one: string; accept: string; touchKey: 'imageId' | 'lyricsId' }
> = {
  img: { title: 'Images', one: 'image', accept: 'image/*', touchKey: 'imageId' },
  lyr: { title: 'Lyrics', one: 'lyrics', accept: 'text/*,.txt,.lrc', touchKey: 'lyricsId' },
};

/** the file's bytes as base64, the form the add commands take uploads in */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // chunked: String.fromCharCode with a huge spread overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** "cover.front.jpg" -> "cover.front" */
export function nameFromFile(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}
