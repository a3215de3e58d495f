// Uploads are taken one at a time: a second upload is not asked for its data until the first is
// stored, and one that gives up while it waits leaves without ever being asked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Harness } from '../../../test/harness.js';
import { harness } from '../../../test/harness.js';
import { ALL_PERMS, buildCommandTable, runArgv } from '../index.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

test('three uploads at once: each is asked for its data only after the one before is stored', async () => {
  const table = buildCommandTable();
  const events: string[] = [];
  const upload = async (name: string, signal = new AbortController().signal) => {
    await runArgv(
      table,
      {
        services: h.services,
        user: { name: 'test', perms: ALL_PERMS },
        log: () => {},
        signal,
        readData: async () => {
          const stored = ['a', 'b', 'c'].filter((n) => h.afs.blobs.lyr.idOf(n) !== undefined);
          events.push(`read ${name}, stored before: ${stored.join(' ') || 'none'}`);
          await new Promise((r) => setTimeout(r, 30));
          return Buffer.alloc(2_000_000, name);
        },
      },
      ['addlyr', name],
    );
  };
  const gone = new AbortController();
  const all = Promise.all([
    upload('a'),
    upload('b'),
    upload('c', gone.signal).catch(() => events.push('c gave up')),
  ]);
  gone.abort();
  await all;
  assert.deepEqual(events, [
    'read a, stored before: none',
    'c gave up',
    'read b, stored before: a',
  ]);
  assert.equal((await h.afs.blobs.lyr.get('b')).length, 2_000_000);
});
