// Preloaded into the measured server by server-memory.bench.mjs (node --import, which worker
// threads inherit): every V8 isolate of the process (the main thread, the stream thread, the
// workers) writes its heap figures to PROBE_DIR every second, for the bench to read. When the
// bench writes PROBE_DIR/gc (GC=1, the server started with --expose-gc), each isolate makes one
// full collection first, so that the bench can tell live memory from garbage not yet collected.
import fs from 'node:fs';
import v8 from 'node:v8';
import { threadId } from 'node:worker_threads';

const dir = process.env.PROBE_DIR;
let collected = false;
// PROBE_DIR/snap-<label> (SNAPS=dir) makes each isolate write <thread>-<label>.heapsnapshot once
const written = new Set();
if (dir) {
  setInterval(() => {
    if (!collected && typeof globalThis.gc === 'function' && fs.existsSync(`${dir}/gc`)) {
      collected = true;
      globalThis.gc();
    }
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
      collected,
    };
    fs.writeFileSync(`${dir}/${threadId}.json`, JSON.stringify(out));
    for (const f of fs.readdirSync(dir)) {
      if (!f.startsWith('snap-') || written.has(f)) continue;
      written.add(f);
      v8.writeHeapSnapshot(`${dir}/${threadId}-${f.slice(5)}.heapsnapshot`);
    }
  }, 1000).unref();
}
