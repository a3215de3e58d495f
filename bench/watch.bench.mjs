// Watched folders (issue #19): a tree of N files (default 100,000 in 1,000 folders) whose rows are
// in the table, as after a restart: the memory and time to start watching it (the kernel
// subscription, then the scan that compares sizes with the rows); the time from a new file's last
// write to its row (playable); and the chunk lateness of the stream thread while ARRIVE files
// (default 1,000) arrive in one go. Targets: lateness p99 < 20 ms (issue #19).
// Env: N, DIRS (1000), ARRIVE (1000), SETTLE (ms, default 5000 as the server's default), PROBES
// (new files timed one by one, default 5). Run after `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { dist, fmt, freshAfs, insertSynthetic, openEngine, scratch, server } from './lib.mjs';
import { makeLibrary } from './make-library.mjs';

const N = Number(process.env.N ?? 100_000);
const DIRS = Number(process.env.DIRS ?? 1000);
const ARRIVE = Number(process.env.ARRIVE ?? 1000);
const SETTLE = Number(process.env.SETTLE ?? 5000);
const PROBES = Number(process.env.PROBES ?? 5);
const { LATENESS_BUCKETS_MS } = await import(path.join(dist, 'vss', 'index.js'));
const mb = (bytes) => `${fmt(bytes / 2 ** 20)} MB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the tree: N small files (the watcher reads names and sizes; the rows say the same) ----
const tree = path.join(scratch, `watch-tree-${N}-${DIRS}`);
const made = path.join(tree, '.made');
const filePath = (k) => path.join(tree, `d${k % DIRS}`, `f-${k}.mp3`);
const body = (k) => Buffer.from(`not really audio ${String(k).padStart(12, '0')}\n`);
if (!fs.existsSync(made)) {
  const t = performance.now();
  fs.rmSync(tree, { recursive: true, force: true });
  for (let d = 0; d < DIRS; d++) fs.mkdirSync(path.join(tree, `d${d}`), { recursive: true });
  for (let k = 0; k < N; k++) fs.writeFileSync(filePath(k), body(k));
  fs.writeFileSync(made, '');
  console.log(
    `made the tree: ${fmt(N)} files in ${fmt(DIRS)} folders, ${fmt(performance.now() - t)} ms`,
  );
}
for (const extra of ['probe', 'arrive'])
  fs.rmSync(path.join(tree, extra), { recursive: true, force: true });

const dir = fs.mkdtempSync(path.join(scratch, 'watch-db-'));
const { db, afs } = await freshAfs(`file:${path.join(dir, 'bench.db')}`);
const checkpointer = await server.db.startCheckpointer(db);
const size = body(0).length;
await insertSynthetic(afs, N, 0, (k) => ({ path: filePath(k), size }));
// the stream plays real files of its own, under a playlist
const streamLib = path.join(scratch, 'lateness-stream');
makeLibrary(streamLib, 3, { minSec: 20, maxSec: 30 });
await afs.add([streamLib], { all: false, lazy: false, force: false, verbose: false });
const real = afs.files.match([`${streamLib}/*`]).map((f) => f.path);
await afs.blobs.pl.add('stream', Buffer.from(real.join('\n') + '\n'));
await afs.selector.select('p/stream');
const engine = await openEngine(afs, 'thread');
await engine.vss.play();
// the new files: distinct small real mp3s
const arrivals = path.join(scratch, `watch-arrivals-${ARRIVE + PROBES}`);
makeLibrary(arrivals, ARRIVE + PROBES, { minSec: 0.2, maxSec: 0.4 });
const newFiles = [];
for (const a of fs.readdirSync(arrivals)) {
  if (a.startsWith('.')) continue;
  for (const b of fs.readdirSync(path.join(arrivals, a)))
    for (const f of fs.readdirSync(path.join(arrivals, a, b)))
      newFiles.push(path.join(arrivals, a, b, f));
}
console.log(`${fmt(afs.files.size)} rows; settle time ${fmt(SETTLE)} ms`);

// ---- start watching ----
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    global.gc?.();
    await sleep(500);
  }
};
await settle();
const rss0 = process.memoryUsage().rss;
const warnings = [];
const w = new server.afs.FolderWatch(afs, {
  roots: [tree],
  settleMs: SETTLE,
  scanIntervalMs: 600_000,
  graceSeconds: 7 * 86400,
  scanOnly: process.env.SCAN_ONLY === '1',
  log: { info: () => {}, warn: (m) => warnings.push(m) },
});
let t = performance.now();
await w.start();
const subscribed = performance.now() - t;
await w.idle();
const ready = performance.now() - t;
await settle();
const rss1 = process.memoryUsage().rss;
const st = w.status();
console.log(
  `start watching ${fmt(N)} files (${st.roots[0].mode}): subscribed in ${fmt(subscribed)} ms, first scan done at ${fmt(ready)} ms ` +
    `(${fmt(st.roots[0].lastScan?.files ?? 0)} files, ${st.roots[0].lastScan?.changed} to add); RSS +${mb(rss1 - rss0)} (${mb(rss0)} -> ${mb(rss1)})`,
);
for (const m of warnings) console.log(`  warning: ${m}`);

// ---- last write to playable, one file at a time ----
fs.mkdirSync(path.join(tree, 'probe'));
const delays = [];
for (let i = 0; i < PROBES; i++) {
  const p = path.join(tree, 'probe', `p-${i}.mp3`);
  fs.writeFileSync(p, fs.readFileSync(newFiles[ARRIVE + i]));
  t = performance.now();
  while (!afs.files.getByPath(p)) await sleep(5);
  delays.push(performance.now() - t);
}
delays.sort((a, b) => a - b);
console.log(
  `last write to playable (${PROBES} files): median ${fmt(delays[delays.length >> 1])} ms, max ${fmt(delays.at(-1))} ms ` +
    `(of which the settle time ${fmt(SETTLE)} ms)`,
);

/** p99 of the chunk lateness from the engine's histogram (bucket bound, or the maximum if lower) */
function lateness(timing) {
  let acc = 0;
  let p99 = Infinity;
  for (const [i, n] of timing.histogram.entries()) {
    acc += n;
    if (acc >= timing.chunks * 0.99) {
      p99 = LATENESS_BUCKETS_MS[i] ?? Infinity;
      break;
    }
  }
  const hist = LATENESS_BUCKETS_MS.map((ms, i) => `<=${ms}ms ${timing.histogram[i]}`).join(', ');
  return {
    p99: Math.min(p99, timing.maxLateUs / 1000),
    line: `${timing.chunks} chunks, max ${fmt(timing.maxLateUs / 1000, 2)} ms; ${hist}, >${LATENESS_BUCKETS_MS.at(-1)}ms ${timing.histogram.at(-1)}`,
  };
}

