// The library index filters then sorts while a sort order is not built yet, and sorts then filters
// once it is: both must give the same files in the same order (ties in path order).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Harness } from '../../test/harness.js';
import { harness } from '../../test/harness.js';
import { synthetic } from '../../test/synthetic-rows.js';
import type { SortColumn } from './columns.js';
import { SORT_COLUMNS } from './columns.js';
import type { LibraryQuery } from './library-index.js';
import { LibraryIndex } from './library-index.js';

describe('library index: filter first or sort first', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await h.afs.files.insertMany(synthetic(400));
  });
  after(async () => {
    await h.close();
  });

  const filters: Omit<LibraryQuery, 'sort' | 'order'>[] = [
    { search: 'artist 3' },
    { search: 'title 1' },
    { format: 'ogg' },
    { search: 'album 2', format: 'mp3' },
  ];
  const columns = SORT_COLUMNS.filter((c): c is Exclude<SortColumn, 'score'> => c !== 'score');

  test('the same ids in the same order, for every column and filter', async () => {
    // cold: no order of any column but path is built, so filters run first
    const cold = new LibraryIndex(h.afs);
    const warm = new LibraryIndex(h.afs);
    for (const sort of columns) await warm.select({ sort, order: 'asc' });
    for (const filter of filters) {
      for (const sort of columns) {
        const query: LibraryQuery = { ...filter, sort, order: 'asc' };
        const filtered = await cold.select(query);
        const sorted = await warm.select(query);
        assert.ok(filtered.length > 0, `${JSON.stringify(query)} matches something`);
        assert.deepEqual([...filtered], [...sorted], JSON.stringify(query));
      }
    }
  });
});
