// A player's kept-alive HLS connection on a real HTTP sender, on either wire (the sockwrite addon,
// net.Socket): polls on one connection, idle ones and trickling requests closed by the sweep,
// a half-close after the last request still answered, a flood refused, and the sender's
// per-address connection count given back when a connection closes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sleep, until } from '../../vss/test-util.js';
import { HttpSender } from '../http/index.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';
import { feed, makeFrames } from './test-frames.js';

/** a client connection and what it got */
function open(port: number, allowHalfOpen = false) {
  const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen });
  const chunks: Buffer[] = [];
  const state = { closed: false, ended: false };
  client.on('data', (d: Buffer) => chunks.push(d));
  client.on('end', () => (state.ended = true));
  client.on('close', () => (state.closed = true));
  client.on('error', () => {});
  const text = (): string => Buffer.concat(chunks).toString('latin1');
  /** the statuses of the replies so far (each head, then Content-Length bytes of body) */
  const statuses = (): number[] => {
    const t = text();
    const out: number[] = [];
    for (let at = 0; at < t.length;) {
      const end = t.indexOf('\r\n\r\n', at);
      if (end < 0) break;
      const head = t.slice(at, end);
      out.push(Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]));
      at = end + 4 + Number(/Content-Length: (\d+)/i.exec(head)?.[1] ?? 0);
    }
    return out;
  };
  return { client, state, text, statuses, bytes: () => Buffer.concat(chunks).length };
}

const poll = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;

for (const nativeWrites of [true, false])
  describe(`a kept-alive HLS connection (${nativeWrites ? 'sockwrite' : 'net.Socket'})`, () => {
    let http: HttpSender;
    let hls: HlsHttp;
    let out: HlsOutput;
    let now = Date.now();
    before(async () => {
      out = new HlsOutput({ targetS: 4 });
      const f = await makeFrames('aac', 3);
      feed(out, f, [Math.round(30e6 / f.durationUs)]);
      http = new HttpSender({
        port: 0,
        listenAddresses: ['127.0.0.1'],
        maxConnectionsPerAddress: 2,
        nativeWrites,
      });
      hls = new HlsHttp({ output: out, now: () => now });
      http.hls = hls;
      await http.start();
    });
    after(() => http.stop());

    test('polls on one connection; an idle one is closed and its slot given back', async () => {
      const c = open(http.port);
      c.client.write(poll('/hls/aac.m3u8?s=player0001'));
      await until(() => c.statuses().length === 1, 2000, 'the playlist');
      const uri = out.get('aac')!.segments.at(-1)!.uri;
      c.client.write(poll(`/hls/${uri}?s=player0001`) + poll('/hls/aac.m3u8?s=player0001'));
      await until(() => c.statuses().length === 3, 2000, 'two more answers');
      assert.deepEqual(c.statuses(), [200, 200, 200]);
      assert.deepEqual(hls.connections(), { open: 1, native: nativeWrites ? 1 : 0 });
      await sleep(1200);
      assert.equal(c.state.closed, false, 'kept while not idle for long');
      now += 16_000; // longer than the 15 s a kept-alive connection may idle
      await until(() => c.state.closed, 3000, 'the idle connection closed');
      await until(() => hls.connections().open === 0, 1000, 'no connection left');
      // the sender allows two connections per address: both are free again
      const a = open(http.port);
      const b = open(http.port);
      a.client.write(poll('/hls/aac.m3u8?s=player0002'));
      b.client.write(poll('/hls/aac.m3u8?s=player0003'));
      await until(() => a.statuses().length + b.statuses().length === 2, 2000, 'both answered');
      a.client.destroy();
      b.client.destroy();
      await until(() => hls.connections().open === 0, 2000, 'both gone');
    });

    test('a request that trickles in is given 10 s from its first byte', async () => {
      const c = open(http.port);
      c.client.write('GET /hls/aac.m3u8 HTTP/1.1\r\n');
      await sleep(1200);
      c.client.write('Host: x\r\n');
      await sleep(100);
      assert.equal(c.state.closed, false);
      now += 11_000;
      await until(() => c.state.closed, 3000, 'the slow request closed');
      assert.equal(c.statuses().length, 0, 'no answer');
    });

    test('a player that half-closes after its request gets the whole segment', async () => {
      const seg = out.get('aac')!.segments.at(-1)!;
      const c = open(http.port, true);
      c.client.end(poll(`/hls/${seg.uri}`));
      await until(() => c.state.ended, 3000, 'EOF after the answer');
      assert.deepEqual(c.statuses(), [200]);
      const body = c.text().slice(c.text().indexOf('\r\n\r\n') + 4);
      assert.equal(body.length, seg.data.length);
      assert.ok(Buffer.from(body, 'latin1').equals(seg.data), 'the segment as held');
      c.client.destroy();
    });

    test('a flood gets 431 and a close; the server goes on', async () => {
      const c = open(http.port);
      c.client.write(`GET /hls/aac.m3u8 HTTP/1.1\r\nX: ${'a'.repeat(9000)}`);
      for (let i = 0; i < 50 && !c.state.closed; i++) {
        c.client.write(Buffer.alloc(20_000, 0x41));
        await sleep(5);
      }
      await until(() => c.state.closed, 6000, 'the close');
      assert.deepEqual(c.statuses(), [431]);
      const d = open(http.port);
      d.client.write(poll('/hls/aac.m3u8'));
      await until(() => d.statuses().length === 1, 2000, 'the next one answered');
      assert.deepEqual(d.statuses(), [200]);
      d.client.destroy();
    });
  });
