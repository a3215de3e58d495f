// Two server processes' tables on one database (two Afs instances, each with its own Redis bus on
// 127.0.0.1:6379) follow each other's changes with no web door attached; an installation with
// another channel prefix on the same Redis hears nothing of them.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import { freshDatabase, tempDir, type TestDatabase } from '../../../test/db.js';
import { makeTinyLibrary } from '../../../test/tiny-library.js';
import { Afs } from '../afs.js';
import { peerKey } from './peer-key.js';
import { RedisBus } from './redis-bus.js';
import { startAfsSync } from './sync.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const quiet = { info: () => {}, warn: () => {} };

interface Peer {
  afs: Afs;
  close(): Promise<void>;
}

async function peer(tdb: TestDatabase, prefix: string): Promise<Peer> {
  const afs = await Afs.open(tdb.db);
  const bus = new RedisBus(REDIS_URL, prefix, quiet, await peerKey(tdb.db));
  const sync = startAfsSync(afs, bus, quiet);
  assert.ok(await bus.ready(5000), 'connected to Redis');
  return {
    afs,
    async close() {
      sync.close();
      bus.close();
      await afs.close();
    },
  };
}

const prefix = (): string => `paraweb-test-${crypto.randomBytes(4).toString('hex')}`;

async function until(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("two processes on one PostgreSQL database: each one's tables follow the other's changes", async () => {
  const tdb = await freshDatabase('postgres');
  const p = prefix();
  const a = await peer(tdb, p);
  const b = await peer(tdb, p);
  const dir = tempDir('paraweb-peers-');
  try {
    // files added on A appear in B's table
    makeTinyLibrary(dir, 5);
    await a.afs.add([dir], { all: false, lazy: false, force: false, verbose: false });
    await until('B sees the 5 files', () => b.afs.files.size === 5);
    const first = [...a.afs.files.all()][0]!;

    // an attribute and an afsi change made on B reach A
    await b.afs.attributes.add(['from-b']);
    await until('A knows the attribute', () => a.afs.attributes.bit('from-b') !== undefined);
    const bit = 1n << BigInt(b.afs.attributes.bit('from-b')!);
    await b.afs.files.changeAfsi([{ id: first.id, setBits: bit, set: { numPlayed: 7 } }]);
    await until('A sees the new afsi', () => a.afs.files.get(first.id)?.numPlayed === 7);
    assert.equal(a.afs.files.get(first.id)!.attributes & bit, bit);

    // a removal on A leaves B's table too; nothing echoes back and forth
    await a.afs.files.remove([a.afs.files.get(first.id)!]);
    await until('B drops the file', () => b.afs.files.get(first.id) === undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(a.afs.files.size, 4);
    assert.equal(b.afs.files.size, 4);
  } finally {
    await a.close();
    await b.close();
    await tdb.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('another channel prefix on the same Redis is another installation: it hears nothing', async () => {
  const tdb = await freshDatabase('sqlite');
  const mine = prefix();
  const a = await peer(tdb, mine);
  const b = await peer(tdb, mine);
  const other = await peer(tdb, prefix());
  try {
    await a.afs.attributes.add(['shared']);
    await until('B, same prefix, follows', () => b.afs.attributes.bit('shared') !== undefined);
    await new Promise((r) => setTimeout(r, 300));
    // the database has it, but nobody told the other installation's process
    assert.equal(other.afs.attributes.bit('shared'), undefined);
  } finally {
    await a.close();
    await b.close();
    await other.close();
    await tdb.drop();
  }
});
