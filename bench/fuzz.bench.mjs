// Fuzzing a real server's ports (issue 13: "10,000 malformed inputs on the command, stream and API
// ports ... 0 failed checks, the stream unbroken"): the built server streams a library
// (--autoplay) while FUZZ_N (default 10,000) malformed conversations, FUZZ_PARALLEL (32) at a
// time, hit one door: FUZZ_DOOR=stream (default, the HTTP sender's port) or FUZZ_DOOR=api (the
// API port: tRPC, the public station routes, uploads, CSV exports, socket.io). Random bytes, cut
// and oversized request lines and headers, bad methods, versions and ranges, path traversal,
// NULs, bodies, resets; on the API also malformed and oversized tRPC calls and batches, wrong
// logins, missing CSRF headers, bad JSON to the requests and uploads routes. A check fails when a
// conversation is not over within 15 s, an answer is a 5xx (the event streams' 503 when full
// excepted) or shows a file's content (/etc/passwd), or anything after the fuzz differs: the
// server is still there, a new listener gets audio, the API answers, the descriptors are back to
// what they were. Meanwhile one listener reads the stream: its longest wait for bytes is printed
// (target: under 2 s, the stream unbroken). The command port has its own 10,500 conversations in
// apps/server/src/transports/tcp/fuzz.test.ts. Needs `npm run build` and lame.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { benchLibrary, fmt, freePort, memory, sleep, startParaweb } from './http-servers.mjs';

const N = Number(process.env.FUZZ_N ?? 10_000);
const DOOR = process.env.FUZZ_DOOR ?? 'stream';
if (DOOR !== 'stream' && DOOR !== 'api') throw new Error('FUZZ_DOOR is stream or api');
/** rounds of N: the server's RSS after each tells growth that levels off from a leak */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 1);
const PARALLEL = Number(process.env.FUZZ_PARALLEL ?? 32);
const DEADLINE_MS = 15_000;
const MAX_GAP_MS = 2000;

const rnd = (n) => crypto.randomBytes(n);
const int = (lo, hi) => lo + crypto.randomInt(hi - lo + 1);
const pick = (a) => a[int(0, a.length - 1)];
const ascii = (n) => Buffer.from(Array.from({ length: n }, () => int(32, 126)));

