// HLS players polling every segment against the real server (built main.js, --autoplay, the live
// mount /live.mp3 and its HLS variant, 4 s segments), ramped in steps up to N on a fresh server
// process, then /live.mp3 listeners ramped through the same steps (as far as the HLS ramp held)
// on another fresh one started the same way. Per step, for each: the server's CPU per player
// or listener above its idle, and RSS per added one, from the settled idle of that fresh process
// and from the step before; at the end both side by side. No forced GC.
// The players run in processes of their own (bench/hls-load-gen.mjs, PER_GEN each), each on its
// own kept-alive connection. A step holds when under 1 % of the requests failed and under 2 % of
// the players stalled (no new segment for 3 target durations); the ramp stops at the first step
// that does not hold and the figures say what it reached. A /live.mp3 step also says how many
// listeners got >= 99 % of real time.
// A step is measured once its wave of arrivals has settled, as the idle figures are once start-up
// has: the server gives a wave's garbage back 5 s after it, at most once a minute
// (apps/server/src/memory-trim.ts), so STEP_SETTLE (s after the wave) is 65 by default; with 12
// the 2,000 step was read before the 1,000 step's minute was over.
// Env: N (5000), STEPS (1000,2000,3000,4000,N), WINDOW (s measured per step, 20), STEP_SETTLE
// (65), RAMP (players started per second, 150), PER_GEN (1250). Build first: npm run build.
// The machine may be shared: the figures are what it gave then (the load is printed with them).
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  BYTES_PER_SECOND,
  LoadGens,
  SETTLE_MS,
  benchLibrary,
  cpuSeconds,
  fmt,
  freePort,
  sampledMemory,
  signed,
  sleep,
  startParaweb,
  verdict,
} from './http-servers.mjs';

const N = Number(process.env.N ?? 5000);
const STEPS = (process.env.STEPS ?? `1000,2000,3000,4000,${N}`)
  .split(',')
  .map(Number)
  .filter((s) => s > 0 && s <= N);
const WINDOW = Number(process.env.WINDOW ?? 20);
const RAMP = Number(process.env.RAMP ?? 150);
const PER_GEN = Number(process.env.PER_GEN ?? 1250);
const STEP_SETTLE = Number(process.env.STEP_SETTLE ?? 65);
const TARGET_S = 4;
const here = path.dirname(fileURLToPath(import.meta.url));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/**
 * CPU (% of one core) of `pids` over `seconds` from now, and the first one's RSS read each second
 * meanwhile: the median reading, as the other benches take it (http-servers.mjs sampledMemory: the
 * file reader's worker, +7-10 MB for a few seconds per song, is in one reading or not).
 */
