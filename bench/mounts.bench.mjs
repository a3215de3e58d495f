// The live mounts under load, against the real server as users run it (built main.js, a separate
// process, --autoplay):
// 1. chunk lateness on `/` and on `/live.mp3` while the server makes renditions (a library of
//    short FLAC and Ogg Vorbis files and the /live.aac and /live.opus mounts on too, so every file
//    change needs three new renditions: the queue stays busy) and N listeners are on /live.mp3.
//    `/`: the stream thread's own timing (the chunk lateness histogram on /metrics, two scrapes
//    around the window: p99 and max as bucket bounds). `/live.*`: the same histogram of the mounts'
//    chunks (paraweb_mount_chunk_lateness_seconds: each mount chunk against its own due time on the
//    stream thread, the /live.mp3 mount's among them). `/live.mp3`: what one more listener sees,
//    each arrival (one per flush of the HTTP sender, 1 s by default) timed against the mount's byte clock
//    (128 kbit/s CBR = 16,000 bytes/s) less the smallest delay of its file, past the burst: how
//    late the flush's last chunk left, plus delivery. Target (issue 15): p99 < 20 ms.
//    Part 2's server gives a baseline of both on this machine with nothing to render, no listener.
// 2. CPU per listener on `/live.mp3` and on `/`: N listeners on one, then on the other, the
//    server's CPU (/proc/<pid>/stat) over a fixed window each. The library is MP3 (128 kbit/s), so
//    both doors carry the same bytes (an MP3 passes through the mp3 mount untouched) and `/` does
//    not end at codec changes. Expected: about the same (both send compressed chunks).
// Env: BENCH_LISTENERS (1000), WINDOW (seconds of part 1, 30), CPU_WINDOW (seconds of each run of
// part 2, 20), RAMP (connects per second, 500).
// Build first: npm run build. The machine may be shared: compare the ratios within one run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  BYTES_PER_SECOND,
  LoadGens,
  benchLibrary,
  cpuSeconds,
  fmt,
  freePort,
  machine,
  pct,
  scratch,
  sleep,
  startParaweb,
} from './http-servers.mjs';
import { histogramFigures, scrapeLateness } from './lateness-histogram.mjs';
import { mountProbe } from './mount-probe.mjs';

const N = Number(process.env.BENCH_LISTENERS ?? 1000);
const WINDOW = Number(process.env.WINDOW ?? 30);
const CPU_WINDOW = Number(process.env.CPU_WINDOW ?? 20);
const started = performance.now();
const elapsed = () => `${fmt((performance.now() - started) / 1000, 0)} s in`;
const RAMP = Number(process.env.RAMP ?? 500);
/** arrivals this long after connecting are past the burst (10 s of audio sent at once) */
const PAST_BURST_MS = 3000;

/** six 15 s files, FLAC and Ogg Vorbis (sox), made once: none passes through a mount */
function renditionLibrary() {
  const lib = path.join(scratch, 'mounts-bench-lib');
  if (fs.existsSync(path.join(lib, '.made'))) return lib;
  fs.mkdirSync(lib, { recursive: true });
  for (let i = 0; i < 6; i++) {
    const out = path.join(lib, `t${i + 1}.${i % 2 ? 'ogg' : 'flac'}`);
    execFileSync('sox', [
      ...['-n', '-r', '44100', '-c', '2', out, 'synth', '15', 'pinknoise'],
      ...['tremolo', String(2 + i), '60', 'vol', String(0.3 + 0.05 * i)],
    ]);
  }
  fs.writeFileSync(path.join(lib, '.made'), '');
  return lib;
}

const MOUNT_METRIC = 'paraweb_mount_chunk_lateness_seconds';

/** N listeners on `urlPath`; the server's CPU (% of one core) over the window */
async function listen(server, urlPath, seconds, during = async () => {}) {
  const gens = new LoadGens({ ...server, path: urlPath }, { ramp: RAMP });
  const ok = await gens.open(N);
  await sleep(5000); // the bursts are over
  gens.mark();
  const c0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  await Promise.all([sleep(seconds * 1000), during()]);
  const secs = (performance.now() - t0) / 1000;
  const cpu = ((cpuSeconds(server.pid) - c0) / secs) * 100;
  const r = await gens.report();
  await gens.quit();
  const full = r.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length;
  return { ok, cpu, secs, closed: r.closed, full };
}

async function idleCpu(pid, seconds) {
  const c0 = cpuSeconds(pid);
  await sleep(seconds * 1000);
  return ((cpuSeconds(pid) - c0) / seconds) * 100;
}

/** renditions in the server's cache (one .bin each, beside its .json) */
function renditionCount(db) {
  const dir = path.join(db, 'renditions');
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.bin')) n++;
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return n;
}

/** CPU seconds of the server's reaped children so far (cutime + cstime): its ffmpeg processes */
function childCpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

console.log(
  `mounts: N=${N} listeners, windows ${WINDOW} s (lateness) and ${CPU_WINDOW} s (CPU), ${RAMP} connects/s; ${machine()} ` +
    `(shared machine: compare ratios within one run)`,
);

