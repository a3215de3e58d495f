// Two server processes' worth of API (two app instances on one database) sharing live events
// through Redis (127.0.0.1:6379, afs/sync's bus): a status change or a database change on one
// instance reaches a dashboard connected to the other.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { startTestApi, waitForEvent, type IoClient } from '../../../test/api.js';
import { freshDatabase } from '../../../test/db.js';
import type { StatusObject } from '../web/index.js';
import type { AfsChangeBatch } from '../../afs/index.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

function connected(s: IoClient): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve();
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
}

test('through Redis, status and database changes reach the dashboards of the other instance', async () => {
  const tdb = await freshDatabase('sqlite');
  // a channel prefix of its own, so parallel runs on the same Redis do not meet
  const redis = { url: REDIS_URL, prefix: `paraweb-test-${crypto.randomBytes(4).toString('hex')}` };
  const a = await startTestApi({ tdb, redis });
  const b = await startTestApi({ tdb, redis });
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
