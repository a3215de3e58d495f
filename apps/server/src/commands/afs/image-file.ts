// One stored image as a web door serves it (GET /images/:id): the bytes and their type, read
// from the img table. The door checks the caller; this only reads.
import type { Afs } from '../../afs/index.js';
import { inspectImage } from '../../afs/index.js';

export interface ImageFile {
  data: Uint8Array;
  /** the type its bytes say; images stored before uploads were checked may be anything */
  mime: string;
}

export async function readImageFile(afs: Afs, id: number): Promise<ImageFile | undefined> {
  const data = await afs.blobs.img.getById(id);
  if (!data) return undefined;
  const info = inspectImage(data);
  return { data, mime: typeof info === 'string' ? 'application/octet-stream' : info.mime };
}
