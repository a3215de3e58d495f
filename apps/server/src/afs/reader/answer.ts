// What a reader worker does with each request: reads, hashes and parses audio files (add), or
// reads a whole file and checks it (streaming). Kept apart from worker.ts so tests can wrap it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  AfhError,
  bufferSource,
  fileSource,
  formatName,
  handler,
  parseAudioSource,
} from '../formats/index.js';
import path from 'node:path';
import { folderCover } from './covers.js';
import {
  classify,
  hashFile,
  openRegular,
  ReadError,
  readWhole,
  sha1,
  withRegularFile,
  type OpenFile,
} from './files.js';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './jobs.js';

/**
 * Files up to this size are read once, whole, then hashed and parsed in memory (fastest); bigger
 * ones are hashed in pieces and parsed through a windowed source (formats/source.ts), so that
 * `add` of a 1 GB file costs megabytes, not a gigabyte.
 */
export const BIG_FILE = 16 * 1024 * 1024;

async function parse(job: ParseJob, bigFile = BIG_FILE): Promise<ParseResult> {
  let f: OpenFile | undefined;
  try {
    const t0 = performance.now();
    f = openRegular(job.path);
    const big = f.size > bigFile;
    const data = big ? undefined : readWhole(f);
    const t1 = performance.now();
    const hash = data ? sha1(data) : hashFile(f);
    const t2 = performance.now();
    const base = { path: job.path, ok: true as const, hash, size: f.size };
    if (job.knownHash === hash && !job.force)
      return { ...base, readMs: t1 - t0, hashMs: t2 - t1, parseMs: 0 };
    const info = await parseAudioSource(
      job.path,
      data ? bufferSource(data) : fileSource(f.fd, f.size),
    );
    const picture = job.cover ? (info.picture ?? folderCover(path.dirname(job.path))) : undefined;
    delete info.picture;
    const timing = { readMs: t1 - t0, hashMs: t2 - t1, parseMs: performance.now() - t2 };
    return { ...base, info, ...(picture ? { picture } : {}), ...timing };
  } catch (err) {
    const e = f && !(err instanceof AfhError) ? classify(err, job.path) : err;
    return { path: job.path, ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    if (f) fs.closeSync(f.fd);
  }
}

export function open(job: OpenJob): OpenResult {
  try {
    const hash = crypto.createHash('sha1');
    const data = withRegularFile(job.path, (f) => readWhole(f, hash));
    if (hash.digest('hex') !== job.hash)
      return { ok: false, error: 'hash mismatch', kind: 'changed' };
    if (job.headerLen === 0) return { ok: true, data, header: undefined };
    const name = formatName(job.format);
    const h = name ? handler(name) : undefined;
    const header = h?.getHeader
      ? h.getHeader(data, job.headerLen)
      : data.subarray(0, job.headerLen);
    return { ok: true, data, header: new Uint8Array(header) };
  } catch (err) {
    if (err instanceof ReadError) return { ok: false, error: err.message, kind: err.kind };
    return { ok: false, error: String(err), kind: 'transient' };
  }
}

export type Request =
  { id: number; jobs: ParseJob[]; bigFile?: number } | { id: number; open: OpenJob };

/** Answers one request on `port` (the worker's parent port). */
export async function answer(
  msg: Request,
  port: { postMessage(value: unknown, transfer?: readonly ArrayBuffer[]): void },
): Promise<void> {
  if ('open' in msg) {
    const result = open(msg.open);
    const transfer = result.ok ? [result.data.buffer as ArrayBuffer] : [];
    port.postMessage({ id: msg.id, result }, transfer);
    return;
  }
  const results: ParseResult[] = [];
  for (const job of msg.jobs) results.push(await parse(job, msg.bigFile));
  const transfer = results.flatMap((r) =>
    r.ok && r.info ? [r.info.chunkTable.buffer as ArrayBuffer] : [],
  );
  for (const r of results) if (r.ok && r.picture) transfer.push(r.picture.buffer as ArrayBuffer);
  port.postMessage({ id: msg.id, results }, transfer);
}
