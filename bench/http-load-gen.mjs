// Load generator for http-listeners.bench.mjs: N raw-socket HTTP listeners, all opened within
// one second, each counting body bytes. Prints one JSON line with the per-listener figures.
// Usage: node http-load-gen.mjs PORT N SECONDS [PATH]   (PATH: e.g. an Icecast mount; default /)
import net from 'node:net';

const [port, n, seconds] = process.argv.slice(2, 5).map(Number);
const urlPath = process.argv[5] ?? '/';
const SPREAD_MS = 1000; // all connect within this second
const STEADY_FROM_MS = 5000; // the burst is over by then
const t0 = performance.now();
const listeners = [];

function open(i) {
  const l = { start: performance.now(), ttfb: -1, body: 0, head: true, status: 0, closed: false };
  // the steady rate: from the first arrival after the burst to the last one, in bytes per second
  l.first = undefined;
  l.last = undefined;
  const s = net.connect(port, '127.0.0.1');
  let pending = Buffer.alloc(0);
  s.on('connect', () => s.write(`GET ${urlPath} HTTP/1.1\r\nHost: bench\r\n\r\n`));
  s.on('data', (d) => {
    if (l.ttfb < 0) l.ttfb = performance.now() - l.start;
    if (!l.head) {
      l.body += d.length;
      if (steadyAt > 0) {
        const now = performance.now();
        if (!l.first) l.first = [now, l.body];
        l.last = [now, l.body];
      }
      return;
    }
    pending = Buffer.concat([pending, d]);
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    l.status = Number(pending.toString('latin1', 9, 12));
    l.head = false;
    l.body += pending.length - end - 4;
    pending = Buffer.alloc(0);
  });
  s.on('error', () => {});
  s.on('close', () => (l.closed = true));
  l.socket = s;
  listeners[i] = l;
}

for (let i = 0; i < n; i++) {
  const at = (i * SPREAD_MS) / n;
  setTimeout(() => open(i), at);
}

let steadyAt = 0;
setTimeout(() => (steadyAt = performance.now()), SPREAD_MS + STEADY_FROM_MS);

setTimeout(() => {
  const end = performance.now();
  const rates = listeners.map((l) =>
    l.first && l.last && l.last[0] > l.first[0]
      ? ((l.last[1] - l.first[1]) * 1000) / (l.last[0] - l.first[0])
      : 0,
  );
  const out = {
    n,
    ok: listeners.filter((l) => l.status === 200).length,
    closedEarly: listeners.filter((l) => l.closed).length,
    ttfbMs: listeners.map((l) => l.ttfb),
    rates,
    totalBytes: listeners.reduce((a, l) => a + l.body, 0),
    wallMs: end - t0,
  };
  for (const l of listeners) l.socket.destroy();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}, seconds * 1000);
