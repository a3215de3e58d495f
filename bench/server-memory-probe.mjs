// Preloaded into the measured server by server-memory.bench.mjs (node --import, which worker
// threads inherit): every V8 isolate of the process (the main thread, the stream thread, the
// workers) writes its heap figures to PROBE_DIR every second, for the bench to read.
import fs from 'node:fs';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';

const dir = process.env.PROBE_DIR;
if (dir) {
  setInterval(() => {
    const h = v8.getHeapStatistics();
    const spaces = Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]),
    );
    const out = {
      thread: threadId,
      script: process.argv[1] ?? '',
      heapTotal: h.total_heap_size,
      heapUsed: h.used_heap_size,
      external: h.external_memory,
      malloced: h.malloced_memory,
      spaces,
    };
    fs.writeFileSync(`${dir}/${threadId}.json`, JSON.stringify(out));
  }, 1000).unref();
}
