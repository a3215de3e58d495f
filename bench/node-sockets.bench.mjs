// What Node itself costs per TCP listener, as a floor for paraweb's HTTP sender (issue 18): a
// bare net.Server in this process, young generation kept small as para_server keeps it, that
// writes each of N loopback connections a 160,000-byte burst and then 16,000 bytes every second
// (128 kbit/s in paraweb's batches, --http-flush-ms); the connections come from a forked process.
// RSS from /proc/self, no forced GC. Env: N (1000), HOLD (seconds, 25); MALLOC_ARENA_MAX=2 as
// para_server's launcher sets it; WRITER=native: once a connection's burst is out (nothing
// queued) it is handed to the sockwrite addon (packages/sockwrite, as the HTTP sender does) and
// its net.Socket destroyed, and the batches are written from C.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import v8 from 'node:v8';

const N = Number(process.env.N ?? 1000);
const HOLD = Number(process.env.HOLD ?? 25);
const WRITER = process.env.WRITER ?? 'node';
if (WRITER !== 'node' && WRITER !== 'native') throw new Error(`WRITER=${WRITER}: node or native`);
const rssKb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (process.argv[2] === 'connect') {
  // the listeners: N connections, 100 every 100 ms, reading everything
  const port = Number(process.argv[3]);
  let n = 0;
  const t = setInterval(() => {
    for (let i = 0; i < 100 && n < N; i++, n++) {
      net
        .connect(port, '127.0.0.1')
        .on('data', () => {})
        .on('error', () => {});
    }
    if (n >= N) clearInterval(t);
  }, 100);
} else {
  v8.setFlagsFromString('--semi-space-growth-factor=1'); // as apps/server/src/v8-flags.ts
  const burst = Buffer.alloc(160_000, 1);
  const sockets = new Set();
  /** WRITER=native: the addon's connections */
  const natives = new Set();
  let sw;
  if (WRITER === 'native') {
    const { loadSockwrite } = await import('../packages/sockwrite/dist/index.js');
    sw = loadSockwrite();
    if (typeof sw === 'string') throw new Error(`sockwrite: ${sw}`);
  }
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    const gone = () => sockets.delete(s);
    s.on('close', gone);
    s.write(burst, () => {
      if (!sw || s.writableLength > 0 || s.destroyed) return;
      s.off('close', gone);
      sockets.delete(s);
      const ns = sw.adopt(s, () => natives.delete(ns));
      natives.add(ns);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const batches = setInterval(() => {
    const batch = Buffer.alloc(16_000, 2); // one shared buffer per batch, as paraweb's flush
    for (const s of sockets) s.write(batch);
    for (const ns of natives) ns.write([batch]);
  }, 1000);
  await sleep(3000);
  const before = rssKb();
  const heap0 = v8.getHeapStatistics().total_heap_size;
  const client = fork(new URL(import.meta.url).pathname, [
    'connect',
    String(server.address().port),
  ]);
  await sleep(HOLD * 1000);
  const after = rssKb();
  const heap1 = v8.getHeapStatistics().total_heap_size;
  console.log(
    `node-sockets (WRITER=${WRITER}, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}): ` +
      `${sockets.size + natives.size} of ${N} connections held ${HOLD} s` +
      (sw ? ` (${natives.size} by the addon)` : '') +
      `; RSS ${(before / 1024).toFixed(1)}` +
      ` -> ${(after / 1024).toFixed(1)} MB = ${((after - before) / N).toFixed(2)} KB per connection ` +
      `(JS heap ${((heap1 - heap0) / 1024 / N).toFixed(2)} KB of it); paraweb's target: <= 4 KB per listener`,
  );
  clearInterval(batches);
  client.kill();
  server.close();
  for (const s of sockets) s.destroy();
  for (const ns of natives) ns.destroy();
}
