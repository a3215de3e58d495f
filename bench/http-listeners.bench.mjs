// N concurrent 128 kbit/s HTTP listeners on loopback, from a separate load-generator process:
// server CPU and memory per listener, each listener's rate, time to first byte when all connect
// in the same second, chunk lateness. Then, in the same run, a real icecast2 fed the same stream
// by our icecast sender gets the same load on its mount, and both are printed side by side.
// Env: N (default 1000), SECONDS (default 60), FLUSH_MS (the sender's batching; its default),
// ICECAST (1: run the Icecast half, 0: skip it; default 1 when /usr/bin/icecast2 is installed),
// SERVER_DIST (the built server's src dir, default apps/server/dist/src: npm run build first).
// Run with node --expose-gc for steadier memory figures.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { synthWav } from './make-library.mjs';

const N = Number(process.env.N ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 60);
// the measuring window starts 6 s in (everyone connected) and ends 1 s before the end
if (!(SECONDS >= 10)) {
  console.error(`SECONDS=${process.env.SECONDS}: want at least 10 (the window starts 6 s in)`);
  process.exit(2);
}
const FLUSH_MS = process.env.FLUSH_MS ? Number(process.env.FLUSH_MS) : undefined;
const here = path.dirname(fileURLToPath(import.meta.url));
const scratch = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'paraweb-bench');
fs.mkdirSync(scratch, { recursive: true });
const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const dist = process.env.SERVER_DIST ?? path.join(here, '..', 'apps', 'server', 'dist', 'src');
const { Vss, LATENESS_BUCKETS_MS } = await import(path.join(dist, 'vss', 'index.js'));
const { HttpSender, SenderTable } = await import(path.join(dist, 'senders', 'index.js'));
const { openDatabase, migrate } = await import(path.join(dist, 'db', 'index.js'));
const { Afs } = await import(path.join(dist, 'afs', 'index.js'));
const { IcecastSender } = await import(path.join(dist, 'senders', 'icecast', 'index.js'));
const { startIcecast, ICECAST_BIN } = await import('./icecast-server.mjs');
const ICECAST = process.env.ICECAST ? process.env.ICECAST === '1' : fs.existsSync(ICECAST_BIN);

/** Icecast 2.4.4, one 128 kbit/s mount, ramped connects, this machine (docs/streaming.md) */
const ICECAST_CPU_PER_1000 = 8.7;
const ICECAST_RSS_PER_LISTENER_KB = 1.5;
const MOUNT = '/bench.mp3';
const BYTES_PER_SECOND = 16_000;
const CLK_TCK = 100;

// a library of three 60 s CBR files, made once
const lib = path.join(scratch, 'http-bench-lib');
if (!fs.existsSync(path.join(lib, '.made'))) {
  fs.mkdirSync(lib, { recursive: true });
  for (const [i, freq] of [220, 330, 440].entries()) {
    const wav = path.join(lib, 'src.wav');
    synthWav(wav, 60, ['sine', freq, 'pinknoise']);
    execFileSync('lame', [
      '--quiet',
      '-b',
      '128',
      '--cbr',
      '--ta',
      'Bench',
      '--tt',
      `Track ${i + 1}`,
      wav,
      path.join(lib, `t${i + 1}.mp3`),
    ]);
    fs.rmSync(wav);
  }
  fs.writeFileSync(path.join(lib, '.made'), '');
}

function cpuTicks(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
const rssKb = (pid = 'self') =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
/** JS heap and buffers (what this process holds per listener; kernel socket buffers are not in RSS) */
const jsKb = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1024;
};
const pct = (arr, p) => arr[Math.min(arr.length - 1, Math.floor((arr.length * p) / 100))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * N listeners from the load generator on port/urlPath. Measures process `pid` (and this one)
 * while everyone is connected: from 6 s after the start to 1 s before the end, with the number
 * of connected listeners sampled every 2 s (`listeners()`).
 */
async function loadRun({ port, urlPath, pid, listeners, onWindow }) {
  global.gc?.();
  const rssBefore = rssKb(pid);
  const jsBefore = jsKb();
  const gen = spawn(
    process.execPath,
    [path.join(here, 'http-load-gen.mjs'), String(port), String(N), String(SECONDS), urlPath],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  gen.stdout.on('data', (d) => (out += d));
  let rssPeak = rssBefore;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb(pid))), 500);
  const counts = [];
  let counting = false;
  const countTimer = setInterval(() => {
    if (counting)
      void listeners().then(
        (n) => counts.push(n),
        () => {},
      );
  }, 2000);
  const m = {};
  let cpu0, self0, gen0, t0;
  setTimeout(() => {
    cpu0 = cpuTicks(pid);
    self0 = cpuTicks(process.pid);
    gen0 = cpuTicks(gen.pid);
    t0 = performance.now();
    counting = true;
    onWindow?.();
  }, 6000);
  setTimeout(
    () => {
      const secs = (performance.now() - t0) / 1000;
      m.cpu = ((cpuTicks(pid) - cpu0) / CLK_TCK / secs) * 100;
      m.selfCpu = ((cpuTicks(process.pid) - self0) / CLK_TCK / secs) * 100;
      m.genCpu = ((cpuTicks(gen.pid) - gen0) / CLK_TCK / secs) * 100;
      counting = false;
      global.gc?.();
      m.rssAll = rssKb(pid);
      m.jsAll = jsKb();
    },
    (SECONDS - 1) * 1000,
  );
  await new Promise((resolve) => gen.on('close', resolve));
  clearInterval(rssTimer);
  clearInterval(countTimer);
  const r = JSON.parse(out);
  const connected = counts.length ? counts.reduce((a, b) => a + b, 0) / counts.length : 0;
  return {
    ...m,
    r,
    rssBefore,
    rssPeak,
    jsBefore,
    connected,
    rates: [...r.rates].sort((a, b) => a - b).map((b) => (b / BYTES_PER_SECOND) * 100),
    ttfb: r.ttfbMs.filter((t) => t >= 0).sort((a, b) => a - b),
    noBytes: r.ttfbMs.filter((t) => t < 0).length,
  };
}

