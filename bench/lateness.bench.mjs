// Chunk lateness while `add` scans a library: the vss streams a file to a null sender while the
// afs adds N distinct MP3s (default 10,000). Target (issue 4): no chunk later than 20 ms.
// Also prints the main event loop's longest stalls (perf_hooks). ENGINES (lib.mjs) says where the
// stream engine runs: `thread` as the server runs it, `main` beside the add.
// PG_BENCH_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres) adds a PostgreSQL run.
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ENGINES, dist, fmt, freshAfs, openEngine, scratch, server } from './lib.mjs';
import { makeLibrary } from './make-library.mjs';

const N = Number(process.env.N ?? 10_000);
const { LATENESS_BUCKETS_MS } = await import(path.join(dist, 'vss', 'index.js'));

const lib = path.join(scratch, `lib-${N}`);
makeLibrary(lib, N);
const streamLib = path.join(scratch, 'lateness-stream');
makeLibrary(streamLib, 3, { minSec: 20, maxSec: 30 });

async function run(label, url, engine) {
  const { db, afs } = await freshAfs(url);
  // as the server does: SQLite's checkpoints in a worker (db/checkpointer.ts)
  const checkpointer = await server.db.startCheckpointer(db);
  await afs.add([streamLib], { all: false, lazy: false, force: false, verbose: false });
  const e = await openEngine(afs, engine);
  await e.vss.play();
  await new Promise((r) => setTimeout(r, 1000));
  await e.resetTiming();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const r = await afs.add([lib], { all: false, lazy: false, force: false, verbose: false });
  const wall = (performance.now() - t0) / 1000;
  await new Promise((res) => setTimeout(res, 300)); // chunks held by the add's last turn
  loop.disable();
  const t = await e.timing();
  const buckets = LATENESS_BUCKETS_MS.map((ms, i) => `<=${ms}ms ${t.histogram[i]}`).join(', ');
  console.log(
    `${label}, engine on ${engine === 'thread' ? 'its own' : 'the main'} thread: add of ${r.added} files in ${fmt(wall, 1)} s while streaming; ${t.chunks} chunks, ` +
      `max lateness ${fmt(t.maxLateUs / 1000, 2)} ms (target 20 ms), mean ${fmt(t.sumLateUs / Math.max(1, t.chunks) / 1000, 2)} ms, early ${t.early}`,
  );
  console.log(`  histogram: ${buckets}, >${LATENESS_BUCKETS_MS.at(-1)}ms ${t.histogram.at(-1)}`);
  console.log(
    `  event loop delay: max ${fmt(loop.max / 1e6, 1)} ms, p99 ${fmt(loop.percentile(99) / 1e6, 1)} ms`,
  );
  await e.close();
  await afs.close();
  await checkpointer?.close();
  await db.close();
}

const sqliteDir = fs.mkdtempSync(path.join(scratch, 'lateness-db-'));
for (const engine of ENGINES) {
  await run('SQLite', `file:${path.join(sqliteDir, `bench-${engine}.db`)}`, engine);
}
fs.rmSync(sqliteDir, { recursive: true, force: true });
if (process.env.PG_BENCH_URL) {
  // a database of its own, so every run adds all N files
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: process.env.PG_BENCH_URL });
  await admin.connect();
  try {
    for (const engine of ENGINES) {
      const name = `paraweb_lateness_${process.pid}_${engine}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(process.env.PG_BENCH_URL);
      url.pathname = `/${name}`;
      try {
        await run('PostgreSQL', url.toString(), engine);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  } finally {
    await admin.end();
  }
}
