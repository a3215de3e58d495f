// A reading connection (an HLS player's kept-alive one): what its peer sends reaches onData in
// order, answers go out, a half-close after the last request still gets its answer, a flood
// after end() is dropped, and closing from inside onData is safe.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sleep, until } from './test-util.js';
import { loadSockwrite, type NativeSocket, type Sockwrite } from './index.js';

interface Peer {
  client: net.Socket;
  received: () => Buffer;
  ended: () => boolean;
  closed: () => boolean;
}

describe('sockwrite: reading connections', () => {
  let sw: Sockwrite;
  let srv: net.Server;
  let take: (s: net.Socket) => void = () => {};

  before(async () => {
    const loaded = loadSockwrite();
    if (typeof loaded === 'string') assert.fail(`the addon loads: ${loaded}`);
    sw = loaded;
    srv = net.createServer((s) => take(s));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  });
  after(() => srv.close());

  /** a client whose server side is adopted as a reading connection by `adopt` */
  async function connect(
    adopt: (s: net.Socket) => NativeSocket,
    allowHalfOpen = false,
  ): Promise<{ peer: Peer; ns: NativeSocket }> {
    let ns: NativeSocket | undefined;
    take = (s) => (ns = adopt(s));
    const port = (srv.address() as net.AddressInfo).port;
    const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen });
    const chunks: Buffer[] = [];
    let ended = false;
    let closed = false;
    client.on('data', (d: Buffer) => chunks.push(d));
    client.on('end', () => (ended = true));
    client.on('close', () => (closed = true));
    client.on('error', () => {});
    await until(() => ns !== undefined, 2000, 'the connection');
    const peer = {
      client,
      received: () => Buffer.concat(chunks),
      ended: () => ended,
      closed: () => closed,
    };
    return { peer, ns: ns! };
  }

  test("the peer's bytes reach onData in order, and answers go back on the same connection", async () => {
    const got: Buffer[] = [];
    let closes = 0;
    let ns: NativeSocket;
    const { peer } = await connect(
      (s) =>
        (ns = sw.adopt(
          s,
          () => closes++,
          (d) => {
            got.push(d);
            ns.write([Buffer.from(`echo ${d.length};`)]);
          },
        )),
    );
    peer.client.write('GET /hls/live.m3u8 HTTP/1.1\r\n\r\n');
    await until(() => peer.received().length > 0, 2000, 'the first answer');
    const big = Buffer.alloc(50_000, 0x61);
    peer.client.write(big);
    const want = Buffer.concat([Buffer.from('GET /hls/live.m3u8 HTTP/1.1\r\n\r\n'), big]);
    await until(() => Buffer.concat(got).length >= want.length, 2000, 'every byte');
    assert.ok(Buffer.concat(got).equals(want), 'every byte, in order');
    assert.ok(
      got.every((d) => d.length <= 4096),
      'read in pieces of at most 4 KB',
    );
    await until(
      () => peer.received().toString().split(';').filter(Boolean).length === got.length,
      2000,
      'an answer per piece',
    );
    assert.equal(closes, 0);
    peer.client.destroy();
    await until(() => closes === 1, 2000, 'the hang-up');
  });

  test('a peer that half-closes after its request still gets the whole answer', async () => {
    const piece = Buffer.alloc(1 << 20, 0x62);
    let sent = 0;
    let closes = 0;
    let queuedAfterWrite = -1;
    let ns: NativeSocket;
    // the answer: pieces until the kernel takes no more and some waits in user space
    const answer = (): void => {
      for (let i = 0; i < 64 && queuedAfterWrite <= 0; i++) {
        queuedAfterWrite = ns.write([piece]);
        sent += piece.length;
      }
    };
    const { peer } = await connect((s) => (ns = sw.adopt(s, () => closes++, answer)), true);
    peer.client.pause();
    peer.client.end('GET /hls/mp3/1.mp3 HTTP/1.1\r\n\r\n');
    await until(() => queuedAfterWrite >= 0, 2000, 'the request');
    assert.ok(queuedAfterWrite > 0, `some of the answer waits in user space (${queuedAfterWrite})`);
    await sleep(100);
    assert.equal(closes, 0, 'open while its answer waits');
    peer.client.resume();
    await until(() => peer.ended(), 5000, 'EOF after the answer');
    assert.equal(peer.received().length, sent, 'the whole answer');
    await until(() => closes === 1, 2000, 'the close reported');
  });

  test('after end(), what the peer sends is dropped and onData is not called', async () => {
    let calls = 0;
    let closes = 0;
    const { peer, ns } = await connect(
      (s) =>
        sw.adopt(
          s,
          () => closes++,
          () => calls++,
        ),
      true,
    );
    peer.client.write('first');
    await until(() => calls === 1, 2000, 'the first bytes');
    ns.end();
    await until(() => peer.ended(), 2000, 'EOF');
    for (let i = 0; i < 20; i++) peer.client.write(Buffer.alloc(10_000));
    await sleep(200);
    assert.equal(calls, 1, 'nothing after end()');
    peer.client.end();
    await until(() => closes === 1, 2000, 'the close');
  });

  test('onData may destroy its own connection', async () => {
    let closes = 0;
    let calls = 0;
    let ns: NativeSocket;
    const { peer } = await connect(
      (s) =>
        (ns = sw.adopt(
          s,
          () => closes++,
          () => {
            calls++;
            ns.write([Buffer.from('bye')]);
            ns.destroy();
          },
        )),
    );
    peer.client.write(Buffer.alloc(60_000)); // more than one read's worth
    await until(() => peer.closed(), 2000, 'the close');
    assert.equal(calls, 1, 'no call after the destroy');
    assert.equal(closes, 1, 'reported once');
    assert.equal(ns!.open, false);
  });

  test('a connection adopted without onData still drops what its peer sends', async () => {
    let closes = 0;
    const { peer, ns } = await connect((s) => sw.adopt(s, () => closes++));
    peer.client.write('ignored');
    await sleep(100);
    assert.equal(ns.onData, undefined);
    assert.equal(closes, 0);
    ns.destroy();
  });
});