/** One malformed conversation: the bytes to send, and whether to reset instead of half-closing. */
const KINDS = {
  random: () => [rnd(int(1, 4096))],
  randomThenEnd: () => [rnd(int(1, 512)), Buffer.from('\r\n\r\n')],
  badLine: () => [
    Buffer.from(`${pick(['GET', 'G ET', 'get', '', ' '])} ${ascii(int(0, 80))}\r\n\r\n`),
  ],
  badMethod: () => [
    Buffer.from(`${ascii(int(1, 20)).toString().replace(/ /g, '')} / HTTP/1.1\r\n\r\n`),
  ],
  badVersion: () => [
    Buffer.from(`GET / ${pick(['HTTP/9.9', 'HTTP/1', 'HTTP', 'FOO/1.0', ''])}\r\n\r\n`),
  ],
  longLine: () => [Buffer.from(`GET /${'a'.repeat(int(8_000, 200_000))} HTTP/1.1\r\n\r\n`)],
  longHeader: () => [
    Buffer.from(`GET / HTTP/1.1\r\nX-A: ${'b'.repeat(int(8_000, 200_000))}\r\n\r\n`),
  ],
  manyHeaders: () => [
    Buffer.from(
      `GET / HTTP/1.1\r\n${Array.from({ length: int(100, 3000) }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`,
    ),
  ],
  traversal: () => [
    Buffer.from(
      `GET ${pick(['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/..%2f..%2fetc%2fpasswd', '/hls/../../etc/passwd', '/mounts/..%5c..%5cetc/passwd'])} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
  ],
  nul: () => [Buffer.from(`GET /\0${ascii(10)} HTTP/1.1\r\nHost: \0\r\n\r\n`)],
  range: () => [
    Buffer.from(
      `GET / HTTP/1.1\r\nRange: ${pick(['bytes=-', 'bytes=99999999999999999999-', 'bytes=5-1', 'x', 'bytes=0-0,0-0,0-0'])}\r\n\r\n`,
    ),
  ],
  body: () => [
    Buffer.from(
      `POST / HTTP/1.1\r\nContent-Length: ${pick(['-1', '99999999999', 'abc', '10'])}\r\n\r\n`,
    ),
    rnd(int(0, 2048)),
  ],
  chunked: () => [
    Buffer.from(
      `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${pick(['zz', 'ffffffffffff', '-1'])}\r\n`,
    ),
    rnd(64),
  ],
  cut: () => [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nIcy-Meta').subarray(0, int(1, 36))],
  badHost: () => [
    Buffer.from(
      `GET / HTTP/1.1\r\nHost: ${ascii(int(0, 300))}\r\nIcy-MetaData: ${ascii(3)}\r\n\r\n`,
    ),
  ],
  reset: () => [Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'reset'],
};

const json = (method, url, body, headers = '') => {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return [
    Buffer.from(
      `${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${b.length}\r\n${headers}\r\n`,
    ),
    b,
  ];
};
const CSRF = 'x-paraweb-csrf: 1\r\n';
const PROCS = ['afs.add', 'afs.ls', 'afs.rm', 'vss.play', 'vss.stat', 'auth.login', 'afs.addmood'];

/** The API port's own malformed conversations (the generic ones above run there too). */
const API_KINDS = {
  trpcGarbage: () => json('POST', `/trpc/${pick(PROCS)}`, rnd(int(1, 2048)), CSRF),
  trpcBadInput: () =>
    json(
      'POST',
      `/trpc/${pick(PROCS)}`,
      pick(['{"args":7}', '[]', 'null', '{"num":-1}', '{']),
      CSRF,
    ),
  trpcBatch: () => [
    Buffer.from(
      `GET /trpc/${Array.from({ length: int(2, 200) }, () => pick(PROCS)).join(',')}?batch=1&input=${encodeURIComponent(ascii(int(0, 300)).toString())} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
  ],
  loginBatch: () =>
    json(
      'POST',
      `/trpc/${Array(50).fill('auth.login').join(',')}?batch=1`,
      JSON.stringify(
        Object.fromEntries(
          Array.from({ length: 50 }, (_, i) => [i, { user: 'admin', password: 'x' }]),
        ),
      ),
      CSRF,
    ),
  loginWrong: () =>
    json(
      'POST',
      '/trpc/auth.login',
      JSON.stringify({ user: pick(['admin', 'x', '']), password: ascii(int(0, 2000)).toString() }),
      CSRF,
    ),
  noCsrf: () => json('POST', `/trpc/${pick(PROCS)}`, '{}'),
  publicQuery: () => [
    Buffer.from(
      `GET ${pick(['/api/nowplaying', '/api/station/artwork', '/api/requests', '/api/cover/1'])}?${'q'.repeat(int(1, 100_000))} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
  ],
  events: () => [Buffer.from('GET /api/nowplaying/events HTTP/1.1\r\nHost: x\r\n\r\n'), 'reset'],
  requestsPost: () =>
    json(
      'POST',
      '/api/requests',
      pick([rnd(int(1, 4096)), '{"file":1}', '{"token":"x","id":-1}', '[]']),
    ),
  uploads: () => [
    Buffer.from(
      `POST /api/uploads HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nUpload-Length: ${pick(['-1', '999999999999999', 'x', '10'])}\r\nUpload-Metadata: filename ${Buffer.from('../../etc/passwd').toString('base64')}\r\n\r\n`,
    ),
  ],
  csv: () => [
    Buffer.from(
      `GET /audience/${pick(['sessions', 'plays', 'x'])}.csv?since=${encodeURIComponent(ascii(int(0, 40)).toString())} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
  ],
  images: () => [
    Buffer.from(
      `GET ${pick(['/images/99999999999999999999', '/images/-1', '/images/%00', '/api/cover/..%2f..%2fetc%2fpasswd'])} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ),
  ],
  socketio: () => [
    Buffer.from(
      `GET /socket.io/?EIO=${pick(['4', '3', 'x'])}&transport=${pick(['polling', 'websocket', 'x'])} HTTP/1.1\r\nHost: x\r\n${pick(['', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n'])}\r\n`,
    ),
    rnd(int(0, 256)),
  ],
};

/** Sends a conversation; resolves to the first 64 KB of the answer and how it ended. */
function converse(port, parts) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const got = [];
    let size = 0;
    const t0 = Date.now();
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ answer: Buffer.concat(got), timedOut: true, ms: Date.now() - t0 });
    }, DEADLINE_MS);
    s.on('error', () => {});
    s.on('data', (d) => {
      if (size < 65_536) got.push(d);
      size += d.length;
      // an audio stream never ends by itself: once it answered, the conversation is done
      const head = Buffer.concat(got).toString('latin1');
      if (size >= 4096 && /^(HTTP\/1\.[01] 200|ICY 200)/.test(head)) s.destroy();
      // so is an event stream (it never ends either)
      else if (/\r\n\r\n/.test(head) && /content-type: text\/event-stream/i.test(head)) s.destroy();
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ answer: Buffer.concat(got), timedOut: false, ms: Date.now() - t0 });
    });
    s.on('connect', () => {
      for (const p of parts) {
        if (p === 'reset') {
          s.resetAndDestroy();
          return;
        }
        s.write(p);
      }
      s.end();
    });
  });
}

