// Recording the audience of N listeners (default 5,000): the stream thread streams a 128 kbit/s
// MP3 on `/` while N raw-socket listeners (http-load-gen.mjs, processes of their own) connect,
// stay for WINDOW seconds and all leave; once with the audience recording (sessions, roll-ups,
// metrics written in batches off the stream thread, SQLite) and once without, in one run.
// Targets (issue #17): chunk lateness p99 < 20 ms with recording, and recording adds < 5 % CPU
// (percentage points of one core, this process's main and stream threads together).
// Env: N (5000), WINDOW (seconds, 20), RAMP (connects per second, 1000), ORDER (off,on).
// Build first: npm run build (or npm run test:file of any server test). Shared machine: the
// figures are what it gave under the load printed with them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { dist, fmt, freshAfs, scratch } from './lib.mjs';
import { LoadGens, benchLibrary, sleep } from './http-servers.mjs';

const N = Number(process.env.N ?? 5000);
const WINDOW = Number(process.env.WINDOW ?? 20);
const RAMP = Number(process.env.RAMP ?? 1000);
const ORDER = (process.env.ORDER ?? 'off,on').split(',');

const { StreamHost, LATENESS_BUCKETS_MS } = await import(path.join(dist, 'vss', 'index.js'));
const { Audience } = await import(path.join(dist, 'audience', 'index.js'));
const { loadConfig } = await import(path.join(dist, 'config.js'));

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** the smallest bucket bound (ms) under which `p` % of the chunks left */
function percentile(histogram, p) {
  const total = histogram.reduce((a, n) => a + n, 0);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= (total * p) / 100) return LATENESS_BUCKETS_MS[i] ?? Infinity;
  }
  return Infinity;
}

async function run(recording, lib) {
  const dir = fs.mkdtempSync(path.join(scratch, 'audience-bench-'));
  const { db, afs } = await freshAfs(`file:${path.join(dir, 'bench.db')}`);
  await afs.add([lib], { all: false, lazy: false, force: false, verbose: false });
  const r = loadConfig(
    [
      ...['--http-port', '0', '--http-listen-address', '127.0.0.1'],
      ...['--http-max-connections-per-address', '-1', '--http-max-clients', '-1'],
      ...['--hls-disable', '--http-no-live-mp3', '--afs-database-dir', dir],
    ],
    {},
  );
  if (!r.ok || !('config' in r)) throw new Error(`bad bench config: ${JSON.stringify(r)}`);
  let host;
  const quiet = { info: () => {}, warn: (m) => console.warn(m), error: (m) => console.error(m) };
  const audience = recording
    ? new Audience({
        db,
        afs,
        playing: () => host.isPlaying,
        streamUp: () => host.isAlive,
        deadAirSeconds: 10,
        addressMode: 'truncated',
        minuteDays: 90,
        sessionDays: 365,
        webhooks: { urls: [], listeners: [] },
        log: quiet,
      })
    : undefined;
  host = await StreamHost.open({
    afs,
    senders: r.config,
    announceTimeMs: 0,
    logger: pino({ level: 'silent' }),
    audience,
  });
  await audience?.start();
  await host.start();
  await host.play();
  await sleep(2000);
  const port = host.senders.get('http').port;
  await host.resetTiming();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const gens = new LoadGens({ port, path: '/' }, { ramp: RAMP });
  const ok = await gens.open(N);
  await sleep(WINDOW * 1000);
  await gens.quit();
  await sleep(3000); // the leaving listeners reported and written
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / secs) * 100;
  const t = await host.timing();
  await host.close();
  await audience?.close();
  const sessions = recording ? await db.prisma.listenerSession.count() : 0;
  const closed = recording
    ? await db.prisma.listenerSession.count({ where: { endedAt: { not: null } } })
    : 0;
  await afs.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { ok, secs, cpuPct, t, sessions, closed };
}

console.log(
  `audience: N=${N} listeners on /, ${WINDOW} s held, ${RAMP} connects/s; runs: ${ORDER.join(', ')}`,
);
console.log(`  ${uptime()}`);
const lib = benchLibrary();
const results = {};
for (const mode of ORDER) {
  const recording = mode === 'on';
  const x = await run(recording, lib);
  results[mode] = x;
  const p99 = percentile(x.t.histogram, 99);
  console.log(
    `recording ${mode}: ${x.ok} of ${N} listeners got 200; ${fmt(x.secs, 1)} s; CPU ${fmt(x.cpuPct, 1)} % of one core` +
      ` (main + stream thread); chunks ${x.t.chunks}, lateness p99 <= ${p99} ms (target < 20 ms),` +
      ` max ${fmt(x.t.maxLateUs / 1000, 1)} ms, mean ${fmt(x.t.sumLateUs / Math.max(1, x.t.chunks) / 1000, 2)} ms` +
      (recording ? `; sessions written ${x.sessions}, closed ${x.closed} (want ${N})` : ''),
  );
  console.log(`  ${uptime()}`);
}
if (results.on && results.off) {
  const added = results.on.cpuPct - results.off.cpuPct;
  console.log(
    `recording adds ${fmt(added, 1)} % CPU (percentage points of one core; target < 5 %); ` +
      `lateness p99 off <= ${percentile(results.off.t.histogram, 99)} ms, on <= ${percentile(results.on.t.histogram, 99)} ms`,
  );
}
