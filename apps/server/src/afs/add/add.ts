// `add` (docs/paraslash/afs.md §4): scan paths, hash and parse in worker threads, then apply paraslash's rules
// (lazy skip, unchanged, rename and duplicate detection by content hash, content change keeps the
// statistics) and write new files in multi-row transactions.
import fs from 'node:fs';
import path from 'node:path';
import { ParaError } from '../../errors.js';
import type { AudioFileTable } from '../audio-file-table.js';
import type { BlobTable } from '../blobs.js';
import { inspectImage } from '../images.js';
import type { AudioFileRecord } from '../audio-file.js';
import { afhiFromInfo, NEW_FILE_AGE_SECONDS } from '../audio-file.js';
import type { NewAudioFile } from '../audio-file-store.js';
import { hasAudioSuffix } from '../formats/index.js';
import type { ParseJob, ParseResult, ReaderPool } from '../reader/index.js';
import { pathProblem, refusal } from './path-rules.js';
import { walk } from './scan.js';

export interface AddOptions {
  all: boolean;
  lazy: boolean;
  force: boolean;
  verbose: boolean;
}

export interface AddProgress {
  scanned: number;
  added: number;
  updated: number;
  skipped: number;
}

export interface AddReport extends AddProgress {
  renamed: number;
  /** files a watched folder had lost, back with the same content (afs/watch) */
  restored: number;
  unchanged: number;
  lazyIgnored: number;
  duplicates: number;
  /** files that could not be added, with the reason */
  errors: { path: string; reason: string }[];
  cancelled: boolean;
  timing: { totalMs: number; readMs: number; hashMs: number; parseMs: number; dbMs: number };
}

export interface AddHooks {
  log?: (line: string) => void;
  progress?: (p: AddProgress) => void;
  signal?: AbortSignal;
}

const JOBS_PER_BATCH = 32;
const ROWS_PER_TRANSACTION = 500;

