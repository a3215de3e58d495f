// Load generator for the HTTP listener benchmarks (http-listeners, http-ramp): raw-socket HTTP
// listeners, driven by lines on stdin, answering with JSON lines on stdout. It keeps two counters
// per listener, no per-arrival records, so 10,000 listeners fit in one process.
//   ramp <r>   open r listeners per second from now on (500)
//   open <n>   open listeners until n are open (RAMP per second), then print {"ready": n, "ok": k}
//   mark       start a measuring window for every listener
//   report     print {"rates": [...], "ok", "closed", "ttfbMs": [...]}: each listener's rate
//              from its first to its last byte within the window, in bytes per second
//   quit       close everything and exit
// Each listener asks as Chromium's <audio> element asks (its headers, in its order): a server that
// keeps any of a request's text for a listener's life shows it here. REQUEST=bare sends only
// the request line and Host (the benchmarks' request before 2026-12-07 evening).
// Usage: node http-load-gen.mjs PORT PATH RAMP_PER_SECOND
import net from 'node:net';
import readline from 'node:readline';

const [port, urlPath = '/', ramp = '500'] = process.argv.slice(2);
let perSecond = Number(ramp) || 500;
const host = `127.0.0.1:${port}`;
const request =
  process.env.REQUEST === 'bare'
    ? `GET ${urlPath} HTTP/1.0\r\nHost: bench\r\n\r\n`
    : [
        `GET ${urlPath} HTTP/1.1`,
        `Host: ${host}`,
        'Connection: keep-alive',
        'Accept-Encoding: identity;q=1, *;q=0',
        'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        'Accept: */*',
        'Sec-Fetch-Site: same-site',
        'Sec-Fetch-Mode: no-cors',
        'Sec-Fetch-Dest: audio',
        'Referer: http://127.0.0.1:3000/',
        'Accept-Language: en-US,en;q=0.9',
        'Range: bytes=0-',
        '',
        '',
      ].join('\r\n');
const listeners = [];

function open() {
  const l = { start: performance.now(), ttfb: -1, body: 0, head: true, status: 0, closed: false };
  l.first = undefined; // [ms, body bytes] at the first arrival in the window
  l.last = undefined;
  const s = net.connect(Number(port), '127.0.0.1');
  let pending = Buffer.alloc(0);
  s.on('connect', () => s.write(request));
  s.on('data', (d) => {
    if (l.ttfb < 0) l.ttfb = performance.now() - l.start;
    if (l.head) {
      pending = Buffer.concat([pending, d]);
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      l.status = Number(pending.toString('latin1', 9, 12));
      l.head = false;
      l.body += pending.length - end - 4;
      pending = undefined;
    } else l.body += d.length;
    if (marked) {
      const now = performance.now();
      if (!l.first || l.first[2] !== marked) l.first = [now, l.body, marked];
      l.last = [now, l.body];
    }
  });
  s.on('error', () => {});
  s.on('close', () => (l.closed = true));
  l.socket = s;
  listeners.push(l);
}

let marked = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function openUntil(n) {
  const t0 = performance.now();
  const from = listeners.length;
  while (listeners.length < n) {
    const due = from + Math.floor(((performance.now() - t0) / 1000) * perSecond) + 1;
    while (listeners.length < Math.min(n, due)) open();
    await sleep(20);
  }
  // everyone has an answer (or 20 s passed)
  for (let i = 0; i < 1000 && listeners.some((l) => l.head && !l.closed); i++) await sleep(20);
  say({ ready: n, ok: listeners.filter((l) => l.status === 200).length });
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const [cmd, arg] = line.trim().split(' ');
  if (cmd === 'open') await openUntil(Number(arg));
  else if (cmd === 'ramp') perSecond = Number(arg);
  else if (cmd === 'mark') marked++;
  else if (cmd === 'report') {
    const rates = listeners.map((l) =>
      l.first && l.last && l.first[2] === marked && l.last[0] > l.first[0]
        ? ((l.last[1] - l.first[1]) * 1000) / (l.last[0] - l.first[0])
        : 0,
    );
    say({
      rates,
      ok: listeners.filter((l) => l.status === 200).length,
      closed: listeners.filter((l) => l.closed).length,
      ttfbMs: listeners.map((l) => Math.round(l.ttfb)),
      bytes: listeners.reduce((a, l) => a + l.body, 0),
    });
  } else if (cmd === 'quit') {
    for (const l of listeners) l.socket.destroy();
    process.exit(0);
  }
});
