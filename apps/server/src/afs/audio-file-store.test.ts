// The whole table is read in pages by id (start-up memory, issue 18): every row comes back once,
// in id order, whatever the page size, across a gap in the ids, on both databases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DB_KINDS, freshDatabase, tempDir } from '../../test/db.js';
import { makeTinyLibrary } from '../../test/tiny-library.js';
import { Afs } from './afs.js';
import { AudioFileStore } from './audio-file-store.js';

for (const kind of DB_KINDS) {
  test(`${kind}: loadAll reads every row once, page by page`, async () => {
    const tdb = await freshDatabase(kind);
    const afs = await Afs.open(tdb.db);
    try {
      const dir = tempDir('paraweb-store-');
      makeTinyLibrary(dir, 7);
      await afs.add([dir], { all: false, lazy: false, force: false, verbose: false });
      const added = [...afs.files.all()].sort((a, b) => a.id - b.id);
      assert.equal(added.length, 7);
      // a gap in the ids: the third file goes
      await afs.files.remove([added[2]!]);
      const expected = added.filter((_, i) => i !== 2);

      const store = new AudioFileStore(tdb.db);
      // 6 rows: pages that divide them (2, 3, 6), that do not (4, 5), one page, one row a page
      for (const page of [1, 2, 3, 4, 5, 6, 7, 2_000]) {
        const rows = await store.loadAll(page);
        assert.deepEqual(
          rows.map((r) => r.id),
          expected.map((r) => r.id),
          `page of ${page}`,
        );
        assert.deepEqual(rows, expected, `page of ${page}: the same records as the table's`);
      }
    } finally {
      await afs.close();
      await tdb.drop();
    }
  });
}
