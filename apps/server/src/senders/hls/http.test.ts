// /hls/ on a real HTTP sender's port: content types, caching headers, CORS, byte ranges and
// their refusals, keep-alive, the access list, bad input, and HLS listeners in the count.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HttpSender } from '../http/index.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';
import { feed, makeFrames } from './test-frames.js';

interface Reply {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

function parseReplies(raw: Buffer, heads: readonly number[] = []): Reply[] {
  const out: Reply[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = raw.toString('latin1', at, end).split('\r\n');
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const c = l.indexOf(':');
      headers.set(l.slice(0, c).toLowerCase(), l.slice(c + 1).trim());
    }
    const len = Number(headers.get('content-length') ?? 0);
    const hasBody = !heads.includes(out.length) && !lines[0]!.includes(' 204 ');
    const body = raw.subarray(end + 4, end + 4 + (hasBody ? len : 0));
    out.push({ status: Number(lines[0]!.split(' ')[1]), headers, body });
    at = end + 4 + body.length;
  }
  return out;
}

/** Sends `text` (one or more requests) and reads until the server closes or `n` replies came. */
function exchange(port: number, text: string, n = 1, heads: number[] = []): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (): void => {
      const raw = Buffer.concat(chunks);
      resolve(parseReplies(raw, heads));
      s.destroy();
    };
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      if (parseReplies(Buffer.concat(chunks), heads).length >= n) done();
    });
    s.on('end', done);
    s.on('error', reject);
    s.write(text);
  });
}

const get = (port: number, path: string, extra = ''): Promise<Reply> =>
  exchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`).then(
    (r) => r[0]!,
  );

// both ways a connection is written: the sockwrite addon (the default) and net.Socket
for (const nativeWrites of [true, false])
  describe(`/hls/ on the HTTP sender (${nativeWrites ? 'sockwrite' : 'net.Socket'})`, () => {
    let http: HttpSender;
    let hls: HlsHttp;
    let out: HlsOutput;
    let now = Date.now();
    let port: number;
    before(async () => {
      out = new HlsOutput({ targetS: 4 });
      http = new HttpSender({
        port: 0,
        listenAddresses: ['127.0.0.1'],
        maxClients: 5,
        nativeWrites,
      });
      hls = new HlsHttp({
        output: out,
        maxClients: () => 5,
        otherListeners: () => http.clientCount,
        now: () => now,
      });
      http.hls = hls;
      await http.start();
      port = http.port;
    });
    after(() => http.stop());

    test('before any segment: 503 with a reason', async () => {
      const r = await get(port, '/hls/live.m3u8');
      assert.equal(r.status, 503);
      assert.equal(r.body.toString(), 'no HLS stream yet\n');
    });

    test('master, media playlist and segment: types, caching, CORS, sessions', async () => {
      const f = await makeFrames('aac', 3);
      feed(out, f, [Math.round(30e6 / f.durationUs)]);
      const m = await get(port, '/hls/live.m3u8');
      assert.equal(m.status, 200);
      assert.equal(m.headers.get('content-type'), 'application/vnd.apple.mpegurl');
      assert.equal(m.headers.get('access-control-allow-origin'), '*');
      assert.equal(m.headers.get('cache-control'), 'private, no-cache');
      const sid = /aac\.m3u8\?s=([\w-]+)\n/.exec(m.body.toString())![1]!;
      assert.match(m.headers.get('set-cookie')!, new RegExp(`^paraweb_hls=${sid}; Path=/hls/`));
      assert.match(m.body.toString(), /CODECS="mp4a\.40\.2"/);
      const pl = await get(port, `/hls/aac.m3u8?s=${sid}`);
      assert.equal(pl.status, 200);
      assert.equal(pl.headers.get('cache-control'), 'public, max-age=2');
      const uri = pl.body.toString().trim().split('\n').at(-1)!;
      const seg = await get(port, `/hls/${uri}`);
      assert.equal(seg.status, 200);
      assert.equal(seg.headers.get('content-type'), 'audio/aac');
      assert.equal(seg.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(seg.headers.get('accept-ranges'), 'bytes');
      assert.equal(seg.body.toString('latin1', 0, 3), 'ID3');
      assert.equal(Number(seg.headers.get('content-length')), seg.body.length);
      // the master's session and the address+agent of the segment request: two listeners
      assert.equal(http.listenerCount(), 2);
      assert.match(http.status(), /hls listeners: 2, connections: \d+ \(\d+ by sockwrite\)\n/);
      now += 9000; // idle after two target durations
      assert.equal(http.listenerCount(), 0);
    });

    test('byte ranges: 206, suffix, several ignored; 416 for bad or unsatisfiable ones', async () => {
      const uri = out.get('aac')!.segments.at(-1)!.uri;
      const size = out.get('aac')!.segments.at(-1)!.data.length;
      const r = await get(port, `/hls/${uri}`, 'Range: bytes=10-19\r\n');
      assert.equal(r.status, 206);
      assert.equal(r.headers.get('content-range'), `bytes 10-19/${size}`);
      assert.equal(r.body.length, 10);
      const suffix = await get(port, `/hls/${uri}`, 'Range: bytes=-7\r\n');
      assert.equal(suffix.status, 206);
      assert.equal(suffix.headers.get('content-range'), `bytes ${size - 7}-${size - 1}/${size}`);
      assert.equal((await get(port, `/hls/${uri}`, 'Range: bytes=0-1,5-6\r\n')).status, 200);
      for (const bad of [`bytes=${size}-`, 'bytes=abc', 'bytes=9-3', 'bytes=-0']) {
        const e = await get(port, `/hls/${uri}`, `Range: ${bad}\r\n`);
        assert.equal(e.status, 416, bad);
        assert.equal(e.headers.get('content-range'), `bytes */${size}`);
        assert.ok(e.body.length > 5, `a reason: ${e.body.toString()}`);
      }
    });

    test('keep-alive: several requests on one connection, HEAD without a body', async () => {
      const uri = out.get('aac')!.segments.at(-1)!.uri;
      const replies = await exchange(
        port,
        `HEAD /hls/${uri} HTTP/1.1\r\nHost: x\r\n\r\n` +
          `GET /hls/aac.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n` +
          `GET /hls/aac/1.aac HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
        3,
        [0],
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200, 404],
      );
      assert.ok(Number(replies[0]!.headers.get('content-length')) > 1000);
      assert.equal(replies[0]!.headers.get('connection'), 'keep-alive');
      assert.match(replies[1]!.body.toString(), /^#EXTM3U/);
      assert.equal(replies[2]!.body.toString(), 'segment 1 is not held (too old or not yet cut)\n');
    });

    test('bad input: clear errors, nothing changes', async () => {
      const huge = await get(port, `/hls/aac.m3u8?x=${'a'.repeat(20_000)}`);
      assert.equal(huge.status, 414);
      assert.equal(huge.body.toString(), 'request target too long\n');
      const long = await get(port, `/hls/aac.m3u8?x=${'a'.repeat(3000)}`);
      assert.equal(long.status, 414);
      assert.equal((await get(port, '/hls/aac.m3u8?s=%00bad')).status, 400);
      assert.equal((await get(port, '/hls/flac.m3u8')).status, 404);
      assert.equal((await get(port, '/hls/../etc/passwd')).status, 404);
      assert.equal((await get(port, '/hls/aac/99999999999999999999.aac')).status, 404);
      const pre = await exchange(
        port,
        'OPTIONS /hls/aac.m3u8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      assert.equal(pre[0]!.status, 204);
      assert.match(pre[0]!.headers.get('access-control-allow-headers')!, /Range/);
      // the stream's own listeners are untouched by all that
      assert.equal(http.clientCount, 0);
    });

    test('more sessions than --http-max-clients: 503 for the new ones', async () => {
      now += 60_000;
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        codes.push((await get(port, `/hls/aac.m3u8?s=session000${i}`)).status);
      }
      assert.deepEqual(codes, [200, 200, 200, 200, 200, 503, 503]);
      assert.equal(
        (await get(port, '/hls/aac.m3u8?s=session0001')).status,
        200,
        'known ones go on',
      );
    });

    test('the access list closes a refused client without an answer, as for the stream', async () => {
      await http.command('deny', ['127.0.0.1/32']);
      const replies = await exchange(port, 'GET /hls/live.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.equal(replies.length, 0);
      await http.command('allow', ['127.0.0.1/32']);
    });
  });

