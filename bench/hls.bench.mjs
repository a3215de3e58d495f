// HLS players polling every segment against the real server (built main.js, --autoplay, the live
// mount /live.mp3 and its HLS variant, 4 s segments), ramped in steps up to N, then as many
// /live.mp3 listeners as the HLS ramp held: the server's CPU per listener for each, and its RSS.
// The players run in processes of their own (bench/hls-load-gen.mjs, PER_GEN each), each on its
// own kept-alive connection. A step holds when under 1 % of the requests failed and under 2 % of
// the players stalled (no new segment for 3 target durations); the ramp stops at the first step
// that does not hold and the figures say what it reached.
// Env: N (5000), STEPS (1000,2000,3000,4000,N), WINDOW (s measured per step, 20), RAMP (players
// started per second, 150), PER_GEN (1250). Build first: npm run build.
// The machine may be shared: the figures are what it gave then (the load is printed with them).
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  LoadGens,
  benchLibrary,
  cpuSeconds,
  fmt,
  freePort,
  memory,
  sleep,
  startParaweb,
} from './http-servers.mjs';

const N = Number(process.env.N ?? 5000);
const STEPS = (process.env.STEPS ?? `1000,2000,3000,4000,${N}`)
  .split(',')
  .map(Number)
  .filter((s) => s > 0 && s <= N);
const WINDOW = Number(process.env.WINDOW ?? 20);
const RAMP = Number(process.env.RAMP ?? 150);
const PER_GEN = Number(process.env.PER_GEN ?? 1250);
const TARGET_S = 4;
const here = path.dirname(fileURLToPath(import.meta.url));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** CPU (% of one core) of `pids` and RSS of the first over `seconds` from now. */
async function window(pids, seconds) {
  const c0 = pids.map(cpuSeconds);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu = pids.map((p, i) => ((cpuSeconds(p) - c0[i]) / secs) * 100);
  return { cpu: cpu[0], others: cpu.slice(1).reduce((a, b) => a + b, 0), mem: memory(pids[0]) };
}

/** the HLS load generators: each a process, driven over stdin */
class HlsGens {
  constructor(port) {
    this.base = `http://127.0.0.1:${port}`;
    this.gens = [];
  }

