// Worker thread: reads, hashes and parses audio files so the main thread (and the stream) never
// spend CPU on it. Receives ParseJob batches, answers with ParseResult batches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parseAudio } from '../formats/index.js';
import type { ParseJob, ParseResult } from './parse-job.js';

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

parentPort?.on('message', (msg: { id: number; jobs: ParseJob[] }) => {
  void (async () => {
    const results: ParseResult[] = [];
    for (const job of msg.jobs) results.push(await handle(job));
    const transfer = results.flatMap((r) =>
      r.ok && r.info ? [r.info.chunkTable.buffer as ArrayBuffer] : [],
    );
    parentPort?.postMessage({ id: msg.id, results }, transfer);
  })();
});
