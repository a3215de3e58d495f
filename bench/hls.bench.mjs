// N HLS players polling every segment against the real server (built main.js, --autoplay, the
// live mount /live.mp3 and its HLS variant on by default), then N /live.mp3 listeners: the
// server's CPU per listener for each, and its RSS. The players are simulated in processes of
// their own (apps/server/dist/src/senders/hls/sim-clients.js, 2,500 each): the master
// playlist, the media playlist every half target duration, every new segment.
// Env: N (5000), WINDOW (seconds measured, 30), RAMP_MS (20000). Build first: npm run build.
// The machine may be shared: the figures are what it gave then.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LoadGens,
  benchLibrary,
  cpuSeconds,
  fmt,
  memory,
  sleep,
  startParaweb,
} from './http-servers.mjs';

const N = Number(process.env.N ?? 5000);
const WINDOW = Number(process.env.WINDOW ?? 30);
const RAMP_MS = Number(process.env.RAMP_MS ?? 20_000);
const PER_PROCESS = 2500;
const here = path.dirname(fileURLToPath(import.meta.url));
const SIM = path.join(
  here,
  '..',
  'apps',
  'server',
  'dist',
  'src',
  'senders',
  'hls',
  'sim-clients.js',
);

/** CPU (% of one core) and RSS of the server over `seconds` from now. */
async function window(pid, seconds) {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const secs = (performance.now() - t0) / 1000;
  return { cpu: ((cpuSeconds(pid) - c0) / secs) * 100, mem: memory(pid) };
}

function simulate(port, n, seconds) {
  const procs = [];
  for (let left = n; left > 0; left -= PER_PROCESS) {
    const k = Math.min(PER_PROCESS, left);
    procs.push(
      new Promise((resolve, reject) => {
        const p = spawn(
          process.execPath,
          [SIM, `http://127.0.0.1:${port}`, String(k), String(seconds), String(RAMP_MS)],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`sim-clients exit ${code}`)),
        );
      }),
    );
  }
  return Promise.all(procs);
}

const server = await startParaweb(benchLibrary(), { extra: ['--hls-target-duration', '4'] });
try {
  await sleep(20_000); // a few segments in the playlist
  const idle = await window(server.pid, 10);
  console.log(`idle: CPU ${fmt(idle.cpu, 1)} %, RSS ${fmt(idle.mem.rss / 1024, 1)} MB`);

  // HLS: the players ramp up, then the window is measured while all of them poll
  const before = memory(server.pid);
  const sims = simulate(server.port, N, WINDOW + 10);
  await sleep(RAMP_MS + 5000);
  const hls = await window(server.pid, WINDOW);
  const totals = await sims;
  const sum = (k) => totals.reduce((n, t) => n + t[k], 0);
  const errors = totals.reduce((all, t) => {
    for (const [k, v] of Object.entries(t.errors)) all[k] = (all[k] ?? 0) + v;
    return all;
  }, {});
  const starved = sum('starved');
  const p50 = Math.max(...totals.map((t) => t.segmentMs.p50));
  console.log(
    `HLS: ${fmt(N)} players, ${fmt(sum('requests'))} requests, ${fmt(sum('segments'))} segments ` +
      `(${fmt(sum('bytes') / 1e6, 1)} MB), ${starved} players without a segment, segment fetch p50 <= ${p50} ms, errors ${JSON.stringify(errors)}`,
  );
  console.log(
    `  CPU ${fmt(hls.cpu, 1)} % (${fmt(hls.cpu - idle.cpu, 1)} above idle) = ${fmt(((hls.cpu - idle.cpu) / N) * 1000, 2)} % per 1,000 players; ` +
      `RSS ${fmt(hls.mem.rss / 1024, 1)} MB (+${fmt((hls.mem.rss - before.rss) / 1024, 1)} MB, ${fmt(((hls.mem.rss - before.rss) / N) * 1024, 2)} KB per player)`,
  );
  await sleep(15_000); // the sessions go idle

  // the same number of /live.mp3 listeners
  const gens = new LoadGens({ ...server, path: '/live.mp3' }, { ramp: 500 });
  const before2 = memory(server.pid);
  const ok = await gens.open(N);
  await sleep(5000);
  const live = await window(server.pid, WINDOW);
  await gens.quit();
  console.log(
    `/live.mp3: ${fmt(ok)} listeners: CPU ${fmt(live.cpu, 1)} % (${fmt(live.cpu - idle.cpu, 1)} above idle) = ` +
      `${fmt(((live.cpu - idle.cpu) / N) * 1000, 2)} % per 1,000; RSS ${fmt(live.mem.rss / 1024, 1)} MB ` +
      `(+${fmt((live.mem.rss - before2.rss) / 1024, 1)} MB, ${fmt(((live.mem.rss - before2.rss) / N) * 1024, 2)} KB per listener)`,
  );
  console.log('target (issue #16): figures for the closing note; no numeric target set');
} finally {
  await server.stop();
}
