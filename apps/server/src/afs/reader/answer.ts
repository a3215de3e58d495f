// What a reader worker does with each request: reads, hashes and parses audio files (add), or
// reads a whole file and checks it (streaming). Kept apart from worker.ts so tests can wrap it.
import crypto from 'node:crypto';
import { formatName, handler, parseAudio } from '../formats/index.js';
import path from 'node:path';
import { folderCover } from './covers.js';
import { ReadError, readWhole, withRegularFile } from './files.js';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './jobs.js';

async function parse(job: ParseJob): Promise<ParseResult> {
  try {
    const t0 = performance.now();
    const data = withRegularFile(job.path, (f) => readWhole(f));
    const t1 = performance.now();
    const hash = crypto.createHash('sha1').update(data).digest('hex');
    const t2 = performance.now();
    const base = { path: job.path, ok: true as const, hash, size: data.length };
    if (job.knownHash === hash && !job.force)
      return { ...base, readMs: t1 - t0, hashMs: t2 - t1, parseMs: 0 };
    const info = await parseAudio(job.path, data);
    const picture = job.cover ? (info.picture ?? folderCover(path.dirname(job.path))) : undefined;
    delete info.picture;
    const timing = { readMs: t1 - t0, hashMs: t2 - t1, parseMs: performance.now() - t2 };
    return { ...base, info, ...(picture ? { picture } : {}), ...timing };
  } catch (err) {
    return { path: job.path, ok: false, error: err instanceof Error ? err.message : String(err) };
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

export type Request = { id: number; jobs: ParseJob[] } | { id: number; open: OpenJob };

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
  for (const job of msg.jobs) results.push(await parse(job));
  const transfer = results.flatMap((r) =>
    r.ok && r.info ? [r.info.chunkTable.buffer as ArrayBuffer] : [],
  );
  for (const r of results) if (r.ok && r.picture) transfer.push(r.picture.buffer as ArrayBuffer);
  port.postMessage({ id: msg.id, results }, transfer);
}
