// Where the real server's memory goes (issue 18): para_server started as users start it, in its
// own process, no forced GC; RSS, anonymous and file-backed memory from /proc (smaps_rollup),
// and each V8 isolate's heap (the main thread, the stream thread, each worker) from a small
// preload (server-memory-probe.mjs). Idle on the demo library once start-up memory is given
// back, then N listeners of `/` on the bench library: what each isolate grew by.
// FILES=100000: first a server on FILES synthetic audio-file rows (lib.mjs insertSynthetic: no
// file on disk) plus the demo library's real files, idle, against the demo library alone, both
// started with `--autoplay --afs-initial-mode m/<mood>`, the mood admitting the demo folder only:
// both stream the same four real files, and the synthetic rows are in every table and index the
// server keeps but never chosen (http-servers.mjs withSyntheticRows says why). Not in the
// figures, so printed beside them: the score table a mood admitting every file adds
// (measured alone in a child process). Then a heap snapshot of that server's main thread
// (SIGUSR2; SNAPSHOT=0 skips it) summarised by heap-summary.mjs. N=0 skips the listeners.
// GC=1: the listeners' server runs with --expose-gc and, after the reading with the listeners,
// each isolate makes one full collection and is read again: what of the growth was garbage
// (a diagnostic: users' servers run without it). SNAPS=<dir>: a heap snapshot of each isolate
// idle and with the listeners, copied to <dir> (heap-summary.mjs, or DevTools' comparison view:
// the two of one isolate share object ids); the RSS read after them is not the server's own.
// MOUNT=live.mp3: the listeners listen to the live mount instead of `/`.
// Env: N (1000), HOLD (seconds with the listeners, 20), FILES (0), SNAPSHOT (1), GC (0), SNAPS,
// MOUNT.
// Build first: npm run build.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from './heap-summary.mjs';
import {
  LoadGens,
  SETTLE_MS,
  benchLibrary,
  fmt,
  memory,
  scratch,
  signed,
  sleep,
  startParaweb,
  verdict,
  withSyntheticRows,
} from './http-servers.mjs';

const N = Number(process.env.N ?? 1000);
const HOLD = Number(process.env.HOLD ?? 20);
const FILES = Number(process.env.FILES ?? 0);
const SNAPSHOT = process.env.SNAPSHOT !== '0';
const GC = process.env.GC === '1';
const SNAPS = process.env.SNAPS;
const MOUNT = process.env.MOUNT ?? '';
if (MOUNT && MOUNT !== 'live.mp3') throw new Error(`MOUNT=${MOUNT}: live.mp3 or none (/)`);
const PATH = `/${MOUNT}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const demo = fs.realpathSync(path.join(here, '..', 'scripts', 'demo-library'));
const MOOD = 'demo-folder';
const mb = (bytes) => fmt(bytes / 1048576, 1);
const dmb = (bytes) => signed(bytes / 1048576, 1);

/** KB of each kind in /proc/PID/smaps_rollup */
function rollup(pid) {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Object.fromEntries([...text.matchAll(/^(\w+):\s+(\d+) kB/gm)].map((m) => [m[1], +m[2]]));
}

/** each live isolate's latest figures, in thread order, named by script and its count so far
 * (two servers' isolates pair up by name even when their thread ids differ); a probe file not
 * written for 2.5 s is a worker that has stopped (the reader and the checkpointer stop when idle) */
function isolates(dir) {
  const seen = new Map();
  const now = Date.now();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && now - fs.statSync(path.join(dir, f)).mtimeMs < 2500)
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
    .sort((a, b) => a.thread - b.thread)
    .map((i) => {
      const base = path.basename(i.script);
      const k = (seen.get(base) ?? 0) + 1;
      seen.set(base, k);
      return { ...i, key: k > 1 ? `${base} #${k}` : base };
    });
}

async function start(library, { files = -1, nodeFlags = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(scratch, 'probe-'));
  process.env.PROBE_DIR = dir;
  const s = await startParaweb(library, {
    nodeFlags: ['--import', path.join(here, 'server-memory-probe.mjs'), ...nodeFlags],
    // files < 0: the plain start, every file admissible (the dummy mood)
    ...(files >= 0 && withSyntheticRows(library, files, MOOD)),
  });
  return { s, dir };
}