// ---- 1. lateness while renditions are made ----
{
  const metricsPort = await freePort();
  const server = await startParaweb(renditionLibrary(), {
    extra: ['--http-live-aac', '--http-live-opus', '--metrics-port', String(metricsPort)],
  });
  try {
    await sleep(3000);
    const probe = mountProbe(server.port, '/live.mp3');
    let root;
    let mountsHist;
    let files0 = 0;
    let ffmpeg0 = 0;
    const r = await listen(server, '/live.mp3', WINDOW, async () => {
      // the listeners are on: the window starts here for every figure
      probe.mark();
      files0 = renditionCount(server.db);
      ffmpeg0 = childCpuSeconds(server.pid);
      const a = await scrapeLateness(metricsPort);
      const am = await scrapeLateness(metricsPort, MOUNT_METRIC);
      await sleep(WINDOW * 1000 - 200);
      root = histogramFigures(a, await scrapeLateness(metricsPort));
      mountsHist = histogramFigures(am, await scrapeLateness(metricsPort, MOUNT_METRIC));
    });
    const mount = probe.stop();
    const made = renditionCount(server.db) - files0;
    const ffmpeg = ((childCpuSeconds(server.pid) - ffmpeg0) / r.secs) * 100;
    console.log(
      `\n1. lateness while renditions are made (6 x 15 s FLAC/Ogg; mounts mp3, aac, opus): ` +
        `${r.ok} of ${N} listeners on /live.mp3 got 200, ${r.closed} closed, ${r.full} >= 99 % of real time`,
    );
    console.log(
      `  renditions made in the window: ${made}, ffmpeg CPU ${fmt(ffmpeg, 1)} % of one core ` +
        `(ended jobs only); server CPU ${fmt(r.cpu, 1)} % (${elapsed()})`,
    );
    console.log(
      `  /          (stream thread timing, ${fmt(root.total)} chunks): mean ${root.mean} ms, p99 ${root.p99}, max ${root.max}   target p99 < 20 ms`,
    );
    console.log(
      `  /live.*    (stream thread timing of the mounts' chunks, ${fmt(mountsHist.total)} chunks): mean ${mountsHist.mean} ms, p99 ${mountsHist.p99}, max ${mountsHist.max}   target p99 < 20 ms` +
        `${mountsHist.p99Ms <= 20 ? '' : '   MISSED'}`,
    );
    if (mount.late.length) {
      const p99 = pct(mount.late, 99);
      console.log(
        `  /live.mp3  (a listener's arrivals, one per flush, ${fmt(mount.late.length)} in ${mount.files} files${mount.closed ? ', it was closed!' : ''}): ` +
          `p50 ${fmt(pct(mount.late, 50), 1)}, p99 ${fmt(p99, 1)}, max ${fmt(mount.late.at(-1), 1)} ms   target p99 < 20 ms` +
          `${p99 < 20 ? '' : '   MISSED'}`,
      );
    } else console.log('  /live.mp3: the probe got no audio   MISSED');
    if (root.p99Ms > 20) console.log('  / p99 MISSED');
  } finally {
    await server.stop();
  }
}

// ---- 2. CPU per listener, /live.mp3 vs / ----
{
  const metricsPort = await freePort();
  const server = await startParaweb(benchLibrary(), {
    extra: ['--metrics-port', String(metricsPort)],
  });
  try {
    await sleep(3000);
    // the baseline of this machine now: lateness with no rendition to make and no listener
    const probe = mountProbe(server.port, '/live.mp3');
    await sleep(PAST_BURST_MS);
    probe.mark();
    const a = await scrapeLateness(metricsPort);
    const idle = await idleCpu(server.pid, 10);
    const root = histogramFigures(a, await scrapeLateness(metricsPort));
    const mount = probe.stop();
    console.log(
      `\nbaseline, MP3 library (nothing to render), no listener: / p99 ${root.p99}, max ${root.max} ` +
        `(${fmt(root.total)} chunks); /live.mp3 p99 ${fmt(pct(mount.late, 99), 1)}, max ` +
        `${fmt(mount.late.at(-1), 1)} ms (${mount.late.length} arrivals)`,
    );
    const rootRun = await listen(server, '/', CPU_WINDOW);
    await sleep(3000);
    const mountRun = await listen(server, '/live.mp3', CPU_WINDOW);
    const per = (run) => Math.max(0.001, run.cpu - idle) / N;
    console.log(
      `\n2. CPU per listener (3 x 60 s MP3 128 kbit/s, idle ${fmt(idle, 1)} % of one core):`,
    );
    for (const [name, run] of [
      ['/', rootRun],
      ['/live.mp3', mountRun],
    ]) {
      console.log(
        `  ${name.padEnd(10)} ${run.ok} got 200, ${run.closed} closed, ${run.full} >= 99 % of real time; ` +
          `CPU ${fmt(run.cpu, 1)} % (${fmt(run.cpu - idle, 1)} above idle) = ${fmt(per(run) * 1000, 2)} % per 1,000 listeners`,
      );
    }
    const noisy = Math.min(rootRun.cpu, mountRun.cpu) - idle < 1;
    console.log(
      `  /live.mp3 / '/' CPU per listener (above idle): ${fmt(per(mountRun) / per(rootRun), 2)}` +
        `${noisy ? ' (below 1 % above idle: noise at this N, not a figure)' : ''}` +
        `   expected about 1 (both send compressed chunks) (${elapsed()})`,
    );
  } finally {
    await server.stop();
  }
}
