// The HTTP sender on real sockets: what a listener gets (content type, a frame-aligned start at a
// chunk boundary, the burst, real time), para_recv's answer, bad requests, file changes, stop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Streaming } from '../../vss/test-util.js';
import { sleep, streaming, until } from '../../vss/test-util.js';
import { HttpSender } from './http-sender.js';
import { bytesAt, listen, rateBetween } from './test-client.js';

/** CBR 128 kbit/s files: 16,000 bytes a second */
const CBR = ['cbr128.mp3', 'id3v1.mp3', 'id3v1v2.mp3', 'notags.mp3'];

/** Does `body` start with the bytes of one chunk of one of the streamed files? */
async function startsAtChunk(s: Streaming, body: Buffer): Promise<boolean> {
  const probe = body.subarray(0, 256);
  for (const f of s.h.afs.files.all()) {
    const data = fs.readFileSync(f.path);
    const table = (await s.h.afs.files.chunkTable(f.id))!.offsets;
    for (let k = 0; k < table.length - 1; k++) {
      if (data.subarray(table[k], table[k]! + probe.length).equals(probe)) return true;
    }
  }
  return false;
}

describe('http sender: mp3', () => {
  let s: Streaming;
  let http: HttpSender;
  before(async () => {
    http = new HttpSender({ port: 0, listenAddresses: ['127.0.0.1'] });
    s = await streaming(CBR, { senders: [http] });
    await http.start();
    await s.h.run(['play']);
    // the burst has something to send: 4.5 s of stream (timed from the chunks, not from `play`:
    // on a loaded machine the first one came late and a fixed wait left less than 64 KiB)
    const sent = (): number => s.rec.chunks().reduce((n, c) => n + c.chunk.data.length, 0);
    await until(() => sent() >= 4.5 * 16_000, 20_000, '4.5 s streamed');
  });
  after(async () => {
    await s.close();
  });

  test('a GET gets audio/mpeg from a frame at a chunk boundary, a burst, then real time', async () => {
    const c = listen(http.port);
    await sleep(4200);
    assert.equal(c.status, 200);
    assert.equal(c.headers.get('content-type'), 'audio/mpeg');
    assert.equal(c.headers.get('access-control-allow-origin'), '*');
    assert.equal(c.headers.get('icy-metaint'), undefined, 'no ICY without Icy-MetaData: 1');
    const body = c.bodyBuffer();
    assert.equal(body[0], 0xff);
    assert.equal(body[1]! & 0xe0, 0xe0, 'MPEG frame sync');
    assert.ok(await startsAtChunk(s, body), 'starts at a chunk boundary');
    const burst = bytesAt(c, 300);
    assert.ok(burst >= 64 * 1024, `burst of ${burst} bytes`);
    const rate = rateBetween(c, 1000, 4200);
    console.log(`burst ${burst} B in 300 ms; then ${rate.toFixed(0)} B/s (expected 16000)`);
    assert.ok(rate > 16000 * 0.95 && rate < 16000 * 1.05, `${rate} B/s`);
    c.close();
  });

  test('the burst a `?listen=<id>` connection got is remembered under that id', async () => {
    const c = listen(http.port, { request: 'GET /?listen=web-t1 HTTP/1.1\r\n\r\n' });
    await sleep(400);
    assert.equal(c.status, 200);
    const ms = http.bursts.burstMs('web-t1');
    assert.ok(ms !== undefined, 'remembered');
    // 128 kbit/s: 16 bytes per ms; the burst's bytes and its play time agree
    const burstBytes = bytesAt(c, 300);
    assert.ok(Math.abs(ms - burstBytes / 16) < 300, `${ms} ms for ${burstBytes} bytes`);
    assert.equal(http.bursts.burstMs('never-seen'), undefined);
    c.close();
    const bad = listen(http.port, { request: 'GET /?listen=<script> HTTP/1.1\r\n\r\n' });
    await sleep(200);
    assert.equal(bad.status, 200, 'a malformed id is ignored, the stream still served');
    bad.close();
  });

  test("para_recv gets paraslash's exact answer, no burst, and EOF at the end of the file", async () => {
    const c = listen(http.port, { request: 'GET /audio HTTP/1.0\nUser-Agent: para_recv\n\n' });
    await until(() => c.head !== undefined, 2000, 'head');
    assert.equal(c.head, 'HTTP/1.0 200 OK\nContent-Type: application/octet-stream');
    await sleep(300);
    assert.ok(c.bodyBytes < 16_000, `no burst: ${c.bodyBytes} bytes`);
    await s.h.run(['next']);
    await Promise.race([c.closed, sleep(3000)]);
    assert.ok(c.ended, 'closed at the end of the file');
  });

  test('a web listener stays connected across mp3 file changes', async () => {
    const c = listen(http.port);
    await until(() => c.bodyBytes > 0, 2000, 'data');
    const files = s.rec.files().length;
    await s.h.run(['next']);
    await until(() => s.rec.files().length > files, 3000, 'next file');
    const before = c.bodyBytes;
    await sleep(1500); // the next flush (1 s) has come
    assert.ok(!c.ended);
    assert.ok(c.bodyBytes > before + 8000, 'the new file flows on the same connection');
    c.close();
  });

  test('bad requests get 400 and are closed; OPTIONS gets the CORS answer', async () => {
    const post = listen(http.port, { request: 'POST / HTTP/1.1\r\nHost: x\r\n\r\n' });
    await post.closed;
    assert.equal(post.status, 400);
    const junk = listen(http.port, { request: 'HELLO\n' });
    await junk.closed;
    assert.equal(junk.head, 'HTTP/1.0 400 Bad Request');
    const huge = listen(http.port, { request: 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(10_000) });
    await huge.closed;
    assert.equal(huge.status, 400);
    const pre = listen(http.port, { request: 'OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n' });
    await pre.closed;
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    const ok = listen(http.port);
    await until(() => ok.bodyBytes > 0, 2000, 'others unaffected');
    ok.close();
  });

  test('stop closes the listeners; a listener that comes while stopped waits for play', async () => {
    const c = listen(http.port);
    await until(() => c.bodyBytes > 0, 2000, 'data');
    await s.h.run(['stop']);
    await Promise.race([c.closed, sleep(3000)]);
    assert.ok(c.ended, 'closed by stop');
    const waiting = listen(http.port);
    await sleep(300);
    assert.equal(waiting.head, undefined, 'no answer while nothing plays');
    await s.h.run(['play']);
    await until(() => waiting.bodyBytes > 0, 3000, 'data after play');
    assert.equal(waiting.status, 200);
    waiting.close();
  });
});
