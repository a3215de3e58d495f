// Worker thread: reads, hashes and parses audio files so the main thread (and the stream) never
// spend CPU on it. Receives ParseJob batches, answers with ParseResult batches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { formatName, handler, parseAudio } from '../formats/index.js';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './parse-job.js';

async function handle(job: ParseJob): Promise<ParseResult> {
  try {
    const t0 = performance.now();
    const data = fs.readFileSync(job.path);
    const t1 = performance.now();
    const hash = crypto.createHash('sha1').update(data).digest('hex');
    const t2 = performance.now();
    if (job.knownHash === hash && !job.force) {
      return {
        path: job.path,
        ok: true,
        hash,
        size: data.length,
        readMs: t1 - t0,
        hashMs: t2 - t1,
        parseMs: 0,
      };
    }
    const info = await parseAudio(job.path, data);
    const t3 = performance.now();
    return {
      path: job.path,
      ok: true,
      hash,
      size: data.length,
      info,
      readMs: t1 - t0,
      hashMs: t2 - t1,
      parseMs: t3 - t2,
    };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const error = e.code === 'ENOENT' ? 'file vanished' : e.message;
    return { path: job.path, ok: false, error };
  }
}

function open(job: OpenJob): OpenResult {
  try {
    const data = fs.readFileSync(job.path);
    const hash = crypto.createHash('sha1').update(data).digest('hex');
    if (hash !== job.hash) return { ok: false, error: 'hash mismatch' };
    if (job.headerLen === 0) return { ok: true, data, header: undefined };
    const name = formatName(job.format);
    const h = name ? handler(name) : undefined;
    const header = h?.getHeader
      ? h.getHeader(data, job.headerLen)
      : data.subarray(0, job.headerLen);
    return { ok: true, data, header: new Uint8Array(header) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, error: e.code === 'ENOENT' ? 'file vanished' : e.message };
  }
}

type Request = { id: number; jobs: ParseJob[] } | { id: number; open: OpenJob };

parentPort?.on('message', (msg: Request) => {
  if ('open' in msg) {
    const result = open(msg.open);
    const transfer = result.ok ? [result.data.buffer as ArrayBuffer] : [];
    parentPort?.postMessage({ id: msg.id, result }, transfer);
    return;
  }
  void (async () => {
    const results: ParseResult[] = [];
    for (const job of msg.jobs) results.push(await handle(job));
    const transfer = results.flatMap((r) =>
      r.ok && r.info ? [r.info.chunkTable.buffer as ArrayBuffer] : [],
    );
    parentPort?.postMessage({ id: msg.id, results }, transfer);
  })();
});
