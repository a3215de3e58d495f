// What moves to the stream thread with a file instead of being copied (postMessage's transfer list).
import { isSkip } from '../../senders/mounts/types.js';
import type { NextFile } from '../file-source.js';

/**
 * The file's bytes and its mounts' audio move to the stream thread instead of being copied: each
 * buffer once, when one of the views owns it whole (pass-through views of the file's bytes go
 * along with it).
 */
export function transferable(next: NextFile): ArrayBuffer[] {
  const views: Uint8Array[] = [next.opened.data];
  for (const a of Object.values(next.mounts ?? {})) if (!isSkip(a)) views.push(a.data);
  const out = new Set<ArrayBuffer>();
  for (const v of views) {
    const buffer = v.buffer;
    if (buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buffer.byteLength)
      out.add(buffer);
  }
  return [...out];
}
