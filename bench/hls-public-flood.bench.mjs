// Hostile input to the public routes against the real server (built main.js, --autoplay, /live.mp3
// and its HLS variant): a separate process opens EVENTS (10,000) /api/nowplaying/events streams
// (from many loopback addresses, so the per-address rate limit is not what refuses them) and
// keeps them open, while it sends huge query strings to /api/nowplaying and /hls/, and bad ranges
// on /hls/ segments. Meanwhile this process listens to /live.mp3 and reads the media playlist.
// Targets (issue #16): at most --public-max-events (1,000) streams open, every other one a 503
// with a reason, every bad request a clear error, nothing changes (the published view, the
// segment's bytes), and the stream keeps time (the /live.mp3 byte rate and the segments'
// EXTINF against their program date times within 1 %).
// Env: EVENTS (10000), SECONDS (flood held, 20). Build first: npm run build.
import { execFileSync, fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  BYTES_PER_SECOND,
  benchLibrary,
  cpuSeconds,
  fmt,
  freePort,
  memory,
  sleep,
  startParaweb,
} from './http-servers.mjs';

const EVENTS = Number(process.env.EVENTS ?? 10_000);
const SECONDS = Number(process.env.SECONDS ?? 20);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** one raw request; resolves to "<status> <body's first line>" */
function ask(port, text, localAddress) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress });
    let got = '';
    s.setEncoding('latin1');
    s.on('connect', () => s.write(text, () => {}));
    s.on('data', (d) => (got += d));
    s.on('error', (e) => resolve(got ? summary(got) : `error ${e.code}`));
    s.on('close', () => resolve(summary(got)));
    s.setTimeout(15_000, () => s.destroy());
  });
}
function summary(raw) {
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 'none';
  const body = raw.split('\r\n\r\n')[1] ?? '';
  const reason = /"message":"([^"]*)"/.exec(body)?.[1] ?? body.split('\n')[0];
  return `${status} ${reason.slice(0, 80)}`;
}
const tally = (xs) => xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
/** the n-th loopback address past 127.1.0.0 (40 requests each stay under the rate limit) */
const addr = (n) => `127.1.${Math.floor(n / 250) % 250}.${1 + (n % 250)}`;

