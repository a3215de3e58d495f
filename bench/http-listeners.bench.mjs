// N concurrent 128 kbit/s HTTP listeners against the real server as users run it (a separate
// process started like `npm run up` starts it, no forced GC), then against a real icecast2 with
// the same stream and the same burst size, side by side. CPU and RSS come from /proc of each
// server process; RSS is the median of a reading a second (idle: over 10 s; with the listeners:
// over the window), as in http-ramp (http-servers.mjs sampledMemory). For each server: idle on a
// fresh process; N listeners on the fresh process
// (RSS per added listener, CPU over the window, each listener's rate from its first to its last
// byte in the window); all gone; N listeners again on the warmed process. For paraweb also the
// chunk lateness one more listener sees, and the idle RSS with the demo library.
// MOUNT=live.mp3: paraweb's listeners listen to the live mount /live.mp3 instead of `/` (on by
// default, 128 kbit/s 44.1 kHz; the bench library's MP3 files pass through it as they are, so
// both servers send the same bytes with the same 10 s burst); its lateness probe reads ICY
// metadata to split the files (mountProbe). Icecast2's side is the same either way.
// Env: N (1000), WINDOW (seconds, 60), RAMP (connects per second, 200: Icecast 2.4's listen backlog is 5), ICECAST (0 skips it), MOUNT.
// Build first: npm run build. The machine may be shared: the figures are what it gave then.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BURST_BYTES,
  BYTES_PER_SECOND,
  ICECAST_BIN,
  LoadGens,
  SETTLE_MS,
  benchLibrary,
  cpuSeconds,
  fmt,
  latenessProbe,
  memory,
  pct,
  sampledMemory,
  sleep,
  startIcecastFed,
  startParaweb,
  verdict,
} from './http-servers.mjs';
import { mountProbe } from './mount-probe.mjs';