const dbDir = fs.mkdtempSync(path.join(scratch, 'http-bench-db-'));
const db = await openDatabase(`file:${path.join(dbDir, 'bench.db')}`);
await migrate(db);
const afs = await Afs.open(db);
await afs.add([lib], { all: false, lazy: false, force: false, verbose: false });
const senders = new SenderTable();
const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'], flushMs: FLUSH_MS });
senders.add(http);
const icecast = new IcecastSender({ targets: [] });
senders.add(icecast);
const vss = new Vss({ afs, senders, announceTimeMs: 0 });
vss.start();
await http.start();
vss.play();
await sleep(5000); // a full burst for everyone

// ---- paraweb's HTTP sender -----------------------------------------------------------------
console.log(
  `${N} listeners for ${SECONDS} s on 127.0.0.1:${http.port}, flush every ${FLUSH_MS ?? 'default'} ms`,
);
const p = await loadRun({
  port: http.port,
  urlPath: '/',
  pid: process.pid,
  listeners: () => Promise.resolve(http.clientCount),
  onWindow: () => vss.resetTiming(),
});
const timing = { ...vss.timing };
const { r, rates, ttfb } = p;
const perListenerKb = (p.rssAll - p.rssBefore) / N;
console.log(
  `answered 200: ${r.ok} of ${N}; closed before the end: ${r.closedEarly}; dropped as too slow: ${http.dropped}`,
);
console.log(
  `server CPU: ${fmt(p.cpu, 1)} % of one core (${fmt((p.cpu / N) * 1000, 2)} % per 1,000 listeners); ` +
    `Icecast 2.4.4: ${ICECAST_CPU_PER_1000} % per 1,000 => ${fmt((ICECAST_CPU_PER_1000 * N) / 1000, 1)} % here, ` +
    `paraweb uses ${fmt(p.cpu / ((ICECAST_CPU_PER_1000 * N) / 1000), 2)}x`,
);
console.log(
  `server RSS: ${fmt(p.rssBefore / 1024, 1)} MB before, ${fmt(p.rssAll / 1024, 1)} MB with ${N} listeners ` +
    `(peak ${fmt(p.rssPeak / 1024, 1)} MB): ${fmt(perListenerKb, 1)} KB per listener (Icecast ~${ICECAST_RSS_PER_LISTENER_KB} KB); ` +
    `JS heap + buffers ${fmt((p.jsAll - p.jsBefore) / N, 1)} KB per listener`,
);
console.log(`load generator CPU: ${fmt(p.genCpu, 1)} % of one core`);
console.log(
  `listener rate after the burst, % of real time: min ${fmt(rates[0], 2)} / p5 ${fmt(pct(rates, 5), 2)} / ` +
    `median ${fmt(pct(rates, 50), 2)}; below 99 %: ${rates.filter((x) => x < 99).length}`,
);
console.log(
  `time to first byte, all connecting within 1 s: median ${fmt(pct(ttfb, 50))} / p95 ${fmt(pct(ttfb, 95))} / ` +
    `max ${fmt(ttfb.at(-1))} ms; over 1 s: ${ttfb.filter((t) => t > 1000).length}; no bytes at all: ${p.noBytes} ` +
    `(Icecast's backlog of 5 left 40 % of 500 simultaneous listeners unserved after 30 s)`,
);
console.log(
  `chunk lateness while all were connected: max ${fmt(timing.maxLateUs / 1000, 2)} ms, ` +
    `mean ${fmt(timing.sumLateUs / Math.max(1, timing.chunks) / 1000, 2)} ms over ${timing.chunks} chunks; early: ${timing.early}`,
);
console.log(
  `  chunks late by: ${timing.histogram
    .map(
      (c, i) =>
        `${i < LATENESS_BUCKETS_MS.length ? `<=${LATENESS_BUCKETS_MS[i]}` : `>${LATENESS_BUCKETS_MS.at(-1)}`} ms: ${c}`,
    )
    .join(', ')}`,
);

