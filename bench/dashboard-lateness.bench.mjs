// Chunk lateness while dashboards are busy: the vss streams to a null sender while a separate
// process plays CLIENTS dashboards against the API of a 100,000-file library: library pages with
// random sorts, searches and offsets, one-file listings, upcoming files, server info and log,
// plus SOCKETS live socket.io connections. Target (issue 4): no chunk later than 20 ms.
// Env: N (files, default 100000), CLIENTS (concurrent request loops, 20), SOCKETS (200),
// SECONDS (20), THINK_MS (pause between a loop's requests, default 0: as fast as it can).
// ONLY=<index> plays one kind of request. ENGINES=thread,main (default): where the stream engine
// runs, measured one after the other. Run after `npm run build`.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  ENGINES,
  dist,
  fmt,
  freshAfs,
  insertSynthetic,
  openEngine,
  scratch,
  server,
} from './lib.mjs';
import { makeLibrary } from './make-library.mjs';

const N = Number(process.env.N ?? 100_000);
const CLIENTS = Number(process.env.CLIENTS ?? 20);
const SOCKETS = Number(process.env.SOCKETS ?? 200);
const SECONDS = Number(process.env.SECONDS ?? 20);
/** pause of each request loop between two requests (a person clicking, not a flood) */
const THINK_MS = Number(process.env.THINK_MS ?? 0);
const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

if (process.argv[2] === 'dashboards') {
  // ---- child: the dashboards ----
  const { io } = await import('socket.io-client');
  const [url, token] = [process.argv[3], process.argv[4]];
  const headers = { authorization: `Bearer ${token}` };
  const sockets = [];
  for (let i = 0; i < SOCKETS; i++) {
    // 25 dashboards per loopback address: the real server admits 30 new live connections per
    // address in 10 s (transports/socket/limiter.ts), and dashboards are many browsers
    const localAddress = `127.0.0.${1 + Math.floor(i / 25)}`;
    const opts = { transports: ['websocket'], reconnection: false, auth: { token }, localAddress };
    sockets.push(io(url, opts));
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  const sorts = ['path', 'artist', 'title', 'album', 'year', 'lastPlayed', 'numPlayed', 'score'];
  const words = ['', '', 'title 7', 'artist 12', 'album 3', 'track-99'];
  const pick = (a) => a[Math.floor(Math.random() * a.length)];
  const requests = [
    () => [
      'library.page',
      {
        sort: pick(sorts),
        order: pick(['asc', 'desc']),
        search: pick(words),
        offset: Math.floor(Math.random() * 1000) * 50,
        limit: 100,
      },
    ],
    () => {
      const k = Math.floor(Math.random() * N);
      return [
        'afs.ls',
        { args: [`/music/a${k % 400}/b${k % 1500}/track-${k}.mp3`], listingMode: 'l' },
      ];
    },
    () => ['afs.upcoming', {}],
    () => ['server.info', undefined],
    () => ['server.log', undefined],
  ];
  const times = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const [proc, input] = (
          process.env.ONLY ? requests[Number(process.env.ONLY)] : pick(requests)
        )();
        const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
        const t0 = performance.now();
        const res = await fetch(`${url}/trpc/${proc}${q}`, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        times.push(performance.now() - t0);
        if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
      }
    }),
  );
  const connected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.disconnect();
  times.sort((a, b) => a - b);
  process.send({
    requests: times.length,
    errors,
    sockets: connected,
    p50: pct(times, 50),
    p95: pct(times, 95),
    p99: pct(times, 99),
    max: times.at(-1),
  });
  process.exit(0);
}

// ---- parent: the server ----
// ENGINES (lib.mjs): `thread` as the server runs the engine, `main` beside the API (as it did
// before), measured one after the other in this run.
const { LATENESS_BUCKETS_MS } = await import(path.join(dist, 'vss', 'index.js'));
const { startApiServer } = await import(path.join(dist, 'transports', 'http', 'api-server.js'));
const { buildCommandTable, ALL_PERMS, PARAWEB_VERSION } = server.commands;

const streamLib = path.join(scratch, 'lateness-stream');
makeLibrary(streamLib, 3, { minSec: 20, maxSec: 30 });
const dir = fs.mkdtempSync(path.join(scratch, 'dash-db-'));
const { db, afs } = await freshAfs(`file:${path.join(dir, 'bench.db')}`);
const checkpointer = await server.db.startCheckpointer(db);
await insertSynthetic(afs, N);
await afs.add([streamLib], { all: false, lazy: false, force: false, verbose: false });
// stream only the real files: a playlist of them
const real = afs.files.match([`${streamLib}/*`]).map((f) => f.path);
await afs.blobs.pl.add('stream', Buffer.from(real.join('\n') + '\n'));
await afs.selector.select('p/stream');

for (const engine of ENGINES) {
  const e = await openEngine(afs, engine);
  const services = {
    afs,
    server: { version: PARAWEB_VERSION, startedAt: new Date() },
    status: e.vss,
    vss: e.vss,
    senders: e.senders,
  };
  const api = await startApiServer({
    host: '127.0.0.1',
    port: 0,
    db,
    commands: buildCommandTable(),
    services,
    users: new Map([['bench', { name: 'bench', perms: ALL_PERMS }]]),
    limits: { maxPerAddress: SOCKETS + 100, maxNew: SOCKETS + 100 },
  });
  const url = `http://127.0.0.1:${api.port}`;
  const { token } = await api.api.auth.createToken('bench', 'bench');
  await e.vss.play();
  await new Promise((r) => setTimeout(r, 1000));
  console.log(
    `\n[engine: ${engine}] ${fmt(N)} files, API on ${url}; ${CLIENTS} request loops and ${SOCKETS} sockets for ${SECONDS} s`,
  );
  const child = fork(fileURLToPath(import.meta.url), ['dashboards', url, token], {
    stdio: 'inherit',
  });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  await e.resetTiming();
  loop.enable();
  const result = await new Promise((resolve) => child.once('message', resolve));
  loop.disable();
  const t = await e.timing();
  const buckets = LATENESS_BUCKETS_MS.map((ms, i) => `<=${ms}ms ${t.histogram[i]}`).join(', ');
  console.log(
    `dashboards: ${fmt(result.requests)} requests (${fmt(result.requests / SECONDS)}/s), ${result.errors} errors, ` +
      `latency p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms, max ${fmt(result.max, 1)} ms`,
  );
  console.log(
    `stream (${engine}): ${t.chunks} chunks, max lateness ${fmt(t.maxLateUs / 1000, 2)} ms (target 20 ms), ` +
      `mean ${fmt(t.sumLateUs / Math.max(1, t.chunks) / 1000, 2)} ms, early ${t.early}`,
  );
  console.log(`  histogram: ${buckets}, >${LATENESS_BUCKETS_MS.at(-1)}ms ${t.histogram.at(-1)}`);
  console.log(
    `  main thread event loop delay: max ${fmt(loop.max / 1e6, 1)} ms, p99 ${fmt(loop.percentile(99) / 1e6, 1)} ms`,
  );
  await e.vss.stop();
  await e.close();
  await api.close();
}
await afs.close();
await checkpointer?.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
