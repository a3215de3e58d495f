// The addon on real loopback connections: taken over from a net.Socket, written, queued behind a
// client that does not read, hang-ups seen, graceful and hard closes, and a worker thread that
// ends with connections open.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { sleep, until } from './test-util.js';
import { loadSockwrite, type Sockwrite } from './index.js';

/** a client connection and the server's side of it */
interface Pair {
  client: net.Socket;
  server: net.Socket;
  received: Buffer[];
  ended: boolean;
  closed: boolean;
}

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe('sockwrite', () => {
  let sw: Sockwrite;
  let srv: net.Server;
  const accepted: net.Socket[] = [];

  before(async () => {
    const loaded = loadSockwrite();
    if (typeof loaded === 'string') assert.fail(`the addon loads: ${loaded}`);
    sw = loaded;
    srv = net.createServer((s) => accepted.push(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  });
  after(() => srv.close());

  async function pair(read = true, allowHalfOpen = false): Promise<Pair> {
    const n = accepted.length;
    const port = (srv.address() as net.AddressInfo).port;
    const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen });
    const p: Pair = { client, server: undefined!, received: [], ended: false, closed: false };
    client.on('data', (d: Buffer) => p.received.push(d));
    client.on('end', () => (p.ended = true));
    client.on('close', () => (p.closed = true));
    client.on('error', () => {});
    if (!read) client.pause();
    await until(() => accepted.length > n, 2000, 'the connection');
    p.server = accepted[n]!;
    return p;
  }

  test('a connection taken over gets exactly what is written, in order', async () => {
    const p = await pair();
    p.server.write('head\r\n');
    await until(() => p.server.writableLength === 0, 1000, 'the head written');
    let closes = 0;
    const ns = sw.adopt(p.server, () => closes++);
    assert.equal(p.server.destroyed, true, 'the net.Socket is destroyed');
    assert.equal(ns.bytesWritten, 6, "the socket's bytes carry over");
    const a = bytes(10_000, 1);
    const b = bytes(7, 2);
    const c = bytes(3000, 3);
    assert.equal(ns.write([a, b]), 0);
    assert.equal(ns.write([c]), 0);
    const want = Buffer.concat([Buffer.from('head\r\n'), a, b, c]);
    await until(() => Buffer.concat(p.received).length >= want.length, 2000, 'the bytes');
    assert.ok(Buffer.concat(p.received).equals(want));
    assert.equal(ns.bytesWritten, want.length);
    assert.equal(closes, 0);
    assert.equal(p.ended, false, 'still open although Node closed its fd');
    ns.destroy();
    assert.equal(closes, 1, 'destroy reports the close once');
    ns.destroy();
    assert.equal(closes, 1);
    await until(() => p.closed, 2000, 'the client to see the close');
  });

  test('a client that does not read: the rest queues, grows, and goes out once it reads', async () => {
    const p = await pair(false);
    const ns = sw.adopt(p.server, () => {});
    const sent: Buffer[] = [];
    let queued = 0;
    for (let i = 0; i < 400 && queued < 200_000; i++) {
      const chunk = bytes(16_000, i);
      sent.push(chunk);
      queued = ns.write([chunk]);
    }
    assert.ok(queued >= 200_000, `queued ${queued} bytes in user space`);
    assert.equal(ns.queued, queued);
    assert.ok(ns.kernelQueued() > 0, 'the kernel holds some too');
    const more = ns.write([bytes(1000, 9)]);
    sent.push(bytes(1000, 9));
    assert.equal(more, queued + 1000, 'while a queue waits, a write only adds to it');
    p.client.resume();
    const want = Buffer.concat(sent);
    await until(() => Buffer.concat(p.received).length >= want.length, 5000, 'the queue out');
    assert.ok(Buffer.concat(p.received).equals(want), 'every byte, in order');
    await until(() => ns.queued === 0, 1000, 'an empty queue');
    ns.destroy();
  });

  test('a client hanging up is reported at once; bytes it sends are read and dropped', async () => {
    const p = await pair();
    let closes = 0;
    const ns = sw.adopt(p.server, () => closes++);
    const count = sw.count;
    p.client.write('anything a player sends\r\n');
    await sleep(100);
    assert.equal(closes, 0, 'a byte from the client is no hang-up');
    assert.equal(ns.write([bytes(100, 1)]), 0);
    const t0 = Date.now();
    p.client.destroy();
    await until(() => closes === 1, 1000, 'the hang-up');
    console.log(`hang-up seen after ${Date.now() - t0} ms`);
    assert.equal(ns.open, false);
    assert.equal(sw.count, count - 1);
    assert.equal(ns.write([bytes(100, 1)]), 0, 'a write after the close does nothing');
  });

  test('a graceful close delivers every queued byte, then EOF, and ends when the peer closes', async () => {
    const p = await pair(false);
    let closes = 0;
    const ns = sw.adopt(p.server, () => closes++);
    const sent: Buffer[] = [];
    while (ns.queued < 100_000) {
      const chunk = bytes(16_000, sent.length);
      sent.push(chunk);
      ns.write([chunk]);
    }
    ns.end();
    await sleep(100);
    assert.equal(closes, 0, 'open while the queue waits');
    p.client.resume();
    const want = Buffer.concat(sent);
    await until(() => p.ended, 5000, 'EOF');
    assert.ok(Buffer.concat(p.received).equals(want), 'every byte before EOF');
    // the client (allowHalfOpen false) closes on EOF: the close is reported
    await until(() => closes === 1, 2000, 'the close');
  });

  test('a connection whose peer never closes after end() is closed 5 s on', async () => {
    const p = await pair(true, true); // the client keeps its side open after EOF
    let closes = 0;
    const ns = sw.adopt(p.server, () => closes++);
    ns.end();
    await until(() => p.ended, 1000, 'EOF');
    await sleep(500);
    assert.equal(closes, 0);
    await until(() => closes === 1, 6000, 'the deadline');
    // the server's side is gone: what the client sends now is answered with a reset, which its
    // next write sees
    const pokes = setInterval(() => p.client.write('still there?'), 100);
    await until(() => p.closed, 2000, 'the client to see the reset').finally(() =>
      clearInterval(pokes),
    );
  });

  test('a worker thread loads its own instance and may end with connections open', async () => {
    const code = `
      const net = require('node:net');
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(new URL('./index.js', import.meta.url).href)}).then(({ loadSockwrite }) => {
        const sw = loadSockwrite();
        const srv = net.createServer((s) => {
          const ns = sw.adopt(s, () => {});
          ns.write([Buffer.from('from the worker')]);
          parentPort.postMessage(sw.count);
        });
        srv.listen(0, '127.0.0.1', () => {
          const c = net.connect(srv.address().port, '127.0.0.1');
          c.on('data', (d) => { parentPort.postMessage(String(d)); process.exit(0); });
        });
      });`;
    const w = new Worker(code, { eval: true });
    const messages: unknown[] = [];
    w.on('message', (m) => messages.push(m));
    const code0 = await new Promise<number>((r) => w.on('exit', r));
    assert.equal(code0, 0, 'the worker ended cleanly');
    assert.deepEqual(messages, [1, 'from the worker']);
  });

  test('PARAWEB_SOCKWRITE=off: not loaded, and says so', () => {
    const index = new URL('./index.js', import.meta.url).href;
    const out = execFileSync(
      process.execPath,
      ['-e', `import(${JSON.stringify(index)}).then((m) => console.log(m.loadSockwrite()))`],
      { env: { ...process.env, PARAWEB_SOCKWRITE: 'off' }, encoding: 'utf8' },
    );
    assert.equal(out.trim(), 'PARAWEB_SOCKWRITE=off');
  });
});