if (process.argv[2] === 'flood') {
  // ---- child: the hostile clients ----
  const [apiPort, httpPort, segment] = process.argv.slice(3).map((x, i) => (i < 2 ? Number(x) : x));
  const events = [];
  const sockets = [];
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    if (i % 500 === 0) await sleep(Math.max(0, t0 + (i / 1000) * 1000 - performance.now())); // 1,000 a second
    events.push(
      new Promise((resolve) => {
        const s = net.connect({ port: apiPort, host: '127.0.0.1', localAddress: addr(i) });
        sockets.push(s);
        let head = '';
        s.setEncoding('latin1');
        s.on('connect', () => s.write('GET /api/nowplaying/events HTTP/1.1\r\nHost: x\r\n\r\n'));
        s.on('data', (d) => {
          if (head.includes('\r\n\r\n')) return;
          head += d;
          if (!head.includes('\r\n\r\n')) return;
          const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
          resolve(status === '200' ? '200' : summary(head + d));
        });
        s.on('error', (e) => resolve(`error ${e.code}`));
        s.setTimeout(30_000, () => resolve('no answer'));
      }),
    );
  }
  const opened = tally(await Promise.all(events));
  const bad = [];
  for (let i = 0; i < 200; i++) {
    const a = addr(EVENTS + i);
    bad.push(
      ask(apiPort, `GET /api/nowplaying?x=${'a'.repeat(5_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, a),
      ask(apiPort, `GET /api/nowplaying?x=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, a),
      ask(httpPort, `GET /hls/${segment}?x=${'a'.repeat(3_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, a),
      ask(
        httpPort,
        `GET /hls/${segment} HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999-\r\nConnection: close\r\n\r\n`,
        a,
      ),
      ask(
        httpPort,
        `GET /hls/${segment} HTTP/1.1\r\nHost: x\r\nRange: bytes=x-y\r\nConnection: close\r\n\r\n`,
        a,
      ),
    );
  }
  const answers = tally(await Promise.all(bad));
  process.send({ opened, answers, held: sockets.filter((s) => !s.destroyed).length });
  await new Promise((r) => process.once('message', r)); // hold the streams until told
  for (const s of sockets) s.destroy();
  process.exit(0);
}

/** /live.mp3 bytes over time, from 12 s after the connect (past the burst) */
function liveRate(port) {
  const marks = [];
  let bytes = 0;
  let t0;
  const s = net.connect(port, '127.0.0.1');
  s.on('connect', () => s.write('GET /live.mp3 HTTP/1.0\r\n\r\n'));
  s.on('data', (d) => {
    bytes += d.length;
    const now = performance.now();
    t0 ??= now;
    if (now - t0 > 12_000) marks.push([now, bytes]);
  });
  s.on('error', () => {});
  return {
    /** bytes a second between the marks nearest `from` and `to` (performance.now()) */
    rate(from, to) {
      const a = marks.find((m) => m[0] >= from);
      const b = marks.findLast((m) => m[0] <= to);
      return a && b && b[0] > a[0] ? ((b[1] - a[1]) * 1000) / (b[0] - a[0]) : 0;
    },
    stop: () => s.destroy(),
  };
}

console.log(`load before: ${uptime()}`);
const apiPort = await freePort();
const httpPort = await freePort();
const server = await startParaweb(benchLibrary(), {
  extra: [
    '--api-port',
    String(apiPort),
    '--http-port',
    String(httpPort),
    '--hls-target-duration',
    '4',
    // the API logs every refused request (5xx) at error level: 9,000 lines of 503
    '--loglevel',
    'crit',
  ],
  ready: async () => {
    for (const end = Date.now() + 180_000; Date.now() < end; await sleep(500)) {
      try {
        if ((await fetch(`http://127.0.0.1:${apiPort}/api/nowplaying`)).ok) return;
      } catch {
        // not yet
      }
    }
    throw new Error('paraweb did not answer');
  },
});
const api = `http://127.0.0.1:${apiPort}`;
const hls = `http://127.0.0.1:${httpPort}/hls`;
try {
  const live = liveRate(httpPort);
  await sleep(20_000); // segments, and the /live.mp3 listener past its burst
  const view = async () => {
    const v = await (await fetch(`${api}/api/nowplaying`)).json();
    // what the flood could change: the station and the stream (the plays move on by themselves)
    return JSON.stringify({ station: v.station, stream: v.stream });
  };
  const viewBefore = await view();
  const playlist = await (await fetch(`${hls}/mp3.m3u8`)).text();
  const segment = playlist.trim().split('\n').at(-1);
  const segBefore = Buffer.from(await (await fetch(`${hls}/${segment}`)).arrayBuffer());

  const c0 = cpuSeconds(server.pid);
  const tFlood = performance.now();
  const child = fork(
    fileURLToPath(import.meta.url),
    ['flood', String(apiPort), String(httpPort), segment],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const report = await new Promise((r) => child.once('message', r));
  // at once: the segment may leave the held window (13 segments) while the streams stay open
  const again = await fetch(`${hls}/${segment}`);
  const segAfter = again.ok ? Buffer.from(await again.arrayBuffer()) : undefined;
  const opened = performance.now();
  const rss = memory(server.pid).rss;
  const during = await view().catch((e) => `error ${e}`);
  await sleep(Math.max(0, SECONDS * 1000 - (opened - tFlood)));
  const tEnd = performance.now();
  const cpu = ((cpuSeconds(server.pid) - c0) / ((tEnd - tFlood) / 1000)) * 100;
  child.send('close');
  await new Promise((r) => child.on('exit', r));
  await sleep(2000);

  const viewAfter = await view();
  // the segments cut during the flood: EXTINF against their program date times
  const pl = await (await fetch(`${hls}/mp3.m3u8`)).text();
  const segs = [...pl.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)\n#EXTINF:([\d.]+),/g)].map((m) => [
    Date.parse(m[1]),
    Number(m[2]) * 1000,
  ]);
  const media = segs.slice(0, -1).reduce((n, s) => n + s[1], 0);
  const wall = segs.at(-1)[0] - segs[0][0];
  const rate = live.rate(tFlood, tEnd);
  live.stop();

  const ok = report.opened['200'] ?? 0;
  console.log(
    `${fmt(EVENTS)} event streams asked for: ${fmt(ok)} open, the others ${JSON.stringify(
      Object.fromEntries(Object.entries(report.opened).filter(([k]) => k !== '200')),
    )} (target: at most 1,000 open, the rest 503 with a reason)`,
  );
  console.log(
    `bad requests (200 each): ${JSON.stringify(report.answers)} (target: each a clear error)`,
  );
  console.log(
    `while it lasted: server CPU ${fmt(cpu, 1)} %, RSS ${fmt(rss / 1024, 1)} MB; /api/nowplaying ` +
      `${during === viewBefore ? 'answered the same' : `answered differently: ${during}`}`,
  );
  console.log(
    `nothing changed: published view ${viewAfter === viewBefore ? 'same' : `CHANGED ${viewBefore} -> ${viewAfter}`}, ` +
      `segment bytes ${segAfter ? (segAfter.equals(segBefore) ? 'same' : 'CHANGED') : `not compared (${again.status}: no longer held)`}`,
  );
  console.log(
    `the stream kept time: /live.mp3 ${fmt(rate, 0)} B/s during the flood (${fmt((rate / BYTES_PER_SECOND - 1) * 100, 2)} % ` +
      `off ${fmt(BYTES_PER_SECOND)}), HLS ${segs.length} listed segments: media ${fmt(media)} ms over ${fmt(wall)} ms ` +
      `of program date time (${fmt((media / wall - 1) * 100, 2)} %); target within 1 %`,
  );
} finally {
  await server.stop();
  console.log(`load after: ${uptime()}`);
}
