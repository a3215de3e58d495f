// The missing mark of files gone from a watched folder, and the removal of rows missing for
// longer than the grace period (--afs-missing-grace), so that a file that comes back within it
// keeps its history.
import type { Afs } from '../afs.js';
import type { AudioFileRecord } from '../audio-file.js';
import type { WatchOptions } from './types.js';

const now = (): number => Math.floor(Date.now() / 1000);

type Opts = Pick<WatchOptions, 'graceSeconds' | 'log'>;

/** Marks the files missing at once (never chosen for playing); how many were not yet. */
export async function markMissing(afs: Afs, files: AudioFileRecord[], o: Opts): Promise<number> {
  if (files.length === 0) return 0;
  try {
    const n = await afs.files.setMissing(files, now());
    if (n === 0) return 0;
    const days = +(o.graceSeconds / 86400).toFixed(2);
    o.log.info(
      `${n} file${n === 1 ? '' : 's'} gone from watched folders: not played, rows kept ${days} days`,
    );
    return n;
  } catch (err) {
    o.log.warn(`marking files missing failed: ${String(err)}`);
    return 0;
  }
}

/** Removes the rows missing for longer than the grace period; how many. */
export async function purgeMissing(afs: Afs, o: Opts): Promise<number> {
  const cutoff = now() - o.graceSeconds;
  const old = [...afs.files.all()].filter(
    (f) => f.missingSince !== undefined && f.missingSince <= cutoff,
  );
  if (old.length === 0) return 0;
  await afs.files.remove(old);
  o.log.info(`${old.length} rows of files missing since the grace period removed`);
  return old.length;
}