describe('/hls/ on a standby (a playout leader is elected elsewhere)', () => {
  test('every resource answers 503 with Retry-After until the node leads; the next segment too', async () => {
    const out = new HlsOutput({ targetS: 2, followsLead: true });
    const http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    http.hls = new HlsHttp({ output: out });
    await http.start();
    try {
      const f = await makeFrames('aac', 3);
      feed(out, f, [Math.round(6e6 / f.durationUs)]);
      for (const p of ['/hls/live.m3u8', '/hls/aac.m3u8', '/hls/aac/1.aac', '/hls/x']) {
        const r = await get(http.port, p);
        assert.equal(r.status, 503, p);
        assert.equal(r.headers.get('retry-after'), '1');
        assert.equal(r.body.toString(), 'not the playout leader: this node stands by\n');
      }
      out.lead(true, {});
      // led, nothing cut yet: 503 again (not 404: the variant comes in a moment)
      const soon = await get(http.port, '/hls/aac.m3u8');
      assert.equal(soon.status, 503);
      assert.equal(soon.headers.get('retry-after'), '1');
      feed(out, f, [Math.round(6e6 / f.durationUs)]);
      assert.equal((await get(http.port, '/hls/aac.m3u8')).status, 200);
      // the next segment, not cut yet (a player that knew its number from the leader before):
      // 503, which hls.js retries; far ahead: 404
      const next = out.get('aac')!.position.seq;
      const early = await get(http.port, `/hls/aac/${next}.aac`);
      assert.equal(early.status, 503);
      assert.equal(early.headers.get('retry-after'), '1');
      assert.equal(early.body.toString(), `segment ${next} is not cut yet\n`);
      assert.equal((await get(http.port, `/hls/aac/${next + 10}.aac`)).status, 404);
      out.lead(false);
      assert.equal((await get(http.port, '/hls/aac.m3u8')).status, 503);
    } finally {
      await http.stop();
    }
  });
});