// ---- the machine's own lateness: the same time with nothing arriving ----
await engine.resetTiming();
await sleep(Number(process.env.BASELINE_MS ?? 8000));
const base = lateness(await engine.timing());
console.log(`baseline, nothing arriving: lateness p99 <= ${fmt(base.p99, 2)} ms (${base.line})`);

// ---- lateness while ARRIVE files arrive ----
await engine.resetTiming();
fs.mkdirSync(path.join(tree, 'arrive'));
t = performance.now();
const targets = newFiles.slice(0, ARRIVE).map((f, i) => path.join(tree, 'arrive', `a-${i}.mp3`));
for (const [i, p] of targets.entries()) fs.copyFileSync(newFiles[i], p);
const copied = performance.now() - t;
while (!targets.every((p) => afs.files.getByPath(p))) await sleep(20);
const allIn = performance.now() - t;
const arrived = lateness(await engine.timing());
console.log(
  `${fmt(ARRIVE)} files arriving: copied in ${fmt(copied)} ms, all in the table ${fmt(allIn - copied)} ms after the last write; ` +
    `stream lateness p99 <= ${fmt(arrived.p99, 2)} ms (target p99 < 20 ms: ${arrived.p99 < 20 ? 'met' : 'MISSED'})`,
);
console.log(`  ${arrived.line}`);

await w.close();
await engine.vss.stop();
await engine.close();
await afs.close();
await checkpointer?.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
for (const extra of ['probe', 'arrive'])
  fs.rmSync(path.join(tree, extra), { recursive: true, force: true });
