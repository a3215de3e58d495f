// The web API under load, on 127.0.0.1: a status change reaching 1,000 socket.io dashboards
// (target p99 < 100 ms) and the tRPC query for one file, afs.ls of one path (target p50 < 5 ms).
// The clients run in a child process, so server and clients have an event loop each.
// Run after `npm run build` (SERVER_DIST=path/to/dist overrides apps/server/dist).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(
  process.env.SERVER_DIST ?? path.join(here, '..', 'apps', 'server', 'dist'),
);
const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const FILES = Number(process.env.N ?? 10_000);
const QUERIES = Number(process.env.QUERIES ?? 1000);

const now = () => performance.timeOrigin + performance.now();
const fmt = (n, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

if (process.argv[2] === 'clients') {
  // ---- child: CLIENTS socket.io connections; reports when each status round arrived ----
  const { io } = await import('socket.io-client');
  const [url, token] = [process.argv[3], process.argv[4]];
  const arrivals = new Map(); // round -> arrival times
  const sockets = [];
  let ready = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const s = io(url, { transports: ['websocket'], reconnection: false, auth: { token } });
    s.on('vss:status', (st) => {
      const t = now();
      const round = Number(st.offset ?? -1);
      if (round < 0) return;
      let list = arrivals.get(round);
      if (!list) arrivals.set(round, (list = []));
      list.push(t);
      if (list.length === CLIENTS) process.send({ type: 'round', round, arrivals: list });
    });
    s.once('connect', () => ++ready === CLIENTS && process.send({ type: 'ready' }));
    s.once('connect_error', (e) => process.send({ type: 'error', message: e.message }));
    sockets.push(s);
    // do not open a thousand handshakes in the same tick
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5));
  }
  process.on('message', (m) => {
    if (m === 'exit') {
      for (const s of sockets) s.disconnect();
      process.exit(0);
    }
  });
} else {
  const { startApiServer } = await import(path.join(dist, 'src/transports/http/api-server.js'));
  const { openDatabase, migrate } = await import(path.join(dist, 'src/db/index.js'));
  const { Afs } = await import(path.join(dist, 'src/afs/index.js'));
  const { buildCommandTable, ALL_PERMS, PARAWEB_VERSION } = await import(
    path.join(dist, 'src/commands/index.js')
  );

  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'paraweb-api-bench-'));
  const db = await openDatabase(`file:${path.join(dir, 'api.db')}`);
  await migrate(db);
  const afs = await Afs.open(db);
  const table = new Uint32Array(Array.from({ length: 201 }, (_, i) => i * 418));
  const tnow = Math.floor(Date.now() / 1000);
  const rows = [];
  for (let k = 0; k < FILES; k++)
    rows.push({
      path: `/music/a${k % 400}/b${k % 1500}/track-${k}.mp3`,
      hash: k.toString(16).padStart(40, '0'),
      size: 83600,
      lastPlayed: tnow - k,
      attributes: 0n,
      numPlayed: k % 13,
      imageId: 0,
      lyricsId: 0,
      amp: 0,
      format: 0,
      secondsTotal: 200,
      durationMs: 5224,
      chunksTotal: 200,
      chunkTimeUs: 26122,
      bitrate: 128,
      frequency: 44100,
      channels: 2,
      headerLen: 0,
      maxChunkSize: 418,
      techinfo: 'cbr, joint stereo',
      artist: `Artist ${k % 400}`,
      title: `Title ${k}`,
      year: '1999',
      album: `Album ${k % 1500}`,
      comment: '',
      chunkTable: table,
    });
  await afs.files.insertMany(rows);

  // a status feed with a full set of items, changed by the benchmark
  const items = new Map([
    ['status', 'playing'],
    ['path', '/music/a7/b7/track-7.mp3'],
    ['offset', '-1'],
  ]);
  for (const n of [
    'artist',
    'title',
    'album',
    'year',
    'comment',
    'techinfo',
    'bitrate',
    'frequency',
    'duration',
    'attributes_txt',
  ])
    items.set(n, `${n} of the current file`);
  const listeners = new Set();
  const feed = {
    items: () => [...items],
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    set(k, v) {
      items.set(k, v);
      for (const l of listeners) l();
    },
  };
  const services = {
    afs,
    server: { version: PARAWEB_VERSION, startedAt: new Date() },
    status: feed,
  };
  const users = new Map([['bench', { name: 'bench', perms: ALL_PERMS }]]);
  const api = await startApiServer({
    host: '127.0.0.1',
    port: 0,
    db,
    commands: buildCommandTable(),
    services,
    users,
    limits: { maxPerAddress: CLIENTS + 100, maxNew: CLIENTS + 100 },
  });
  const url = `http://127.0.0.1:${api.port}`;
  const { token } = await api.api.auth.createToken('bench', 'bench');
  console.log(`server: ${fmt(FILES, 0)} files in the table, API on ${url}`);

  // ---- tRPC: afs.ls of one path ----
  const input = encodeURIComponent(
    JSON.stringify({ args: ['/music/a7/b7/track-7.mp3'], listingMode: 'l' }),
  );
  const headers = { authorization: `Bearer ${token}` };
  const times = [];
  for (let i = 0; i < QUERIES + 50; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/trpc/afs.ls?input=${input}`, { headers });
    const body = await res.json();
    if (res.status !== 200 || body.result.data.output.files.length !== 1)
      throw new Error(JSON.stringify(body));
    if (i >= 50) times.push(performance.now() - t0); // the first 50 warm up
  }
  times.sort((a, b) => a - b);
  console.log(
    `tRPC afs.ls one path (HTTP, token auth, ${QUERIES} sequential): p50 ${fmt(pct(times, 50), 2)} ms, p99 ${fmt(pct(times, 99), 2)} ms; ` +
      `target p50 < 5 ms: ${pct(times, 50) < 5 ? 'met' : 'MISSED'}`,
  );

  // ---- socket.io: one status change to CLIENTS dashboards ----
  const child = fork(fileURLToPath(import.meta.url), ['clients', url, token], { stdio: 'inherit' });
  const waitMsg = (type) =>
    new Promise((resolve, reject) => {
      const on = (m) => {
        if (m.type === 'error') reject(new Error(m.message));
        if (m.type === type) {
          child.off('message', on);
          resolve(m);
        }
      };
      child.on('message', on);
    });
  let t = performance.now();
  await waitMsg('ready');
  console.log(
    `${CLIENTS} socket.io clients connected in ${fmt((performance.now() - t) / 1000, 2)} s`,
  );
  await new Promise((r) => setTimeout(r, 500));
  const latencies = [];
  const perRoundMax = [];
  for (let round = 0; round < ROUNDS; round++) {
    const done = waitMsg('round');
    const t0 = now();
    feed.set('offset', String(round));
    const m = await done;
    const lat = m.arrivals.map((a) => a - t0);
    latencies.push(...lat);
    perRoundMax.push(Math.max(...lat));
    await new Promise((r) => setTimeout(r, 50));
  }
  latencies.sort((a, b) => a - b);
  perRoundMax.sort((a, b) => a - b);
  console.log(
    `vss:status to ${CLIENTS} clients (${ROUNDS} changes, ${fmt(latencies.length, 0)} deliveries): ` +
      `p50 ${fmt(pct(latencies, 50))} ms, p99 ${fmt(pct(latencies, 99))} ms, max ${fmt(latencies.at(-1))} ms; ` +
      `last client per change: median ${fmt(pct(perRoundMax, 50))} ms; target p99 < 100 ms: ${pct(latencies, 99) < 100 ? 'met' : 'MISSED'}`,
  );
  console.log(`server RSS ${fmt(process.memoryUsage().rss / 2 ** 20, 0)} MiB`);
  child.send('exit');
  await new Promise((r) => child.once('exit', r));
  await api.close();
  await afs.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
