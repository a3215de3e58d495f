// N concurrent 128 kbit/s HTTP listeners on loopback, from a separate load-generator process:
// server CPU and memory per listener, each listener's rate, time to first byte when all connect
// in the same second, chunk lateness; side by side with Icecast 2.4.4's measured figures.
// Env: N (default 1000), SECONDS (default 60), FLUSH_MS (the sender's batching; its default),
// SERVER_DIST (the built server's src dir, default apps/server/dist/src: npm run build first).
// Run with node --expose-gc for steadier memory figures.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.N ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 60);
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

/** Icecast 2.4.4, one 128 kbit/s mount, this machine (streaming-lab.md §3) */
const ICECAST_CPU_PER_1000 = 8.7;
const ICECAST_RSS_PER_LISTENER_KB = 1.5;
const BYTES_PER_SECOND = 16_000;
const CLK_TCK = 100;

// a library of three 60 s CBR files, made once
const lib = path.join(scratch, 'http-bench-lib');
if (!fs.existsSync(path.join(lib, '.made'))) {
  fs.mkdirSync(lib, { recursive: true });
  for (const [i, freq] of [220, 330, 440].entries()) {
    const wav = path.join(lib, 'src.wav');
    execFileSync('sox', [
      '-n',
      '-r',
      '44100',
      '-b',
      '16',
      '-c',
      '2',
      wav,
      'synth',
      '60',
      'sine',
      String(freq),
      'pinknoise',
      'gain',
      '-n',
      '-6',
    ]);
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
const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
/** JS heap and buffers (what this process holds per listener; kernel socket buffers are not in RSS) */
const jsKb = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1024;
};
const pct = (arr, p) => arr[Math.min(arr.length - 1, Math.floor((arr.length * p) / 100))];

const dbDir = fs.mkdtempSync(path.join(scratch, 'http-bench-db-'));
const db = await openDatabase(`file:${path.join(dbDir, 'bench.db')}`);
await migrate(db);
const afs = await Afs.open(db);
await afs.add([lib], { all: false, lazy: false, force: false, verbose: false });
const senders = new SenderTable();
const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'], flushMs: FLUSH_MS });
senders.add(http);
const vss = new Vss({ afs, senders, announceTimeMs: 0 });
vss.start();
await http.start();
vss.play();
await new Promise((r) => setTimeout(r, 5000)); // a full burst for everyone
global.gc?.();
const rssBefore = rssKb();
const jsBefore = jsKb();

console.log(
  `${N} listeners for ${SECONDS} s on 127.0.0.1:${http.port}, flush every ${FLUSH_MS ?? 'default'} ms`,
);
const gen = spawn(
  process.execPath,
  [path.join(here, 'http-load-gen.mjs'), String(http.port), String(N), String(SECONDS)],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let out = '';
gen.stdout.on('data', (d) => (out += d));

// measure the server while everyone is connected: from 6 s after the start to 1 s before the end
let rssPeak = rssBefore;
const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb())), 500);
let cpu0, gen0, t0;
setTimeout(() => {
  cpu0 = cpuTicks(process.pid);
  gen0 = cpuTicks(gen.pid);
  t0 = performance.now();
  vss.resetTiming();
}, 6000);
let serverCpu, genCpu, rssAll, jsAll;
setTimeout(
  () => {
    const secs = (performance.now() - t0) / 1000;
    serverCpu = ((cpuTicks(process.pid) - cpu0) / CLK_TCK / secs) * 100;
    genCpu = ((cpuTicks(gen.pid) - gen0) / CLK_TCK / secs) * 100;
    global.gc?.();
    rssAll = rssKb();
    jsAll = jsKb();
  },
  (SECONDS - 1) * 1000,
);
await new Promise((resolve) => gen.on('close', resolve));
clearInterval(rssTimer);
const r = JSON.parse(out);
const timing = { ...vss.timing };

const rates = [...r.rates].sort((a, b) => a - b).map((b) => (b / BYTES_PER_SECOND) * 100);
const ttfb = r.ttfbMs.filter((t) => t >= 0).sort((a, b) => a - b);
const noBytes = r.ttfbMs.filter((t) => t < 0).length;
const perListenerKb = (rssAll - rssBefore) / N;
console.log(
  `answered 200: ${r.ok} of ${N}; closed before the end: ${r.closedEarly}; dropped as too slow: ${http.dropped}`,
);
console.log(
  `server CPU: ${fmt(serverCpu, 1)} % of one core (${fmt((serverCpu / N) * 1000, 2)} % per 1,000 listeners); ` +
    `Icecast 2.4.4: ${ICECAST_CPU_PER_1000} % per 1,000 => ${fmt((ICECAST_CPU_PER_1000 * N) / 1000, 1)} % here, ` +
    `paraweb uses ${fmt(serverCpu / ((ICECAST_CPU_PER_1000 * N) / 1000), 2)}x`,
);
console.log(
  `server RSS: ${fmt(rssBefore / 1024, 1)} MB before, ${fmt(rssAll / 1024, 1)} MB with ${N} listeners ` +
    `(peak ${fmt(rssPeak / 1024, 1)} MB): ${fmt(perListenerKb, 1)} KB per listener (Icecast ~${ICECAST_RSS_PER_LISTENER_KB} KB); ` +
    `JS heap + buffers ${fmt((jsAll - jsBefore) / N, 1)} KB per listener`,
);
console.log(`load generator CPU: ${fmt(genCpu, 1)} % of one core`);
console.log(
  `listener rate after the burst, % of real time: min ${fmt(rates[0], 2)} / p5 ${fmt(pct(rates, 5), 2)} / ` +
    `median ${fmt(pct(rates, 50), 2)}; below 99 %: ${rates.filter((x) => x < 99).length}`,
);
console.log(
  `time to first byte, all connecting within 1 s: median ${fmt(pct(ttfb, 50))} / p95 ${fmt(pct(ttfb, 95))} / ` +
    `max ${fmt(ttfb.at(-1))} ms; over 1 s: ${ttfb.filter((t) => t > 1000).length}; no bytes at all: ${noBytes} ` +
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
vss.close();
await http.stop();
await afs.close();
await db.close();
fs.rmSync(dbDir, { recursive: true, force: true });
