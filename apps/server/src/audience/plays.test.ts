// The play history's writes in order: a play's row waits for its count in afs, so a process
// killed between the two leaves a count without a row (a takeover records it: recordLostPlay),
// never a row without a count; a count that failed does not keep the row back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DB_KINDS, freshDatabase } from '../../test/db.js';
import { synthetic } from '../../test/synthetic-rows.js';
import { AudioFileStore } from '../afs/audio-file-store.js';
import { PlayRecorder } from './plays.js';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

for (const kind of DB_KINDS) {
  describe(`the play history (${kind})`, () => {
    test("a play's row is written after its count has settled", async () => {
      const tdb = await freshDatabase(kind);
      try {
        const [f] = await new AudioFileStore(tdb.db).insertMany(synthetic(1));
        const warnings: string[] = [];
        const plays = new PlayRecorder(tdb.db, (m) => warnings.push(m));
        let count!: () => void;
        const counted = new Promise<void>((resolve) => (count = resolve));
        const file = { file: { id: f!.id, path: f!.path } };
        plays.started(file, 'm/x', { reason: 'mood' }, 1, T0, counted);
        // time for a write that did not wait: none is there
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(await tdb.db.prisma.play.count(), 0);
        count();
        await plays.settled();
        assert.equal(await tdb.db.prisma.play.count(), 1);
        // a count that failed: the play is still recorded
        plays.started(
          file,
          'm/x',
          { reason: 'mood' },
          1,
          T0 + 5000,
          Promise.reject(new Error('x')),
        );
        await plays.settled();
        const rows = await tdb.db.prisma.play.findMany({ orderBy: { startedAt: 'asc' } });
        assert.equal(rows.length, 2);
        assert.equal(rows[0]!.endedAt?.getTime(), T0 + 5000);
        assert.deepEqual(warnings, []);
      } finally {
        await tdb.drop();
      }
    });
  });
}