// ---- icecast2 fed by the icecast sender, the same load on its mount -------------------------
if (ICECAST) {
  await sleep(2000); // the listeners of the first half are gone
  const ice = await startIcecast({ clients: N + 100 });
  try {
    await icecast.command('add', [ice.source(MOUNT)]);
    await icecast.start();
    for (let i = 0; i < 100 && !(await ice.mounts()).some((m) => m.mount === MOUNT); i++)
      await sleep(100);
    await sleep(5000); // Icecast's burst is full
    console.log(
      `\nIcecast 2.4.4 (pid ${ice.pid}) on 127.0.0.1:${ice.port}${MOUNT}, fed by the icecast sender`,
    );
    const c = await loadRun({
      port: ice.port,
      urlPath: MOUNT,
      pid: ice.pid,
      listeners: async () => (await ice.mounts()).find((m) => m.mount === MOUNT)?.listeners ?? 0,
    });
    const src = icecast.sources[0];
    console.log(
      `source: ${src.state}, ${fmt(src.bytesSent)} bytes sent, ${src.connects} connection(s), ` +
        `this process (vss, senders, no HTTP listeners) used ${fmt(c.selfCpu, 1)} % of one core meanwhile`,
    );
    const row = (label, a, b) =>
      console.log(`${label.padEnd(44)}${a.padStart(20)}${b.padStart(22)}`);
    const perK = (x) => (x.connected > 0 ? (x.cpu / x.connected) * 1000 : NaN);
    const kbPer = (x) => (x.connected > 0 ? (x.rssAll - x.rssBefore) / x.connected : NaN);
    // the server's share of a same-second storm of N; Icecast's backlog of 5 slows its connects
    console.log('');
    row('', 'paraweb http', 'icecast 2.4.4');
    row('answered 200 (of N)', `${p.r.ok} / ${N}`, `${c.r.ok} / ${N}`);
    row('listeners connected, mean over the window', fmt(p.connected, 0), fmt(c.connected, 0));
    row('CPU % of one core', fmt(p.cpu, 1), fmt(c.cpu, 1));
    row('CPU % per 1,000 connected listeners', fmt(perK(p), 2), fmt(perK(c), 2));
    row(
      'RSS MB before / with listeners',
      `${fmt(p.rssBefore / 1024, 1)} / ${fmt(p.rssAll / 1024, 1)}`,
      `${fmt(c.rssBefore / 1024, 1)} / ${fmt(c.rssAll / 1024, 1)}`,
    );
    row('memory per listener KB (RSS growth)', fmt(kbPer(p), 1), fmt(kbPer(c), 1));
    const rate = (x) =>
      `${fmt(x.rates[0], 1)} / ${fmt(pct(x.rates, 5), 1)} / ${fmt(pct(x.rates, 50), 1)}`;
    row('rate per listener % min / p5 / median', rate(p), rate(c));
    const tt = (x) => `${fmt(pct(x.ttfb, 50))} / ${fmt(pct(x.ttfb, 95))}`;
    row('TTFB ms p50 / p95', tt(p), tt(c));
    row(
      'TTFB max ms; no bytes at all',
      `${fmt(p.ttfb.at(-1))}; ${p.noBytes}`,
      `${fmt(c.ttfb.at(-1))}; ${c.noBytes}`,
    );
    row('load generator CPU %', fmt(p.genCpu, 1), fmt(c.genCpu, 1));
    const ratio = perK(p) / perK(c);
    // the same without what this process spends with no listener at all (vss, afs, feeding Icecast)
    const marginal = ((p.cpu - c.selfCpu) / p.connected) * 1000;
    console.log(
      `\nCPU per listener: paraweb / icecast = ${fmt(ratio, 2)} (target <= 1.5); ` +
        `over paraweb's idle ${fmt(c.selfCpu, 1)} %: ${fmt(marginal / perK(c), 2)}` +
        ` [machine load average: ${os
          .loadavg()
          .map((x) => fmt(x, 2))
          .join(' ')}]`,
    );
  } finally {
    await icecast.stop();
    await ice.stop();
  }
}

vss.close();
await http.stop();
await afs.close();
await db.close();
fs.rmSync(dbDir, { recursive: true, force: true });
