// A kept-alive HLS connection keeps nothing of the requests it answered: an empty view of the
// last chunk read kept that chunk's whole buffer alive until the next poll (a browser's request
// head: 0.5-1 KB per player). Taken over by the sockwrite addon, it keeps nothing of its
// net.Socket either (a closure naming the socket kept it, and all it held, for the player's life).
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { loadSockwrite } from '@paraweb/sockwrite';
import { exposeGc } from '../../../test/gc.js';
import { HlsHttp } from './http.js';
import { HlsOutput } from './output.js';

const gc = exposeGc();
const UA = `Mozilla/5.0 ${'x'.repeat(600)}`;

test('a kept-alive connection keeps no chunk it read once its request is answered', async () => {
  const hls = new HlsHttp({ output: new HlsOutput({ targetS: 4 }) });
  let chunk: WeakRef<ArrayBuffer> | undefined;
  const server = net.createServer((socket) => {
    socket.prependListener('data', (d: Buffer) => {
      chunk = new WeakRef(d.buffer as ArrayBuffer);
    });
    hls.adopt(socket, '127.0.0.1', Buffer.alloc(0));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  let ended = false;
  client.on('end', () => (ended = true));
  try {
    const answered = new Promise<Buffer>((resolve) => client.once('data', resolve));
    client.write(`GET /hls/live.m3u8 HTTP/1.1\r\nHost: x\r\nUser-Agent: ${UA}\r\n\r\n`);
    const reply = (await answered).toString('latin1');
    assert.match(reply, /^HTTP\/1\.1 \d{3} /);
    assert.match(reply, /Connection: keep-alive/, 'the connection is kept for the next poll');
    assert.ok(chunk, 'the request was read');
    // a WeakRef's target lives to the end of the job that made it: collect after a turn
    for (let i = 0; i < 5 && chunk.deref(); i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    assert.equal(ended, false, 'still open');
    assert.equal(chunk.deref(), undefined, 'the chunk read is garbage');
  } finally {
    client.destroy();
    server.close();
  }
});

test('a connection the addon took over keeps nothing of its net.Socket', async () => {
  const sw = loadSockwrite();
  if (typeof sw === 'string') assert.fail(`the addon loads: ${sw}`);
  const hls = new HlsHttp({ output: new HlsOutput({ targetS: 4 }) });
  let socketRef: WeakRef<net.Socket> | undefined;
  const server = net.createServer((socket) => {
    socketRef = new WeakRef(socket);
    hls.adopt(socket, '127.0.0.1', Buffer.alloc(0), { sockwrite: sw });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  try {
    const answered = new Promise<Buffer>((resolve) => client.once('data', resolve));
    client.write('GET /hls/live.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match((await answered).toString('latin1'), /^HTTP\/1\.1 503 /);
    assert.deepEqual(hls.connections(), { open: 1, native: 1 });
    for (let i = 0; i < 5 && socketRef?.deref(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
    }
    assert.ok(socketRef, 'a connection came');
    assert.equal(socketRef.deref(), undefined, 'the net.Socket is garbage');
    // and the connection still answers
    const again = new Promise<Buffer>((resolve) => client.once('data', resolve));
    client.write('GET /hls/live.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match((await again).toString('latin1'), /^HTTP\/1\.1 503 /);
  } finally {
    client.destroy();
    server.close();
  }
});