const N = Number(process.env.N ?? 1000);
const WINDOW = Number(process.env.WINDOW ?? 60);
const RAMP = Number(process.env.RAMP ?? 200);
const ICECAST = process.env.ICECAST ? process.env.ICECAST === '1' : fs.existsSync(ICECAST_BIN);
/** the only live mount with a fixed byte rate: the real-time share counts bytes */
const MOUNT = process.env.MOUNT ?? '';
if (MOUNT && MOUNT !== 'live.mp3') throw new Error(`MOUNT=${MOUNT}: only live.mp3 (or none: /)`);
const PATH = `/${MOUNT}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const demo = path.join(here, '..', 'scripts', 'demo-library');

/** what one more /live.mp3 listener sees, as latenessProbe gives it for `/` */
function mountLateness(port) {
  const probe = mountProbe(port, PATH);
  return { stop: async () => probe.stop().late };
}

/** Holds N listeners for `seconds` and measures the server meanwhile. */
async function load(server, seconds, { probe = false, before } = {}) {
  const gens = new LoadGens(server, { ramp: RAMP });
  const ok = await gens.open(N);
  await sleep(5000); // the bursts are over
  gens.mark();
  const lat = !probe ? undefined : MOUNT ? mountLateness(server.port) : latenessProbe(server.port);
  const c0 = cpuSeconds(server.pid);
  const g0 = gens.cpuSeconds();
  const t0 = performance.now();
  const after = await sampledMemory(server.pid, seconds * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu = ((cpuSeconds(server.pid) - c0) / secs) * 100;
  const genCpu = ((gens.cpuSeconds() - g0) / secs) * 100;
  const r = await gens.report();
  const late = lat ? await lat.stop() : undefined;
  await gens.quit();
  return { ok, before, after, cpu, genCpu, secs, late, ...r };
}

async function measure(server) {
  await sleep(SETTLE_MS);
  const c0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const idle = await sampledMemory(server.pid, 10_000);
  const idleCpu = ((cpuSeconds(server.pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
  const fresh = await load(server, WINDOW, { probe: server.name === 'paraweb', before: idle });
  const warmBefore = await sampledMemory(server.pid, 10_000);
  const warm = await load(server, Math.min(WINDOW, 20), { before: warmBefore });
  return { name: server.name, path: server.path, idle, idleCpu, fresh, warm };
}

function print(m) {
  const f = m.fresh;
  const w = m.warm;
  const perListener = (run) => (run.after.rss - run.before.rss) / N;
  const real = (x) => `${fmt((x / BYTES_PER_SECOND) * 100, 2)} %`;
  console.log(`\n${m.name}: ${fmt(N)} listeners of ${m.path}, ${fmt(f.secs, 0)} s window`);
  console.log(
    `  idle: RSS ${fmt(m.idle.rss / 1024, 1)} MB (anon ${fmt(m.idle.anon / 1024, 1)}, ` +
      `files ${fmt(m.idle.file / 1024, 1)}), ${m.idle.threads} threads, CPU ${fmt(m.idleCpu, 1)} %`,
  );
  console.log(
    `  fresh process: ${f.ok} got 200, ${f.closed} closed early; RSS ${fmt(f.before.rss / 1024, 1)}` +
      ` -> ${fmt(f.after.rss / 1024, 1)} MB (medians of 1-s samples, ${f.after.threads} threads) = ` +
      `${fmt(perListener(f), 2)} KB per added listener`,
  );
  console.log(
    `  warmed process: RSS ${fmt(w.before.rss / 1024, 1)} -> ${fmt(w.after.rss / 1024, 1)} MB = ` +
      `${fmt(perListener(w), 2)} KB per added listener; CPU ${fmt(w.cpu, 1)} %`,
  );
  console.log(
    `  CPU over the window: ${fmt(f.cpu, 1)} % of one core (${fmt(f.cpu - m.idleCpu, 1)} above idle)` +
      `; the load generators ${fmt(f.genCpu, 1)} %`,
  );
  console.log(
    `  rate, first to last byte in the window: min ${real(f.rates[0])}, p1 ` +
      `${real(pct(f.rates, 1))}, median ${real(pct(f.rates, 50))}; ` +
      `${f.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length} of ${N} >= 99 %`,
  );
  console.log(
    `  time to first byte p50 / p95 / max: ${pct(f.ttfb, 50)} / ${pct(f.ttfb, 95)} / ${f.ttfb.at(-1)} ms`,
  );
  if (f.late?.length) {
    const who = MOUNT ? `a ${PATH} listener, one arrival per flush` : 'a para_recv listener';
    console.log(
      `  chunk lateness seen by ${who} (${f.late.length} arrivals): p50 ` +
        `${fmt(pct(f.late, 50), 1)}, p99 ${fmt(pct(f.late, 99), 1)}, max ${fmt(f.late.at(-1), 1)} ms`,
    );
  }
}

console.log(
  `http-listeners: N=${N} of paraweb's ${PATH}, window ${WINDOW} s, ${RAMP} connects/s, 128 kbit/s MP3, burst ` +
    `${BURST_BYTES} bytes for both; ${os.cpus().length} cores, load average ` +
    `${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (shared machine: figures as measured under that load)`,
);
const lib = benchLibrary();
const results = [];
{
  const s = await startParaweb(demo);
  await sleep(SETTLE_MS);
  const m = memory(s.pid);
  console.log(
    `paraweb idle with the demo library: RSS ${fmt(m.rss / 1024, 1)} MB (anon ` +
      `${fmt(m.anon / 1024, 1)}, files ${fmt(m.file / 1024, 1)}), ${m.threads} threads` +
      `   target <= 120 MB: ${verdict(m.rss <= 120 * 1024)}`,
  );
  await s.stop();
}
for (const start of [
  async () => Object.assign(await startParaweb(lib), { path: PATH }),
  ICECAST ? () => startIcecastFed(lib, N + 100) : null,
]) {
  if (!start) continue;
  const server = await start();
  try {
    const m = await measure(server);
    results.push(m);
    print(m);
  } finally {
    await server.stop();
  }
}
const [p, ice] = results;
const perL = (m) => (m.fresh.after.rss - m.fresh.before.rss) / N;
console.log(`\ntargets (issue 18), paraweb's listeners of ${PATH}:`);
console.log(
  `  RSS per added listener, fresh: ${fmt(perL(p), 2)} KB   target <= 4 KB: ${verdict(perL(p) <= 4)}`,
);
const onTime = p.fresh.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length;
console.log(
  `  listeners >= 99 % of real time: ${onTime} of ${N}, ${p.fresh.closed} dropped   target all, ` +
    `none dropped: ${verdict(onTime === N && p.fresh.closed === 0)}`,
);
if (p.fresh.late?.length) {
  console.log(
    `  chunk lateness p99 / max: ${fmt(pct(p.fresh.late, 99), 1)} / ${fmt(p.fresh.late.at(-1), 1)} ms` +
      `   target < 20 / < 50 ms: ${verdict(pct(p.fresh.late, 99) < 20 && p.fresh.late.at(-1) < 50)}`,
  );
}
if (ice) {
  const above = (m) => Math.max(0.01, m.fresh.cpu - m.idleCpu);
  console.log(
    `  CPU per listener paraweb / icecast2: ${fmt(p.fresh.cpu, 1)} % / ${fmt(ice.fresh.cpu, 1)} % = ` +
      `${fmt(p.fresh.cpu / ice.fresh.cpu, 2)} (above idle: ${fmt(above(p) / above(ice), 2)})   ` +
      `target <= 0.25: ${verdict(p.fresh.cpu / ice.fresh.cpu <= 0.25)}`,
  );
  console.log(`  icecast2 RSS per added listener, fresh: ${fmt(perL(ice), 2)} KB`);
}