function show(label, pid, dir, before) {
  const m = memory(pid);
  const r = rollup(pid);
  console.log(
    `${label}: RSS ${fmt(m.rss / 1024, 1)} MB (anon ${fmt(m.anon / 1024, 1)}, files ` +
      `${fmt(m.file / 1024, 1)}; shared files ${fmt((r.Rss - r.Pss) / 1024, 1)} MB counted in ` +
      `other processes too), ${m.threads} threads; the most since its start ${fmt(m.peak / 1024, 1)} MB`,
  );
  const now = isolates(dir);
  let heaps = 0;
  for (const i of now) {
    heaps += i.heapTotal + i.external;
    const was = before?.find((b) => b.key === i.key);
    const grew = was
      ? ` (${dmb(i.heapTotal - was.heapTotal)} heap, ${dmb(i.external - was.external)} external)`
      : '';
    const s = i.spaces;
    console.log(
      `  ${i.key.padEnd(22)} heap ${mb(i.heapUsed)} used of ${mb(i.heapTotal)} MB ` +
        `(young ${mb(s.new_space ?? 0)}, old ${mb(s.old_space ?? 0)}, code ${mb(s.code_space ?? 0)}, large objects ` +
        `${mb(s.large_object_space ?? 0)}), external ${mb(i.external)} MB${grew}`,
    );
  }
  console.log(
    `  outside the JS heaps and their buffers: ${fmt(m.anon / 1024 - heaps / 1048576, 1)} MB anon ` +
      '(isolates, WebAssembly, thread stacks, native objects, malloc)',
  );
  return { m, isolates: now, outside: m.anon * 1024 - heaps };
}

/** what FILES more rows cost, against the demo-only server, in all and per 1,000 files */
function perThousand(a, b) {
  const k = FILES / 1000;
  const line = (name, bytes) =>
    `  ${name.padEnd(34)} ${dmb(bytes)} MB = ${signed(bytes / 1048576 / k, 3)} MB per 1,000 files`;
  console.log(`difference to the demo-only idle server (${fmt(FILES)} rows more):`);
  console.log(line('RSS', (b.m.rss - a.m.rss) * 1024));
  console.log(line('anon', (b.m.anon - a.m.anon) * 1024));
  for (const i of b.isolates) {
    const was = a.isolates.find((x) => x.key === i.key);
    if (!was) continue;
    const used = i.heapUsed - was.heapUsed;
    console.log(
      `${line(`${i.key} heap total + external`, i.heapTotal + i.external - was.heapTotal - was.external)}` +
        ` (used ${dmb(used)})`,
    );
  }
  console.log(line('outside the JS heaps', b.outside - a.outside));
}

/** the score table and the selector's mood scores of `n` admissible files, measured alone */
function scoreTableBytes(n) {
  const dist = path.join(here, '..', 'apps', 'server', 'dist', 'src');
  const code = `
    const { ScoreTable } = await import(${JSON.stringify(path.join(dist, 'afs', 'selection', 'score-table.js'))});
    const used = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
    const before = used();
    const table = new ScoreTable();
    const moodScores = new Map();
    const rows = Array.from({ length: ${n} }, (_, id) => ({ id: id + 1, score: (id * 7919) % 100003 - 50000 }));
    table.fill(rows);
    for (const r of rows) moodScores.set(r.id, 0);
    rows.length = 0;
    const bytes = used() - before;
    console.log(bytes, table.size, moodScores.size);`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code]);
  return Number(out.toString().split(' ')[0]);
}

/** SIGUSR2 to a server started with --heapsnapshot-signal: the written snapshot's path */
async function heapSnapshot(pid, dir) {
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (let t = 0; t < 600; t++) {
    await sleep(1000);
    const f = fs.readdirSync(dir).find((x) => x.endsWith('.heapsnapshot'));
    if (!f) continue;
    const file = path.join(dir, f);
    const now = fs.statSync(file).size;
    // complete: it stopped growing and ends with the JSON's closing bracket
    if (now === size && now > 0) {
      const fd = fs.openSync(file, 'r');
      const tail = Buffer.alloc(16);
      fs.readSync(fd, tail, 0, 16, Math.max(0, now - 16));
      fs.closeSync(fd);
      if (tail.toString().trimEnd().endsWith('}')) return file;
    }
    size = now;
  }
  throw new Error('no complete heap snapshot after 10 minutes');
}

