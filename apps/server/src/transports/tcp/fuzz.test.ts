// Fuzzing the command port over real sockets: 10,000+ malformed conversations (random bytes,
// truncated and oversized packets, bad lengths and bands, garbage after a valid handshake).
// Each must end with the server closing; afterwards it still serves and holds no connection.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../../test/db.js';
import { authRequest } from './handshake.js';
import { encodePacket, SBD } from './sideband.js';
import type { KeyFiles, TestServer } from './test-util.js';
import { collect, packets, rawSession, sshKeygen, startTestServer } from './test-util.js';

const TOTAL = 10_500;
const PARALLEL = 48;

const rnd = (n: number): Buffer => crypto.randomBytes(n);
const int = (lo: number, hi: number): number => lo + crypto.randomInt(hi - lo + 1);
function header(len: number, band: number): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt32LE(len >>> 0, 0);
  h[4] = band;
  return h;
}

function notBlob(): number {
  for (;;) {
    const b = int(0, 255);
    if (b !== SBD.BLOB_DATA) return b;
  }
}

/** Connects, waits for the welcome, sends `steps` (awaiting an answer between them), half-closes. */
async function unauthenticated(port: number, steps: Buffer[]): Promise<void> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  let wake: (() => void) | undefined;
  const next = (): Promise<void> => new Promise<void>((r) => (wake = r));
  socket.on('data', () => wake?.());
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  void closed.then(() => wake?.());
  await next();
  for (const [i, s] of steps.entries()) {
    if (socket.destroyed) break;
    socket.write(s);
    if (i < steps.length - 1) await next();
  }
  if (!socket.destroyed) socket.end();
  await closed;
}

describe('command port fuzzing', () => {
  const dir = tempDir('paraweb-fuzz-');
  let keys: KeyFiles;
  let t: TestServer;
  before(async () => {
    keys = sshKeygen(dir, 'alice', 'openssh');
    t = await startTestServer([`user alice ${keys.pub} AFS_READ,AFS_WRITE,VSS_READ,VSS_WRITE`], {
      authTimeoutMs: 2000,
      lingerMs: 200,
    });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** one malformed conversation, chosen by i */
  async function attack(i: number): Promise<string> {
    const port = t.server.port;
    const auth = authRequest(i % 3 === 0 ? 'nobody' : 'alice', i % 2 === 0);
    switch (i % 12) {
      case 0:
        await unauthenticated(port, [rnd(int(1, 300))]);
        return 'random auth request';
      case 1:
        await unauthenticated(port, [rnd(int(4096, 70_000))]);
        return 'oversized auth request';
      case 2:
        await unauthenticated(port, [auth, rnd(int(0, 60))]);
        return 'random response';
      case 3:
        await unauthenticated(port, [auth, header(int(4097, 0xffffffff), SBD.CHALLENGE_RESPONSE)]);
        return 'oversized response';
      case 4:
        await unauthenticated(port, [
          auth,
          Buffer.concat([header(32, SBD.CHALLENGE_RESPONSE), rnd(int(0, 31))]),
        ]);
        return 'truncated response';
      case 5:
        await unauthenticated(port, [
          auth,
          Buffer.concat([header(int(0, 40), int(0, 255)), rnd(int(0, 40))]),
        ]);
        return 'response with any band';
      case 6:
        await unauthenticated(port, [Buffer.concat([auth, rnd(int(1, 100))])]);
        return 'auth request with trailing garbage';
      default:
        return afterHandshake(i);
    }
  }

  async function afterHandshake(i: number): Promise<string> {
    const s = await rawSession(t.server.port, 'alice', keys.key);
    let kind: string;
    switch (i % 12) {
      case 7:
        s.socket.write(rnd(int(1, 200)));
        kind = 'unencrypted garbage after PROCEED';
        break;
      case 8:
        s.socket.write(s.encrypt(header(int(32769, 0xffffffff), SBD.COMMAND)));
        kind = 'oversized command';
        break;
      case 9:
        s.socket.write(
          s.encrypt(Buffer.concat([header(int(10, 32768), SBD.COMMAND), rnd(int(0, 9))])),
        );
        kind = 'truncated command';
        break;
      case 10:
        s.socket.write(s.encrypt(encodePacket(SBD.COMMAND, Buffer.from('addimg\0fuzz\0'))));
        await new Promise((r) => s.socket.once('data', r)); // AWAITING_DATA
        s.socket.write(
          s.encrypt(Buffer.concat([header(int(0, 100), notBlob()), rnd(int(0, 100))])),
        );
        kind = 'wrong band during blob upload';
        break;
      default:
        s.socket.write(s.encrypt(encodePacket(SBD.COMMAND, Buffer.from('stat\0'))));
        await new Promise((r) => s.socket.once('data', r)); // the first dump
        s.socket.write(s.encrypt(rnd(int(1, 100))));
        kind = 'garbage while stat runs';
    }
    if (!s.socket.destroyed) s.socket.end();
    await s.closed;
    if (i % 12 === 10) {
      // blob errors are reported, not dropped silently
      const got = packets(s.received());
      assert.equal(got.at(-1)?.band, SBD.EXIT_FAILURE);
      assert.match(got.at(-2)?.data.toString() ?? '', /unexpected packet during data transfer/);
    }
    return kind;
  }

  test(
    `${TOTAL} malformed conversations; the server survives and leaks nothing`,
    { timeout: 180_000 },
    async (ctx) => {
      const tcpHandles = (): number =>
        process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
      const baseline = tcpHandles();
      const start = Date.now();
      const kinds = new Map<string, number>();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < TOTAL) {
          const kind = await attack(next++);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      const seconds = (Date.now() - start) / 1000;
      assert.equal(
        [...kinds.values()].reduce((a, b) => a + b, 0),
        TOTAL,
      );
      assert.equal(kinds.size, 12);
      // every connection is gone on the server side as well
      for (let waited = 0; t.server.counters().active > 0 && waited < 5000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(t.server.counters().active, 0);
      assert.equal(t.server.counters().total, TOTAL);
      assert.equal(t.feed.subscribers, 0);
      assert.equal(tcpHandles(), baseline);
      // and it still serves
      const r = await collect(t.client('alice', keys.key), ['lsimg']);
      assert.equal(r.success, true);
      assert.equal(r.out.toString(), '');
      ctx.diagnostic(
        `${TOTAL} conversations in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(kinds))}`,
      );
    },
  );
});
