// A folder's cover image, for the files in it that carry no picture of their own: cover.*, else
// folder.*, else front.* (any case; JPEG, PNG, GIF or WebP by suffix). Looked up once per folder
// by each reader worker.
import fs from 'node:fs';
import path from 'node:path';
import { readWhole, withRegularFile } from './files.js';

const NAMES = ['cover', 'folder', 'front'];
const SUFFIXES = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp']);
/** a cover larger than this is not a cover (and not read) */
export const MAX_COVER_BYTES = 16 * 1024 * 1024;
/** folders remembered; an add walks folder by folder, so a few suffice */
const REMEMBERED = 64;

const known = new Map<string, Uint8Array | null>();

/** The name of the folder's cover file, if it has one. */
export function coverName(entries: readonly string[]): string | undefined {
  let best: { rank: number; name: string } | undefined;
  for (const name of entries) {
    const dot = name.lastIndexOf('.');
    if (dot < 0 || !SUFFIXES.has(name.slice(dot + 1).toLowerCase())) continue;
    const rank = NAMES.indexOf(name.slice(0, dot).toLowerCase());
    if (
      rank >= 0 &&
      (best === undefined || rank < best.rank || (rank === best.rank && name < best.name))
    )
      best = { rank, name };
  }
  return best?.name;
}

function readCover(dir: string): Uint8Array | null {
  try {
    const name = coverName(fs.readdirSync(dir));
    if (name === undefined) return null;
    return withRegularFile(path.join(dir, name), (f) =>
      f.size > 0 && f.size <= MAX_COVER_BYTES ? readWhole(f) : null,
    );
  } catch {
    return null; // an unreadable cover costs the cover, not the file
  }
}

/** The cover image of `dir` (a copy of its bytes, to be transferred), or undefined. */
export function folderCover(dir: string): Uint8Array | undefined {
  let cover = known.get(dir);
  if (cover === undefined) {
    cover = readCover(dir);
    if (known.size >= REMEMBERED) known.clear();
    known.set(dir, cover);
  }
  return cover?.slice();
}
