// One scan of a watched tree: where kernel events cannot serve (and once at start, for what
// changed while the server was down). It reads only names, sizes and modification times; what
// differs from the last scan (or, on the first, from the row's size) goes to the settler, and
// from there to `add`, which hashes. Rows under the tree whose file was not seen are missing.
import fs from 'node:fs/promises';
import { yieldToEventLoop } from '../../event-loop.js';
import { walk } from '../add/scan.js';
import type { AudioFileRecord } from '../audio-file.js';
import type { AudioFileTable } from '../audio-file-table.js';
import { hasAudioSuffix } from '../formats/index.js';
import { describeStatError } from './settle.js';

/** stats in flight at once */
const STAT_BATCH = 64;

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  /** every audio file seen, for the next scan to compare with */
  seen: Map<string, FileStamp>;
  /** new or changed since the last look: to be added */
  changed: string[];
  /** rows under the tree whose file is gone */
  gone: AudioFileRecord[];
}

export interface ScanHooks {
  signal?: AbortSignal;
  fail(path: string, reason: string): void;
}

export async function scanTree(
  root: string,
  files: AudioFileTable,
  before: Map<string, FileStamp> | undefined,
  hooks: ScanHooks,
): Promise<ScanResult> {
  const seen = new Map<string, FileStamp>();
  const changed: string[] = [];
  const onError = (p: string, err: Error): void => hooks.fail(p, describeStatError(err));
  const look = async (file: string): Promise<void> => {
    let st;
    try {
      st = await fs.stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        hooks.fail(file, describeStatError(err));
      return;
    }
    const stamp = { size: st.size, mtimeMs: st.mtimeMs };
    seen.set(file, stamp);
    const last = before?.get(file);
    const rec = files.getByPath(file);
    const differs = last
      ? last.size !== stamp.size || last.mtimeMs !== stamp.mtimeMs
      : rec?.size !== stamp.size;
    if (differs || rec?.missingSince !== undefined) changed.push(file);
  };
  // the stats of a folder's files go to the thread pool together, not one after the other
  let batch: string[] = [];
  for await (const file of walk(root, hasAudioSuffix, hooks.signal, onError)) {
    batch.push(file);
    if (batch.length >= STAT_BATCH) {
      await Promise.all(batch.map(look));
      batch = [];
      await yieldToEventLoop();
    }
  }
  await Promise.all(batch.map(look));
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const gone: AudioFileRecord[] = [];
  if (!hooks.signal?.aborted) {
    const unseen: AudioFileRecord[] = [];
    for (const f of files.all())
      if (f.missingSince === undefined && f.path.startsWith(prefix) && !seen.has(f.path))
        unseen.push(f);
    // a row added with `add -a` has no audio suffix, so the walk passed it by: look at it
    for (const f of unseen) {
      const there = await fs.stat(f.path).then(
        (st) => st.isFile(),
        () => false,
      );
      if (!there) gone.push(f);
    }
  }
  return { seen, changed, gone };
}
