'use client';
// Images and lyrics from the afs blob tables (afs.catimg / afs.catlyr), for the current file's
// cover and lyrics (status items image_name, lyrics_name) and the blob pages.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';

/** The MIME type of an image from its first bytes (the blob table keeps no type). */
export function imageMime(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
    return 'image/png';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return 'image/gif';
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  return 'application/octet-stream';
}

function base64Bytes(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** A data: URL of the image blob `name` (undefined name: nothing is fetched). */
export function useImageUrl(name: string | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.afs.catimg.queryOptions({ args: [name ?? ''] }, { staleTime: Infinity }),
    enabled: Boolean(name),
    select: (res) => {
      const b64 = res.output.blobs[0]?.data ?? '';
      return `data:${imageMime(base64Bytes(b64.slice(0, 24)))};base64,${b64}`;
    },
  });
}

/** The text of the lyrics blob `name`, decoded as UTF-8. */
export function useLyrics(name: string | undefined) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.afs.catlyr.queryOptions({ args: [name ?? ''] }, { staleTime: Infinity }),
    enabled: Boolean(name),
    select: (res) => new TextDecoder().decode(base64Bytes(res.output.blobs[0]?.data ?? '')),
  });
}
