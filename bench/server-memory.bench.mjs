// Where the real server's memory goes (issue 18): para_server started as users start it, in its
// own process, no forced GC; RSS, anonymous and file-backed memory from /proc (smaps_rollup),
// and each V8 isolate's heap (the main thread, the stream thread, each worker) from a small
// preload (server-memory-probe.mjs). Idle on the demo library once start-up memory is given
// back, then N listeners of `/` on the bench library: what each isolate grew by.
// Env: N (1000), HOLD (seconds with the listeners, 20). Build first: npm run build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LoadGens,
  SETTLE_MS,
  benchLibrary,
  fmt,
  memory,
  scratch,
  sleep,
  startParaweb,
  verdict,
} from './http-servers.mjs';

const N = Number(process.env.N ?? 1000);
const HOLD = Number(process.env.HOLD ?? 20);
const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.join(here, '..', 'scripts', 'demo-library');
const mb = (bytes) => fmt(bytes / 1048576, 1);

/** KB of each kind in /proc/PID/smaps_rollup */
function rollup(pid) {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Object.fromEntries([...text.matchAll(/^(\w+):\s+(\d+) kB/gm)].map((m) => [m[1], +m[2]]));
}

/** each isolate's latest figures, by thread id */
function isolates(dir) {
  return fs
    .readdirSync(dir)
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
    .sort((a, b) => a.thread - b.thread);
}

async function start(library) {
  const dir = fs.mkdtempSync(path.join(scratch, 'probe-'));
  process.env.PROBE_DIR = dir;
  const s = await startParaweb(library, {
    nodeFlags: ['--import', path.join(here, 'server-memory-probe.mjs')],
  });
  return { s, dir };
}

function show(label, pid, dir, before) {
  const m = memory(pid);
  const r = rollup(pid);
  console.log(
    `${label}: RSS ${fmt(m.rss / 1024, 1)} MB (anon ${fmt(m.anon / 1024, 1)}, files ` +
      `${fmt(m.file / 1024, 1)}; shared files ${fmt((r.Rss - r.Pss) / 1024, 1)} MB counted in ` +
      `other processes too), ${m.threads} threads`,
  );
  const now = isolates(dir);
  let heaps = 0;
  for (const i of now) {
    heaps += i.heapTotal + i.external;
    const was = before?.find((b) => b.thread === i.thread);
    const grew = was
      ? ` (+${mb(i.heapTotal - was.heapTotal)} heap, +${mb(i.external - was.external)} external)`
      : '';
    const s = i.spaces;
    console.log(
      `  ${path.basename(i.script).padEnd(22)} heap ${mb(i.heapUsed)} used of ${mb(i.heapTotal)} MB ` +
        `(young ${mb(s.new_space ?? 0)}, old ${mb(s.old_space ?? 0)}, code ${mb(s.code_space ?? 0)}, large objects ` +
        `${mb(s.large_object_space ?? 0)}), external ${mb(i.external)} MB${grew}`,
    );
  }
  console.log(
    `  outside the JS heaps and their buffers: ${fmt(m.anon / 1024 - heaps / 1048576, 1)} MB anon ` +
      '(isolates, WebAssembly, thread stacks, native objects, malloc)',
  );
  return { m, isolates: now };
}

console.log(`server-memory: N=${N}, ${HOLD} s with them, 128 kbit/s MP3`);
{
  const { s, dir } = await start(demo);
  await sleep(SETTLE_MS);
  const { m } = show('idle, demo library', s.pid, dir);
  console.log(`  target <= 120 MB: ${verdict(m.rss <= 120 * 1024)}`);
  await s.stop();
}
{
  const { s, dir } = await start(benchLibrary());
  await sleep(SETTLE_MS);
  const idle = show('\nidle, bench library', s.pid, dir);
  const gens = new LoadGens(s, { ramp: 200 });
  await gens.open(N);
  await sleep(HOLD * 1000);
  const { m } = show(`${fmt(N)} listeners of /`, s.pid, dir, idle.isolates);
  const per = (m.rss - idle.m.rss) / N;
  console.log(`  RSS per added listener ${fmt(per, 2)} KB, target <= 4 KB: ${verdict(per <= 4)}`);
  await gens.quit();
  await s.stop();
}
