// One stored image as a web door serves it (GET /images/:id): its type, an ETag and the bytes
// piece by piece (a large image is never held whole), read from the img table. The door checks
// the caller; this only reads.
import crypto from 'node:crypto';
import type { Afs } from '../../afs/index.js';
import { imageMime, inspectImage } from '../../afs/index.js';

export interface ImageFile {
  /** the type its bytes say; images stored before uploads were checked may be anything */
  mime: string;
  /** changes whenever the image is written again */
  etag: string;
  /** the bytes, in order */
  pieces: AsyncIterable<Uint8Array>;
}

async function* chain(
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

export async function readImageFile(afs: Afs, id: number): Promise<ImageFile | undefined> {
  const reader = await afs.blobs.img.readById(id);
  if (!reader) return undefined;
  const it = reader.pieces[Symbol.asyncIterator]();
  const r = await it.next();
  const first = r.done ? new Uint8Array(0) : r.value;
  let mime: string | undefined;
  let etag: string;
  if (reader.key === undefined) {
    // in one row: checked whole as before, and named by its content
    const info = inspectImage(first);
    mime = typeof info === 'string' ? undefined : info.mime;
    etag = crypto.createHash('sha1').update(first).digest('hex');
  } else {
    // in pieces: stored after uploads were checked, so its magic bytes tell the type
    mime = imageMime(first);
    etag = reader.key;
  }
  return { mime: mime ?? 'application/octet-stream', etag: `"${etag}"`, pieces: chain(first, it) };
}