export async function addFiles(
  table: AudioFileTable,
  images: BlobTable,
  pool: ReaderPool,
  paths: string[],
  opts: AddOptions,
  hooks: AddHooks = {},
): Promise<AddReport> {
  // Every argument is checked first, so a bad one changes nothing.
  if (paths.length === 0) throw new ParaError('E_SYNTAX', 'add: no path given');
  for (const p of paths) {
    if (!path.isAbsolute(p)) throw new ParaError('E_INVALID', `${p}: not an absolute path`);
    // a name afs cannot keep is refused per file below; it need not exist to be refused
    if (!pathProblem(p) && !fs.existsSync(p))
      throw new ParaError('E_NOT_FOUND', `${p}: no such file or directory`);
  }
  const start = performance.now();
  const log = (line: string): void => hooks.log?.(line);
  const report: AddReport = {
    scanned: 0,
    added: 0,
    updated: 0,
    skipped: 0,
    renamed: 0,
    restored: 0,
    unchanged: 0,
    lazyIgnored: 0,
    duplicates: 0,
    errors: [],
    cancelled: false,
    timing: { totalMs: 0, readMs: 0, hashMs: 0, parseMs: 0, dbMs: 0 },
  };
  const pending: NewAudioFile[] = [];
  const pendingByHash = new Map<string, NewAudioFile>();
  const now = Math.floor(Date.now() / 1000);

  const fail = (file: string, reason: string): void => {
    report.skipped++;
    report.errors.push({ path: file, reason });
    log(`could not add ${file}: ${reason}`);
  };

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const t = performance.now();
    const batch = pending.splice(0, pending.length);
    pendingByHash.clear();
    await table.insertMany(batch);
    report.timing.dbMs += performance.now() - t;
    report.added += batch.length;
    hooks.progress?.({ ...report });
  };

  /** The image blob of a file's cover: one per distinct picture; 0 when there is none. */
  const coverId = async (r: ParseResult & { ok: true }): Promise<number> => {
    if (!r.picture || !r.info) return 0;
    const image = inspectImage(r.picture);
    if (typeof image === 'string') {
      if (opts.verbose) log(`${r.path}: cover not used: ${image}`);
      return 0;
    }
    const { artist, album } = r.info.tags;
    const hint =
      artist && album ? `${artist} - ${album}` : album || path.basename(path.dirname(r.path));
    try {
      return await images.addPicture(r.picture, hint);
    } catch (err) {
      log(`${r.path}: cover not stored: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
  };

  const apply = async (r: ParseResult): Promise<void> => {
    if (!r.ok) return fail(r.path, r.error);
    report.timing.readMs += r.readMs;
    report.timing.hashMs += r.hashMs;
    report.timing.parseMs += r.parseMs;
    const pb = table.getByPath(r.path);
    const hs: AudioFileRecord | undefined = table.getByHash(r.hash);
    if (pb && hs && pb.id === hs.id && !opts.force) {
      if (pb.missingSince !== undefined) {
        const t = performance.now();
        await table.setMissing([pb], null);
        report.timing.dbMs += performance.now() - t;
        report.restored++;
        log(`${r.path}: back, playable again`);
        return;
      }
      report.unchanged++;
      if (opts.verbose) log(`${r.path} exists, not forcing update`);
      return;
    }
    const pendingTwin = pendingByHash.get(r.hash);
    if (pendingTwin) {
      report.duplicates++;
      log(`${r.path}: duplicate of ${pendingTwin.path}, not added`);
      return;
    }
    if (hs && (!pb || pb.id !== hs.id)) {
      // Same content under another path: a move if the old path is gone, else a duplicate.
      if (fs.existsSync(hs.path)) {
        report.duplicates++;
        log(`${r.path}: duplicate of ${hs.path}, not added`);
        return;
      }
      await flush();
      const t = performance.now();
      if (pb) {
        await table.remove([pb]);
        if (opts.verbose) log(`removing ${pb.path}`);
      }
      const oldPath = hs.path;
      if (opts.force && r.info) {
        await table.replace(
          hs,
          { path: r.path, hash: r.hash, size: r.size, afhi: afhiFromInfo(r.info) },
          r.info.chunkTable,
          r.info.extra,
        );
      } else {
        await table.rename(hs, r.path);
      }
      report.timing.dbMs += performance.now() - t;
      report.renamed++;
      log(`${r.path}: renamed from ${oldPath}`);
      return;
    }
    if (!r.info) return fail(r.path, 'internal error: file was not parsed');
    if (pb) {
      await flush();
      const t = performance.now();
      const updated = await table.replace(
        pb,
        { path: r.path, hash: r.hash, size: r.size, afhi: afhiFromInfo(r.info) },
        r.info.chunkTable,
        r.info.extra,
      );
      const imageId = updated.imageId === 0 ? await coverId(r) : 0;
      if (imageId !== 0) await table.changeAfsi([{ id: updated.id, set: { imageId } }]);
      report.timing.dbMs += performance.now() - t;
      report.updated++;
      if (pb.hash !== r.hash) log(`file change: ${r.path} ${pb.hash} -> ${r.hash}`);
      else if (opts.verbose) log(`${r.path}: audio format info updated`);
      return;
    }
    const file: NewAudioFile = {
      path: r.path,
      hash: r.hash,
      size: r.size,
      lastPlayed: now - NEW_FILE_AGE_SECONDS,
      attributes: 0n,
      numPlayed: 0,
      imageId: await coverId(r),
      lyricsId: 0,
      amp: 0,
      ...afhiFromInfo(r.info),
      chunkTable: r.info.chunkTable,
      extra: r.info.extra,
    };
    pending.push(file);
    pendingByHash.set(r.hash, file);
    if (opts.verbose) log(`adding ${r.path} (${r.info.format})`);
    if (pending.length >= ROWS_PER_TRANSACTION) await flush();
  };

  // Keep the workers busy while the main thread writes: a window of batches in flight.
  const inFlight: Promise<ParseResult[]>[] = [];
  const maxInFlight = pool.size * 3;
  let batch: ParseJob[] = [];
  const drainOne = async (): Promise<void> => {
    const results = await inFlight.shift()!;
    for (const r of results) await apply(r);
  };
  const accept = (f: string): boolean => opts.all || hasAudioSuffix(f);
  const onWalkError = (p: string, err: Error): void => fail(p, err.message);
  try {
    for (const root of paths) {
      const problem = pathProblem(root);
      if (problem) {
        fail(root, refusal(problem));
        continue;
      }
      for await (const file of walk(root, accept, hooks.signal, onWalkError)) {
        report.scanned++;
        const pb = table.getByPath(file);
        if (pb && opts.lazy && pb.missingSince === undefined) {
          report.lazyIgnored++;
          if (opts.verbose) log(`lazy-ignore: ${file}`);
          continue;
        }
        batch.push({ path: file, knownHash: pb?.hash, force: opts.force, cover: !pb?.imageId });
        if (batch.length >= JOBS_PER_BATCH) {
          inFlight.push(pool.parse(batch));
          batch = [];
          if (inFlight.length >= maxInFlight) await drainOne();
        }
      }
      if (hooks.signal?.aborted) break;
    }
    if (batch.length > 0) inFlight.push(pool.parse(batch));
    while (inFlight.length > 0) await drainOne();
    await flush();
  } finally {
    // on a database error the pending rows were never written; nothing half-done remains
    await Promise.allSettled(inFlight);
  }
  report.cancelled = hooks.signal?.aborted ?? false;
  report.timing.totalMs = performance.now() - start;
  return report;
}
