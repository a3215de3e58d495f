// Prisma's debug history holds each query's parameters (as the adapter passes them, with their
// types) until 100 more debug calls: after a flush of 1,000 listener sessions (7,000 parameters)
// the main thread's heap stays ~0.6-0.8 MB larger until forgetQueryArgs() runs (on both
// databases: each adapter has its own copy of the history). A flush of many sessions calls it;
// a small one does not.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import v8 from 'node:v8';
import { DB_KINDS, freshDatabase, type TestDatabase } from '../../test/db.js';
import { exposeGc } from '../../test/gc.js';
import { SessionWriter } from '../audience/sessions.js';

const gc = exposeGc();
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** the heap's used size after a full collection made in a turn of its own, MB */
async function usedMb(): Promise<number> {
  await tick();
  gc();
  await tick();
  return v8.getHeapStatistics().used_heap_size / 1e6;
}

const opened = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: from + i,
    output: 'http',
    atMs: Date.now(),
    address: `10.0.${i >> 8}.${i & 255}`,
    userAgent: 'VLC/3.0.18 LibVLC/3.0.18',
  }));

for (const kind of DB_KINDS) {
  describe(`Prisma's query history (${kind})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await freshDatabase(kind);
    });
    after(() => t.drop());

    test("a flush of 1,000 sessions stays in Prisma's history; forgetQueryArgs lets it go", async () => {
      // the writer's own call is left out here: this measures what it lets go
      const w = new SessionWriter(
        { ...t.db, forgetQueryArgs: () => {} },
        {
          addressMode: 'whole',
          warn: () => {},
        },
      );
      w.add(opened(1, 1000), [], Date.now());
      await w.flush();
      // what the flush's own promises and the driver's buffers hold is let go in the next turns
      await new Promise((r) => setTimeout(r, 100));
      await usedMb();
      const held = await usedMb();
      t.db.forgetQueryArgs();
      const letGo = await usedMb();
      console.log(
        `heap after a flush of 1,000 sessions: ${held.toFixed(2)} -> ${letGo.toFixed(2)} MB`,
      );
      assert.ok(held - letGo > 0.3, `${held} -> ${letGo} MB`);
    });

    test('a flush of 100 sessions or more forgets; a smaller one does not', async () => {
      let calls = 0;
      const db = { ...t.db, forgetQueryArgs: () => void calls++ };
      const w = new SessionWriter(db, { addressMode: 'whole', warn: () => {} });
      w.add(opened(2001, 10), [], Date.now());
      await w.flush();
      assert.equal(calls, 0);
      w.add(opened(2011, 150), [], Date.now());
      await w.flush();
      assert.equal(calls, 1);
    });
  });
}