console.log(
  `server-memory: N=${N}, ${HOLD} s with them, 128 kbit/s MP3` +
    (FILES
      ? `; FILES=${fmt(FILES)} synthetic rows, only the demo folder admissible (m/${MOOD})`
      : ''),
);
let demoIdle;
{
  const { s, dir } = await start(demo, { files: FILES ? 0 : -1 });
  await sleep(SETTLE_MS);
  demoIdle = show(`idle, demo library${FILES ? ` (m/${MOOD})` : ''}`, s.pid, dir);
  console.log(`  target <= 120 MB: ${verdict(demoIdle.m.rss <= 120 * 1024)}`);
  await s.stop();
}
if (FILES) {
  const snapDir = fs.mkdtempSync(path.join(scratch, 'heap-'));
  const nodeFlags = SNAPSHOT
    ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapDir}`]
    : [];
  const { s, dir } = await start(demo, { files: FILES, nodeFlags });
  // V8 gives back what loading 100,000 rows took some 35 s after the start (~350 -> ~225 MB),
  // not after the demo library's 30: read at 30 s, the figure was that of the start-up
  await sleep(2 * SETTLE_MS);
  const idle = show(
    `\nidle, ${fmt(FILES)} synthetic rows + the demo library (m/${MOOD})`,
    s.pid,
    dir,
    demoIdle.isolates,
  );
  const judged = FILES >= 100_000 ? verdict(idle.m.rss <= 350 * 1024) : 'judged at FILES=100000';
  console.log(`  target <= 350 MB with 100,000 files: ${judged}`);
  perThousand(demoIdle, idle);
  const score = scoreTableBytes(FILES + 4);
  console.log(
    `  not in these figures: a mood admitting all ${fmt(FILES)} files would add its score table ` +
      `and mood scores, ${mb(score)} MB of heap (measured alone in a child process)`,
  );
  if (SNAPSHOT) {
    const t0 = performance.now();
    const file = await heapSnapshot(s.pid, snapDir);
    await s.stop(); // the summary takes memory and CPU of its own: the server is done
    const classes = ['AudioFileTable', 'LibraryIndex', 'Selector'];
    console.log(
      `\nmain thread (${mb(fs.statSync(file).size)} MB snapshot, ` +
        `${fmt((performance.now() - t0) / 1000, 0)} s to write):`,
    );
    console.log(summarise(file, { classes, top: 20 }).join('\n'));
    console.log(
      '  (AudioFileTable: the table; what it holds through several fields is the rows themselves ' +
        '(each record with its strings), byId/byPath/byHash its maps. LibraryIndex: the ' +
        "dashboard's sort orders (orders) and search texts (texts). Selector: the mode's score table.)",
    );
  } else await s.stop();
  fs.rmSync(snapDir, { recursive: true, force: true });
}
if (N > 0) {
  const { s, dir } = await start(benchLibrary(), { nodeFlags: GC ? ['--expose-gc'] : [] });
  await sleep(SETTLE_MS);
  const idle = show('\nidle, bench library', s.pid, dir);
  if (SNAPS) {
    fs.writeFileSync(path.join(dir, 'snap-idle'), '');
    await sleep(8000);
  }
  const gens = new LoadGens({ ...s, path: PATH }, { ramp: 200 });
  await gens.open(N);
  await sleep(HOLD * 1000);
  const { m } = show(`${fmt(N)} listeners of ${PATH}`, s.pid, dir, idle.isolates);
  const per = (m.rss - idle.m.rss) / N;
  console.log(`  RSS per added listener ${fmt(per, 2)} KB, target <= 4 KB: ${verdict(per <= 4)}`);
  if (SNAPS) {
    fs.writeFileSync(path.join(dir, 'snap-busy'), '');
    await sleep(10000);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.heapsnapshot')))
      fs.copyFileSync(path.join(dir, f), path.join(SNAPS, f));
  }
  if (GC) {
    fs.writeFileSync(path.join(dir, 'gc'), '');
    await sleep(3000);
    const after = show('after one full collection in each isolate', s.pid, dir, idle.isolates);
    console.log(`  RSS per added listener then ${fmt((after.m.rss - idle.m.rss) / N, 2)} KB`);
  }
  await gens.quit();
  await s.stop();
}
