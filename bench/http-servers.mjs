// What the HTTP listener benchmarks share: the real paraweb server and a real icecast2 as users
// run them (separate processes), their CPU and memory from /proc, and load generators that hold
// thousands of listeners (http-load-gen.mjs).
import { execFileSync, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { synthWav } from './make-library.mjs';
import { ICECAST_BIN, startIcecast } from './icecast-server.mjs';

export { ICECAST_BIN };
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
export const BYTES_PER_SECOND = 16_000; // 128 kbit/s
/** paraweb's burst: 10 s (HTTP_BURST_MS); Icecast gets the same burst size in bytes */
export const BURST_BYTES = 10 * BYTES_PER_SECOND;
const CLK_TCK = 100;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** a difference with its sign, + included */
export const signed = (n, d = 0) => `${n >= 0 ? '+' : ''}${fmt(n, d)}`;
/** V8 gives back what start-up took some 10-20 s after it: idle figures are read after this */
export const SETTLE_MS = 30_000;
/** the benchmark's numeric settings: each from the environment, else its default */
export const settings = (defaults) =>
  Object.fromEntries(
    Object.entries(defaults).map(([name, d]) => [name, Number(process.env[name] ?? d)]),
  );
/** the machine the figures come from: cores and load average now (it may be shared) */
export const machine = () =>
  `${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`;
/** how a figure stands against its target */
export const verdict = (met) => (met ? 'MET' : 'MISSED');
export const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

export const scratch = process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'paraweb-bench');
fs.mkdirSync(scratch, { recursive: true });

/** three 60 s CBR 128 kbit/s MP3 files, made once */
export function benchLibrary() {
  const lib = path.join(scratch, 'http-bench-lib');
  if (fs.existsSync(path.join(lib, '.made'))) return lib;
  fs.mkdirSync(lib, { recursive: true });
  for (const [i, freq] of [220, 330, 440].entries()) {
    const wav = path.join(lib, 'src.wav');
    synthWav(wav, 60, ['sine', freq, 'pinknoise']);
    const out = path.join(lib, `t${i + 1}.mp3`);
    execFileSync('lame', ['--quiet', '-b', '128', '--cbr', '--tt', `Track ${i + 1}`, wav, out]);
    fs.rmSync(wav);
  }
  fs.writeFileSync(path.join(lib, '.made'), '');
  return lib;
}

/** CPU seconds (user + system) of a process so far */
export function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** RSS and its parts (KB), and the number of threads, of a process */
export function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    rss: kb('VmRSS'),
    anon: kb('RssAnon'),
    file: kb('RssFile'),
    threads: kb('Threads'),
    /** the most RSS the process ever had (start-up included) */
    peak: kb('VmHWM'),
  };
}

/**
 * memory() each second for `ms`: the median reading (by RSS) with the range of threads and of RSS seen.
 * paraweb's file reader is a worker that comes for a few seconds per song (+7-10 MB): one reading
 * caught it or not, which at 1,000 listeners moved the figure by up to 10 KB per listener.
 */
export async function sampledMemory(pid, ms) {
  const readings = [];
  for (const end = performance.now() + ms; performance.now() < end;) {
    readings.push(memory(pid));
    await sleep(1000);
  }
  const t = readings.map((r) => r.threads).sort((a, b) => a - b);
  readings.sort((a, b) => a.rss - b.rss);
  const median = pct(readings, 50);
  return {
    ...median,
    threads: t[0] === t.at(-1) ? `${t[0]}` : `${t[0]}-${t.at(-1)}`,
    /** the lowest and highest RSS read, and how many readings */
    low: readings[0].rss,
    high: readings.at(-1).rss,
    readings: readings.length,
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => resolve(!!s.destroy()));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
  }
  throw new Error(`nothing listens on port ${port} after ${ms} ms`);
}

/**
 * The built server (npm run build first) on a fresh database holding `library`, streaming at
 * once (--autoplay), as `npm run up` starts it, with no limit per address (every listener of the
 * benchmark comes from 127.0.0.1). `prepare(dbDir)` may change the database before the server
 * opens it (more rows, a mood).
 */
