// Two server processes' worth of API (two app instances on one database) sharing live events
// through Redis (127.0.0.1:6379): a status change or a database change on one instance reaches a
// dashboard connected to the other.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';
import { startTestApi, waitForEvent, type IoClient } from '../../../test/api.js';
import { freshDatabase, tempDir } from '../../../test/db.js';
import { makeTinyLibrary } from '../../../test/tiny-library.js';
import type { StatusObject } from '../web/index.js';
import type { AfsChangeBatch } from './afs-changes.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

function connected(s: IoClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

test('the Redis adapter shares status and database changes between two instances', async () => {
  const tdb = await freshDatabase('sqlite');
  // a channel prefix of its own, so parallel runs on the same Redis do not meet
  const redisKey = `paraweb-test-${crypto.randomBytes(4).toString('hex')}`;
  const extra = { redisUrl: REDIS_URL, redisKey };
  const a = await startTestApi({ tdb, extra });
  const b = await startTestApi({ tdb, extra });
  try {
    await a.api.auth.setPassword('reader', 'reader password');
    const { token } = await a.api.auth.createToken('reader', 'redis');
    const onA = a.socket({ token });
    const onB = b.socket({ token });
    await Promise.all([connected(onA), connected(onB)]);

    const statusOn = (s: IoClient): Promise<StatusObject> =>
      waitForEvent<StatusObject>(
        (l) => (s.on('vss:status', l), () => s.off('vss:status', l)),
        (st) => st.title === 'shared',
      );
    const seenA = statusOn(onA);
    const seenB = statusOn(onB);
    a.feed.set('title', 'shared');
    assert.equal((await seenB).title, 'shared');
    assert.equal((await seenA).title, 'shared');

    const change = waitForEvent<AfsChangeBatch>(
      (l) => (onB.on('afs:change', l), () => onB.off('afs:change', l)),
      (batch) => batch.changes.some((c) => c.type === 'attribute:add' && c.name === 'via-a'),
    );
    await a.afs.attributes.add(['via-a']);
    await change;

    // and the other way round: B's status reaches the client on A
    const back = waitForEvent<StatusObject>(
      (l) => (onA.on('vss:status', l), () => onA.off('vss:status', l)),
      (st) => st.artist === 'from b',
    );
    b.feed.set('artist', 'from b');
    await back;
  } finally {
    await a.close();
    await b.close();
    await tdb.drop();
  }
});

test("two processes on one PostgreSQL database: each one's tables follow the other's changes", async () => {
  const tdb = await freshDatabase('postgres');
  const redisKey = `paraweb-test-${crypto.randomBytes(4).toString('hex')}`;
  const extra = { redisUrl: REDIS_URL, redisKey };
  const a = await startTestApi({ tdb, extra });
  const b = await startTestApi({ tdb, extra });
  const dir = tempDir('paraweb-peers-');
  const until = async (what: string, check: () => boolean): Promise<void> => {
    const end = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    // files added on A appear in B's table
    makeTinyLibrary(dir, 5);
    await a.afs.add([dir], { all: false, lazy: false, force: false, verbose: false });
    await until('B sees the 5 files', () => b.afs.files.size === 5);
    const first = [...a.afs.files.all()][0]!;

    // an attribute and an afsi change made on B reach A
    await b.afs.attributes.add(['from-b']);
    await until('A knows the attribute', () => a.afs.attributes.bit('from-b') !== undefined);
    const bit = BigInt(b.afs.attributes.bit('from-b')!);
    const onB = b.afs.files.get(first.id)!;
    await b.afs.files.updateAfsi([
      { file: onB, afsi: { ...onB, attributes: onB.attributes | (1n << bit), numPlayed: 7 } },
    ]);
    await until('A sees the new afsi', () => a.afs.files.get(first.id)?.numPlayed === 7);
    assert.equal(a.afs.files.get(first.id)!.attributes & (1n << bit), 1n << bit);

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
