// One source connection against stand-in servers on 127.0.0.1 (the real Icecast is in
// sender.test.ts): the request it sends, the header before a file's first chunk, the bounded
// queue when the server stops reading, and retries that slow down.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { sleep, until } from '../../vss/test-util.js';
import type { SenderLog, SourceStream } from './source.js';
import { IcecastSource } from './source.js';
import { parseIcecastTarget } from './target.js';

const MP3: SourceStream = {
  contentType: 'audio/mpeg',
  bitrate: 128,
  frequency: 44100,
  channels: 2,
};
const OGG: SourceStream = { contentType: 'audio/ogg', bitrate: 112, frequency: 44100, channels: 2 };

interface Stand {
  port: number;
  /** per connection: the bytes it got */
  conns: { data: Buffer; socket: net.Socket }[];
  close(): Promise<void>;
}

/** A server that answers every request with `answer` (or nothing) and records what it gets. */
async function stand(answer: string | undefined, read = true): Promise<Stand> {
  const conns: Stand['conns'] = [];
  const server = net.createServer((socket) => {
    const c = { data: Buffer.alloc(0), socket };
    conns.push(c);
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      const first = c.data.length === 0;
      c.data = Buffer.concat([c.data, d]);
      if (first && answer !== undefined) {
        socket.write(answer);
        if (!answer.startsWith('HTTP/1.0 200')) socket.end();
        else if (!read) socket.pause(); // accepts, then never reads again
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    conns,
    close: () => {
      for (const c of conns) c.socket.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

const ignore = (): void => undefined;
const log: SenderLog = { debug: ignore, info: ignore, warn: ignore, error: ignore };

function source(port: number, opts: Partial<ConstructorParameters<typeof IcecastSource>[1]> = {}) {
  const r = parseIcecastTarget(`icecast://source:pw@127.0.0.1:${port}/live`);
  assert.ok(r.ok);
  return new IcecastSource(r.target, {
    name: 'paraweb',
    description: 'd',
    public: false,
    log,
    ...opts,
  });
}

test('PUT with the source login and ice headers; a header format sends its header first', async () => {
  const srv = await stand('HTTP/1.0 200 OK\r\n\r\n');
  const src = source(srv.port);
  try {
    const header = Buffer.from('HEADER');
    src.newFile(OGG, header);
    src.write(Buffer.from('chunk5'), false); // joined mid-file: the header goes first
    await until(() => src.state === 'streaming', 3000, 'accepted');
    src.write(Buffer.from('chunk6'), false);
    await until(() => srv.conns[0]!.data.includes('chunk6'), 3000, 'data');
    const got = srv.conns[0]!.data.toString('latin1');
    const [head, body] = got.split('\r\n\r\n') as [string, string];
    const lines = head.split('\r\n');
    assert.equal(lines[0], 'PUT /live HTTP/1.1');
    assert.ok(
      lines.includes(`Authorization: Basic ${Buffer.from('source:pw').toString('base64')}`),
    );
    assert.ok(lines.includes('Content-Type: audio/ogg'));
    assert.ok(lines.includes('ice-name: paraweb'));
    assert.ok(lines.includes('ice-description: d'));
    assert.ok(lines.includes('ice-public: 0'));
    assert.ok(lines.includes('ice-audio-info: samplerate=44100;channels=2;bitrate=112'));
    assert.equal(body, 'HEADERchunk5chunk6');
    // the next file of the same type: same connection, its header (chunk 0) once
    src.newFile(OGG, Buffer.from('H2'));
    src.write(Buffer.from('H2'), true);
    src.write(Buffer.from('c1'), false);
    await until(() => srv.conns[0]!.data.toString().endsWith('H2c1'), 3000, 'second file');
    assert.equal(srv.conns.length, 1);
    assert.equal(src.bytesSent, 'HEADERchunk5chunk6H2c1'.length);
    // another content type: a new connection
    src.newFile(MP3, undefined);
    src.write(Buffer.from('frame'), false);
    await until(
      () => srv.conns.length === 2 && srv.conns[1]!.data.includes('frame'),
      3000,
      'restart',
    );
    assert.match(srv.conns[1]!.data.toString(), /Content-Type: audio\/mpeg/);
    // another bit rate goes on; another sample rate or channel count starts anew
    src.newFile({ ...MP3, bitrate: 192 }, undefined);
    src.write(Buffer.from('f192'), false);
    src.newFile({ ...MP3, frequency: 22050, channels: 1 }, undefined);
    src.write(Buffer.from('mono'), false);
    await until(() => srv.conns.length === 3 && srv.conns[2]!.data.includes('mono'), 3000, 'mono');
    assert.ok(srv.conns[1]!.data.includes('f192'));
    assert.match(srv.conns[2]!.data.toString(), /samplerate=22050;channels=1;bitrate=128/);
    await src.end('test');
    assert.equal(src.state, 'idle');
  } finally {
    await srv.close();
  }
});

test('a server that stops reading: the queue is bounded, the connection dropped, and retried', async () => {
  const srv = await stand('HTTP/1.0 200 OK\r\n\r\n', false);
  const src = source(srv.port, { maxQueueBytes: 256 * 1024, backoffMs: 200 });
  try {
    src.newFile(MP3, undefined);
    src.write(Buffer.alloc(10), false);
    await until(() => src.state === 'streaming', 3000, 'accepted');
    const piece = Buffer.alloc(64 * 1024);
    let written = 0;
    // the kernel's socket buffers take some megabytes first; the loop is bounded
    while (src.state === 'streaming' && written < 256 * 1024 * 1024) {
      src.write(piece, false);
      written += piece.length;
      if (written % (4 * 1024 * 1024) === 0) await sleep(1);
    }
    assert.equal(src.state, 'waiting', `still ${src.state} after ${written} bytes`);
    assert.match(src.lastError?.message ?? '', /cannot keep up: \d+ bytes queued/);
    assert.equal(src.failures, 1);
    // dropped while waiting, then the next write connects again
    src.write(piece, false);
    assert.equal(src.state, 'waiting');
    await until(() => src.state === 'idle', 3000, 'retry delay over');
    src.write(Buffer.alloc(10), false);
    await until(() => srv.conns.length === 2, 3000, 'second connection');
  } finally {
    await src.end('test');
    await srv.close();
  }
});

test('refusals and silence: the reason is kept, and every retry waits twice as long', async () => {
  const refuse = await stand(
    'HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nMountpoint in use',
  );
  const silent = await stand(undefined);
  const a = source(refuse.port, { backoffMs: 100 });
  const b = source(silent.port, { answerTimeoutMs: 300 });
  try {
    a.newFile(MP3, undefined);
    b.newFile(MP3, undefined);
    a.write(Buffer.alloc(10), false);
    b.write(Buffer.alloc(10), false);
    await until(() => a.lastError !== undefined && b.lastError !== undefined, 3000, 'failures');
    assert.equal(b.state, 'waiting');
    assert.match(
      a.lastError!.message,
      /mount point in use by another source: .*403 Forbidden.*Mountpoint in use/,
    );
    assert.equal(b.lastError!.message, 'no answer from Icecast');
    // keep writing as the stream clock does: the retries come after 100, 200, 400, 800 ms
    const started = Date.now();
    while (Date.now() - started < 1700) {
      a.write(Buffer.alloc(10), false);
      await sleep(20);
    }
    // a tight loop would make hundreds; the exact count depends on how busy the machine is
    assert.ok(refuse.conns.length >= 2 && refuse.conns.length <= 6, `${refuse.conns.length} tries`);
    assert.equal(a.failures, refuse.conns.length);
  } finally {
    await a.end('test');
    await b.end('test');
    await refuse.close();
    await silent.close();
  }
});