async function window(pids, seconds) {
  const c0 = pids.map(cpuSeconds);
  const t0 = performance.now();
  const mem = await sampledMemory(pids[0], seconds * 1000);
  const secs = (performance.now() - t0) / 1000;
  const cpu = pids.map((p, i) => ((cpuSeconds(p) - c0[i]) / secs) * 100);
  return { cpu: cpu[0], others: cpu.slice(1).reduce((a, b) => a + b, 0), mem };
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

/** the server as both ramps start it; the port as the bench picks it: startParaweb's own wait
 * (30 s) is short on a loaded machine */
async function startServer() {
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
  // start-up memory given back, a few segments in the playlist: then the idle figures
  await sleep(SETTLE_MS);
  const idle = await window([server.pid], 10);
  return { server, idle };
}

/** a step's figures against the idle process and against the step before */
function stepFigures(kind, step, w, idle, before) {
  const perK = ((w.cpu - idle.cpu) / step) * 1000;
  const perAdded = (w.mem.rss - before.rss) / (step - before.step);
  const perAll = (w.mem.rss - idle.mem.rss) / step;
  return {
    cpu: w.cpu,
    perK,
    perAll,
    text:
      `server CPU ${fmt(w.cpu, 1)} % (${fmt(perK, 2)} % per 1,000 ${kind} above idle), ` +
      `RSS ${fmt(w.mem.rss / 1024, 1)} MB (median of ${w.mem.readings}, ${fmt(w.mem.low / 1024, 1)}-` +
      `${fmt(w.mem.high / 1024, 1)}, threads ${w.mem.threads}; ${signed(perAll, 1)} KB per ${kind.replace(/s$/, '')} ` +
      `since idle, ${signed(perAdded, 1)} KB per one added in this step)`,
  };
}

/** HLS players ramped through STEPS on a fresh server; the rows and how far it held */
async function hlsRamp() {
  const { server, idle } = await startServer();
  console.log(
    `HLS server idle: CPU ${fmt(idle.cpu, 1)} %, RSS ${fmt(idle.mem.rss / 1024, 1)} MB (fresh, settled; ` +
      `median of ${idle.mem.readings}, ${fmt(idle.mem.low / 1024, 1)}-${fmt(idle.mem.high / 1024, 1)})`,
  );
  const rows = [];
  let reached = 0;
  const gens = new HlsGens(server.port);
  try {
    let before = { step: 0, rss: idle.mem.rss };
    for (const step of STEPS) {
      await gens.grow(step);
      // every new player has had its start and a few polls, and the wave has settled
      await sleep(Math.max(3 * TARGET_S, STEP_SETTLE) * 1000);
      await gens.report(); // zero the counters
      const w = await window([server.pid, ...gens.pids], WINDOW);
      const r = await gens.report();
      const failRate = r.failed / Math.max(1, r.requests);
      const held = failRate < 0.01 && r.stalled / step < 0.02;
      const f = stepFigures('players', step, w, idle, before);
      before = { step, rss: w.mem.rss };
      rows.push({ step, ...f });
      console.log(
        `HLS ${fmt(step)} players: ${fmt(r.requests / WINDOW, 0)} req/s, ${fmt(r.segments / WINDOW, 0)} segments/s ` +
          `(${fmt((r.bytes * 8) / WINDOW / 1e6, 1)} Mbit/s), failed ${fmt(failRate * 100, 2)} % ${JSON.stringify(r.errors)}, ` +
          `stalled ${r.stalled}, segment fetch p50 ${r.p50} ms p95 ${r.p95} ms; ${f.text}; ` +
          `load generators ${fmt(w.others, 0)} %; load ${uptime().replace(/.*load average: /, '')}: ` +
          `${held ? 'held' : 'did NOT hold'}`,
      );
      if (!held) break;
      reached = step;
    }
  } finally {
    await gens.quit();
    await server.stop();
  }
  return { rows, reached };
}

/** /live.mp3 listeners ramped through `steps` on a fresh server */
async function liveRamp(steps) {
  const { server, idle } = await startServer();
  console.log(
    `\n/live.mp3 server idle: CPU ${fmt(idle.cpu, 1)} %, RSS ${fmt(idle.mem.rss / 1024, 1)} MB (fresh, settled; ` +
      `median of ${idle.mem.readings}, ${fmt(idle.mem.low / 1024, 1)}-${fmt(idle.mem.high / 1024, 1)})`,
  );
  const rows = [];
  const live = new LoadGens({ ...server, path: '/live.mp3' }, { ramp: 300 });
  try {
    let before = { step: 0, rss: idle.mem.rss };
    for (const step of steps) {
      const ok = await live.open(step);
      await sleep(Math.max(5, STEP_SETTLE) * 1000); // the bursts are over, the wave settled
      live.mark();
      const w = await window([server.pid], WINDOW);
      const r = await live.report();
      const f = stepFigures('listeners', step, w, idle, before);
      before = { step, rss: w.mem.rss };
      rows.push({ step, ...f });
      const onTime = r.rates.filter((x) => x >= 0.99 * BYTES_PER_SECOND).length;
      console.log(
        `/live.mp3 ${fmt(step)} listeners: ${ok} got 200, ${r.closed} closed, ${onTime} >= 99 % of ` +
          `real time; ${f.text}; load ${uptime().replace(/.*load average: /, '')}`,
      );
    }
  } finally {
    await live.quit();
    await server.stop();
  }
  return rows;
}

console.log(`load before: ${uptime()}`);
try {
  const hls = await hlsRamp();
  console.log(
    `HLS reached ${fmt(hls.reached)} players of ${fmt(N)} (target: ${fmt(N)} polling every segment)`,
  );
  // as far as the HLS ramp held (or its first step)
  const liveSteps = STEPS.filter((s) => s <= Math.max(hls.reached, STEPS[0]));
  const live = await liveRamp(liveSteps);
  console.log(
    '\nstep     CPU % per 1,000 above idle: HLS / /live.mp3 (ratio)   RSS KB per one since idle: HLS / /live.mp3',
  );
  for (const l of live) {
    const h = hls.rows.find((r) => r.step === l.step);
    if (!h) continue;
    const ratio = h.perK / Math.max(0.01, l.perK);
    console.log(
      `${fmt(l.step).padStart(6)}   ${fmt(h.perK, 2)} / ${fmt(l.perK, 2)} (${fmt(ratio, 2)} x)`.padEnd(
        66,
      ) + `${fmt(h.perAll, 1)} / ${fmt(l.perAll, 1)}`,
    );
  }
  console.log(
    'target (issue #16): 5,000 HLS players polling every segment, no failed request, none stalled',
  );
  const worst = hls.rows.reduce((w, r) => (r.perAll > w.perAll ? r : w), hls.rows[0]);
  if (worst)
    console.log(
      `target (issue #18): RSS <= 4 KB per HLS player since idle at every step: ` +
        `${verdict(worst.perAll <= 4)} (most ${fmt(worst.perAll, 1)} KB, at ${fmt(worst.step)})`,
    );
} finally {
  console.log(`load after: ${uptime()}`);
}