export async function startParaweb(
  library,
  { extra = [], ready, apiPort = 0, nodeFlags = [], prepare } = {},
) {
  const dir = fs.mkdtempSync(path.join(scratch, 'server-'));
  const db = path.join(dir, 'db');
  const bin = path.join(root, 'apps', 'server', 'dist');
  execFileSync(process.execPath, [
    path.join(bin, 'bin', 'para-admin.js'),
    '--afs-database-dir',
    db,
    'add',
    library,
  ]);
  await prepare?.(db);
  const port = await freePort();
  // started by its launcher, as users start it (apps/server/bin/para_server: malloc's arenas);
  // BENCH_LOGLEVEL=info shows its log (the main thread's logging then weighs on its figures);
  // BENCH_STDOUT=1 its standard output (what V8 traces, with --trace-gc-nvp in a preload)
  const child = spawn(
    path.join(root, 'apps', 'server', 'bin', 'para_server'),
    [
      ...['--afs-database-dir', db, '--user-list', path.join(dir, 'users')],
      ...['--port', '0', '--api-port', String(apiPort), '--http-port', String(port), '--autoplay'],
      ...[
        '--http-max-connections-per-address',
        '-1',
        '--loglevel',
        process.env.BENCH_LOGLEVEL ?? 'error',
      ],
      ...extra,
    ],
    {
      stdio: ['ignore', process.env.BENCH_STDOUT ? 'inherit' : 'ignore', 'inherit'],
      // node's own options (a measuring preload) reach the server's node only
      env: { ...process.env, NODE: process.execPath, NODE_OPTIONS: nodeFlags.join(' ') },
    },
  );
  const gone = new Promise((r) => child.on('exit', r));
  if (ready) await ready();
  else await waitForPort(port, 30_000);
  return {
    name: 'paraweb',
    pid: child.pid,
    port,
    /** the API port, when asked for one (0: any, not known here) */
    apiPort,
    path: '/',
    /** the database dir (its renditions/ holds the rendition cache) */
    db,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(t);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * startParaweb's `extra` and `prepare` for a library of `files` synthetic audio-file rows (lib.mjs
 * insertSynthetic: no file on disk) beside `folder`'s real files, of which only the real ones
 * play: the server starts in a mood admitting `folder` only (`--afs-initial-mode m/<mood>`). The
 * synthetic rows are in every table and index the server keeps (the audio file table with its
 * id, path and hash maps, the library index's orders and search texts) but never chosen. Chosen,
 * a synthetic row's missing folder reads as a disk that is away (afs/reader/files.ts): it would
 * be retried with growing pauses and the stream would stall, measuring that, not the library.
 */
export function withSyntheticRows(folder, files, mood = 'real-files') {
  const real = fs.realpathSync(folder);
  return {
    extra: ['--afs-initial-mode', `m/${mood}`],
    async prepare(dbDir) {
      // lib.mjs loads the server's modules: only the benchmarks that use it pay for that
      const { freshAfs, insertSynthetic } = await import('./lib.mjs');
      const { db, afs } = await freshAfs(`file:${path.join(dbDir, 'paraweb.db')}`);
      try {
        if (files > 0) await insertSynthetic(afs, files);
        await afs.blobs.mood.add(mood, Buffer.from(`path =| |${real}/*|\n`));
        const { admissible } = await afs.selector.select(`m/${mood}`);
        const inFolder = afs.files.match([`${real}/*`]).length;
        if (admissible !== inFolder || inFolder === 0)
          throw new Error(`mood ${mood} admits ${admissible} files, ${real} holds ${inFolder}`);
      } finally {
        await afs.close();
        await db.close();
      }
    },
  };
}

/**
 * icecast2 with paraweb's burst size, fed the same files by a second paraweb process through its
 * icecast sender (its HTTP sender off): the same pacing as paraweb's own listeners get, and no
 * ffmpeg -re, which falls behind real time on a busy machine. Only icecast2's process is measured.
 */
export async function startIcecastFed(library, clients) {
  const ice = await startIcecast({ clients, burstSize: BURST_BYTES });
  const mount = '/bench.mp3';
  const feeder = await startParaweb(library, {
    extra: ['--icecast-target', ice.source(mount), '--http-no-autostart'],
    async ready() {
      for (let i = 0; i < 300; i++) {
        await sleep(100);
        if ((await ice.mounts()).some((m) => m.mount === mount)) return;
      }
      throw new Error('the icecast2 mount did not come up');
    },
  });
  await sleep((BURST_BYTES / BYTES_PER_SECOND) * 1000 + 1000); // its burst is full
  return {
    name: 'icecast2',
    pid: ice.pid,
    port: ice.port,
    path: mount,
    async stop() {
      await feeder.stop();
      await ice.stop();
    },
  };
}

/**
 * Load generators (separate processes, LISTENERS_PER_GEN listeners each at most) pointed at a
 * server; the listeners open RAMP per second in all.
 */
export class LoadGens {
  constructor(server, { perGen = 2500, ramp = 200 } = {}) {
    this.server = server;
    this.perGen = perGen;
    this.ramp = ramp;
    this.gens = [];
  }

  spawnGen() {
    const p = spawn(
      process.execPath,
      [path.join(here, 'http-load-gen.mjs'), String(this.server.port), this.server.path, '0'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = [];
    const waiting = [];
    readline.createInterface({ input: p.stdout }).on('line', (l) => {
      const o = JSON.parse(l);
      const w = waiting.shift();
      if (w) w(o);
      else lines.push(o);
    });
    const gen = {
      p,
      n: 0,
      send: (cmd) => p.stdin.write(`${cmd}\n`),
      next: () => new Promise((r) => (lines.length ? r(lines.shift()) : waiting.push(r))),
    };
    this.gens.push(gen);
    return gen;
  }

  /** Opens listeners until `n` are open in all (more generators as needed, the new listeners
   * spread to the generators with the fewest); resolves to how many got a 200. */
  async open(n) {
    while (this.gens.length < Math.ceil(n / this.perGen)) this.spawnGen();
    const targets = this.gens.map((g) => g.n);
    for (let left = n - targets.reduce((a, k) => a + k, 0); left > 0; left--) {
      let i = 0;
      for (let j = 1; j < targets.length; j++) if (targets[j] < targets[i]) i = j;
      targets[i]++;
    }
    // each generator ramps its share; together RAMP per second
    const growing = this.gens.filter((g, i) => targets[i] > g.n).length;
    const rampEach = Math.max(1, Math.round(this.ramp / Math.max(1, growing)));
    const answers = this.gens.map((g, i) => {
      g.n = targets[i];
      g.send(`ramp ${rampEach}`);
      g.send(`open ${g.n}`);
      return g.next();
    });
    const r = await Promise.all(answers);
    return r.reduce((a, o) => a + o.ok, 0);
  }

  mark() {
    for (const g of this.gens) g.send('mark');
  }

  /** every listener's rate in the window (sorted), ok, closed, ttfb (sorted), CPU pids */
  async report() {
    const rs = await Promise.all(
      this.gens.map((g) => {
        g.send('report');
        return g.next();
      }),
    );
    return {
      rates: rs.flatMap((r) => r.rates).sort((a, b) => a - b),
      ttfb: rs.flatMap((r) => r.ttfbMs).sort((a, b) => a - b),
      ok: rs.reduce((a, r) => a + r.ok, 0),
      closed: rs.reduce((a, r) => a + r.closed, 0),
    };
  }

  cpuSeconds() {
    return this.gens.reduce((a, g) => a + cpuSeconds(g.p.pid), 0);
  }

  async quit() {
    await Promise.all(
      this.gens.map((g) => {
        g.send('quit');
        return new Promise((r) => g.p.on('exit', r));
      }),
    );
    this.gens = [];
  }
}

/** the probe's nice value where the system allows it: the stream thread's own (-10) */
const PROBE_NICE = -10;

/**
 * Chunk lateness as a para_recv listener sees it: paraweb sends it every chunk when it is due
 * (no batching), so each arrival's delay against the stream's byte clock, less the smallest
 * delay of the connection, is how late that chunk left (plus loopback delivery). It reconnects
 * at the end of each file, as para_recv does. The listener runs in a process of its own
 * (lateness-probe.mjs) at the stream thread's priority where allowed: on a machine this busy the
 * bench's own process was read late, and that was counted as the server's lateness.
 * `priority` says which it got.
 */
export function latenessProbe(port) {
  const child = fork(path.join(here, 'lateness-probe.mjs'), [
    String(port),
    String(BYTES_PER_SECOND),
  ]);
  let priority = `nice ${PROBE_NICE}`;
  try {
    os.setPriority(child.pid, PROBE_NICE);
  } catch {
    priority = 'normal priority (no permission for a higher one)';
  }
  const result = new Promise((resolve) => child.once('message', resolve));
  return {
    priority,
    stop() {
      child.send('stop');
      return result;
    },
  };
}