/** One well-formed listener: counts bytes and the longest wait between them. */
function listener(port) {
  const s = net.connect(port, '127.0.0.1');
  const st = { bytes: 0, maxGapMs: 0, last: 0, closed: false, status: '' };
  s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: bench\r\n\r\n'));
  s.on('data', (d) => {
    const now = performance.now();
    if (st.bytes === 0) st.status = d.toString('latin1').split('\r\n')[0];
    else st.maxGapMs = Math.max(st.maxGapMs, now - st.last);
    st.last = now;
    st.bytes += d.length;
  });
  s.on('error', () => {});
  s.on('close', () => (st.closed = true));
  return { st, close: () => s.destroy() };
}

const fds = (pid) => fs.readdirSync(`/proc/${pid}/fd`).length;

const srv = await startParaweb(benchLibrary(), { apiPort: await freePort() });
const fuzzPort = DOOR === 'api' ? srv.apiPort : srv.port;
const TABLE = DOOR === 'api' ? { ...KINDS, ...API_KINDS } : KINDS;
try {
  const good = listener(srv.port);
  await sleep(3000); // its burst is in, the stream runs at its pace
  good.st.maxGapMs = 0;
  const fdsBefore = fds(srv.pid);
  const rssBefore = memory(srv.pid).rss;
  const kinds = Object.keys(TABLE);
  const failed = [];
  const count = Object.fromEntries(kinds.map((k) => [k, 0]));
  let next = 0;
  let slowest = 0;
  const answers = {};
  const rssAfterRound = [];
  const t0 = performance.now();
  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < N * round) {
          const i = next++;
          const kind = kinds[i % kinds.length];
          count[kind]++;
          const r = await converse(fuzzPort, TABLE[kind]());
          slowest = Math.max(slowest, r.ms);
          const text = r.answer.toString('latin1');
          const status = /^(?:HTTP\/1\.[01]|ICY) (\d{3})/.exec(text)?.[1];
          const key = status ?? (text.length ? 'other' : 'closed');
          answers[key] = (answers[key] ?? 0) + 1;
          if (r.timedOut) failed.push(`${kind}: no end after ${DEADLINE_MS} ms`);
          else if (status?.startsWith('5') && !(kind === 'events' && status === '503'))
            failed.push(`${kind}: ${text.split('\r\n')[0]}`);
          else if (/root:.*:0:0:/.test(text)) failed.push(`${kind}: /etc/passwd shown`);
        }
      }),
    );
    rssAfterRound.push(memory(srv.pid).rss);
  }
  const secs = (performance.now() - t0) / 1000;
  await sleep(2000);
  // after: still serving, every fuzz connection closed, the listener still fed
  const fresh = await converse(srv.port, [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]);
  if (
    !/^(HTTP\/1\.[01]|ICY) 200/.test(fresh.answer.toString('latin1')) ||
    fresh.answer.length < 4096
  )
    failed.push(
      `after: a new listener got ${JSON.stringify(fresh.answer.subarray(0, 40).toString('latin1'))}`,
    );
  if (DOOR === 'api') {
    const health = await fetch(`http://127.0.0.1:${srv.apiPort}/health`).catch((e) => e);
    if (!(health instanceof Response) || health.status !== 200)
      failed.push(`after: the API's /health answered ${health.status ?? health}`);
  }
  const fdsAfter = fds(srv.pid);
  if (fdsAfter > fdsBefore + 2) failed.push(`after: ${fdsAfter} descriptors, ${fdsBefore} before`);
  if (good.st.closed) failed.push('the listener was dropped');
  if (!good.st.status.includes('200')) failed.push(`the listener got ${good.st.status}`);
  const rssAfter = memory(srv.pid).rss;
  good.close();

  console.log(
    `${DOOR} port: ${fmt(N * ROUNDS)} malformed conversations (${kinds.length} kinds, ${PARALLEL} at a time) in ${fmt(secs, 1)} s; slowest to end ${fmt(slowest)} ms`,
  );
  console.log(
    `answers: ${Object.entries(answers)
      .sort()
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')} (closed: no answer, the connection closed)`,
  );
  console.log(
    `failed checks: ${failed.length}${failed.length ? `\n  ${[...new Set(failed)].slice(0, 20).join('\n  ')}` : ''}`,
  );
  console.log(
    `the listener meanwhile: ${fmt(good.st.bytes / 1024)} KB, longest wait for bytes ${fmt(good.st.maxGapMs)} ms (target < ${MAX_GAP_MS} ms: ${good.st.maxGapMs < MAX_GAP_MS ? 'met' : 'MISSED'}), ${good.st.closed ? 'dropped' : 'still connected'}`,
  );
  console.log(
    `server: descriptors ${fdsBefore} before, ${fdsAfter} after; RSS ${fmt(rssBefore / 1024)} MB before, after each ${fmt(N)}: ${rssAfterRound.map((r) => fmt(r / 1024)).join(', ')} MB, at the end ${fmt(rssAfter / 1024)} MB`,
  );
  console.log(`target: 0 failed checks: ${failed.length === 0 ? 'met' : 'MISSED'}`);
} finally {
  await srv.stop();
}
