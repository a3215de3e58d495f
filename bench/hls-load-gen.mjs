// Load generator for bench/hls.bench.mjs: simulated HLS players in this process, driven by lines
// on stdin, answering with JSON lines on stdout. Each player does what hls.js does: the master
// playlist, its variant's media playlist every half target duration (jittered), and every segment
// it has not fetched yet (the last three at the start), on one kept-alive connection of its own
// (as a browser tab does). A failed request is counted and the player goes on at its next poll.
//   add <n> <per second>   start n more players at that rate; prints {"added": n} when all started
//   report                 counters since the last report, then zeroed: {"players", "requests",
//                          "segments", "bytes", "errors": {...}, "segMs": {p50, p95, max},
//                          "stalled": players with no new segment for 3 target durations}
//   quit                   stop every player and exit
// Usage: node hls-load-gen.mjs <base url>
import http from 'node:http';
import readline from 'node:readline';

const base = process.argv[2];
const players = [];
let stopping = false;
let c = fresh();

function fresh() {
  return { requests: 0, segments: 0, bytes: 0, errors: {}, times: [] };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.setTimeout(15_000, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', reject);
  });
}

async function fetchOk(p, url) {
  c.requests++;
  try {
    const r = await get(p.agent, url);
    if (r.status === 200) return r.body;
    c.errors[r.status] = (c.errors[r.status] ?? 0) + 1;
  } catch (err) {
    const key = err.code ?? String(err);
    c.errors[key] = (c.errors[key] ?? 0) + 1;
  }
  return undefined;
}

async function play(p) {
  let playlistUrl;
  let target = 4;
  let first = true;
  const seen = new Set();
  while (!stopping) {
    if (!playlistUrl) {
      const master = await fetchOk(p, `${base}/hls/live.m3u8`);
      const variant = master
        ?.toString()
        .split('\n')
        .find((l) => l && !l.startsWith('#'));
      if (variant) playlistUrl = `${base}/hls/${variant}`;
    }
    if (playlistUrl) {
      const text = (await fetchOk(p, playlistUrl))?.toString() ?? '';
      target = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? target);
      let uris = text.split('\n').filter((l) => l && !l.startsWith('#'));
      if (first && uris.length > 0) {
        uris = uris.slice(-3);
        first = false;
      }
      for (const u of uris) {
        if (seen.has(u) || stopping) continue;
        const t0 = performance.now();
        const seg = await fetchOk(p, `${base}/hls/${u}`);
        if (!seg) break; // again at the next poll
        seen.add(u);
        c.segments++;
        c.bytes += seg.length;
        c.times.push(performance.now() - t0);
        p.lastSegment = performance.now();
      }
      if (seen.size > 64) for (const u of [...seen].slice(0, seen.size - 32)) seen.delete(u);
    }
    p.target = target;
    await sleep(((target * 1000) / 2) * (0.75 + Math.random() * 0.5));
  }
}

async function add(n, perSecond) {
  const t0 = performance.now();
  for (let i = 0; i < n && !stopping; i++) {
    const due = t0 + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const p = {
      agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
      started: performance.now(),
      lastSegment: undefined,
      target: 4,
    };
    players.push(p);
    p.done = play(p);
  }
  say({ added: n });
}

const pct = (sorted, q) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);

function report() {
  const now = performance.now();
  const times = c.times.sort((a, b) => a - b);
  // a player started 3 target durations ago with no segment in the last 3: it would have stalled
  const stalled = players.filter(
    (p) =>
      now - p.started > 3 * p.target * 1000 &&
      now - (p.lastSegment ?? p.started) > 3 * p.target * 1000,
  ).length;
  say({
    players: players.length,
    requests: c.requests,
    segments: c.segments,
    bytes: c.bytes,
    errors: c.errors,
    segMs: { p50: pct(times, 0.5), p95: pct(times, 0.95), max: Math.round(times.at(-1) ?? 0) },
    stalled,
  });
  c = fresh();
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const [cmd, a, b] = line.trim().split(' ');
  if (cmd === 'add') await add(Number(a), Number(b));
  else if (cmd === 'report') report();
  else if (cmd === 'quit') {
    stopping = true;
    for (const p of players) p.agent.destroy();
    process.exit(0);
  }
});