  spawn() {
    const p = spawn(process.execPath, [path.join(here, 'hls-load-gen.mjs'), this.base], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
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

  get pids() {
    return this.gens.map((g) => g.p.pid);
  }

  /** players until `total` run in all, RAMP a second in all; resolves when all started */
  async grow(total) {
    while (this.gens.length < Math.ceil(total / PER_GEN)) this.spawn();
    const plan = [];
    let left = total - this.gens.reduce((n, g) => n + g.n, 0);
    for (const g of this.gens) {
      const k = Math.min(left, PER_GEN - g.n, Math.ceil(total / this.gens.length) - g.n);
      if (k <= 0) continue;
      left -= k;
      plan.push([g, k]);
    }
    const each = Math.max(1, RAMP / plan.length);
    await Promise.all(
      plan.map(([g, k]) => {
        g.n += k;
        g.send(`add ${k} ${each}`);
        return g.next();
      }),
    );
  }

  async report() {
    const rs = await Promise.all(
      this.gens.map((g) => {
        g.send('report');
        return g.next();
      }),
    );
    const sum = (k) => rs.reduce((n, r) => n + r[k], 0);
    const errors = {};
    for (const r of rs)
      for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    return {
      players: sum('players'),
      requests: sum('requests'),
      segments: sum('segments'),
      bytes: sum('bytes'),
      stalled: sum('stalled'),
      errors,
      failed: Object.values(errors).reduce((a, b) => a + b, 0),
      p50: Math.max(...rs.map((r) => r.segMs.p50)),
      p95: Math.max(...rs.map((r) => r.segMs.p95)),
    };
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

console.log(`load before: ${uptime()}`);
// the port as the bench picks it: startParaweb's own wait (30 s) is short on a loaded machine
const port = await freePort();
const server = await startParaweb(benchLibrary(), {
  extra: ['--hls-target-duration', String(TARGET_S), '--http-port', String(port)],
  ready: async () => {
    for (const end = Date.now() + 180_000; Date.now() < end; await sleep(500)) {
      const up = await new Promise((r) => {
        const s = net.connect(port, '127.0.0.1', () => r(s.destroy() ?? true));
        s.on('error', () => r(false));
      });
      if (up) return;
    }
    throw new Error(`paraweb did not listen on ${port}`);
  },
});
server.port = port; // the later --http-port wins
const rows = [];
try {
  await sleep(20_000); // a few segments in the playlist
  const idle = await window([server.pid], 10);
  console.log(`idle: CPU ${fmt(idle.cpu, 1)} %, RSS ${fmt(idle.mem.rss / 1024, 1)} MB`);

  const gens = new HlsGens(port);
  const rssBefore = memory(server.pid).rss;
  let reached = 0;
  for (const step of STEPS) {
    await gens.grow(step);
    await sleep(3 * TARGET_S * 1000); // every new player has had its start and a few polls
    await gens.report(); // zero the counters
    const w = await window([server.pid, ...gens.pids], WINDOW);
    const r = await gens.report();
    const failRate = r.failed / Math.max(1, r.requests);
    const held = failRate < 0.01 && r.stalled / step < 0.02;
    const row = {
      step,
      ...r,
      cpu: w.cpu,
      gensCpu: w.others,
      rss: w.mem.rss,
      held,
      load: uptime().replace(/.*load average: /, ''),
    };
    rows.push(row);
    console.log(
      `HLS ${fmt(step)} players: ${fmt(r.requests / WINDOW, 0)} req/s, ${fmt(r.segments / WINDOW, 0)} segments/s ` +
        `(${fmt((r.bytes * 8) / WINDOW / 1e6, 1)} Mbit/s), failed ${fmt(failRate * 100, 2)} % ${JSON.stringify(r.errors)}, ` +
        `stalled ${r.stalled}, segment fetch p50 ${r.p50} ms p95 ${r.p95} ms; server CPU ${fmt(w.cpu, 1)} % ` +
        `(${fmt(((w.cpu - idle.cpu) / step) * 1000, 2)} % per 1,000 above idle), RSS ${fmt(w.mem.rss / 1024, 1)} MB ` +
        `(+${fmt((w.mem.rss - rssBefore) / step, 1)} KB a player); load generators ${fmt(w.others, 0)} %; ` +
        `load ${row.load}: ${held ? 'held' : 'did NOT hold'}`,
    );
    if (!held) break;
    reached = step;
  }
  await gens.quit();
  console.log(
    `HLS reached ${fmt(reached)} players of ${fmt(N)} (target: ${fmt(N)} polling every segment)`,
  );
  await sleep(2 * TARGET_S * 1000 + 3000); // the sessions go idle

  // as many /live.mp3 listeners as HLS players held (or the first step)
  const M = reached || STEPS[0];
  const live = new LoadGens({ ...server, path: '/live.mp3' }, { ramp: 300 });
  const before2 = memory(server.pid);
  const ok = await live.open(M);
  await sleep(5000);
  const lw = await window([server.pid], WINDOW);
  await live.quit();
  console.log(
    `/live.mp3 ${fmt(ok)} of ${fmt(M)} listeners: server CPU ${fmt(lw.cpu, 1)} % ` +
      `(${fmt(((lw.cpu - idle.cpu) / M) * 1000, 2)} % per 1,000 above idle), RSS ${fmt(lw.mem.rss / 1024, 1)} MB ` +
      `(+${fmt((lw.mem.rss - before2.rss) / M, 1)} KB a listener)`,
  );
  const at = rows.find((r) => r.step === M);
  if (at && ok > 0)
    console.log(
      `ratio at ${fmt(M)}: an HLS player costs ${fmt((at.cpu - idle.cpu) / Math.max(0.1, lw.cpu - idle.cpu), 2)} x ` +
        'a /live.mp3 listener in server CPU (same run)',
    );
  console.log(
    'target (issue #16): 5,000 HLS players polling every segment, no failed request, none stalled',
  );
} finally {
  await server.stop();
  console.log(`load after: ${uptime()}`);
}
