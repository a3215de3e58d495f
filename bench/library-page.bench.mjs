// library.page over 100,000 files (target: a page in well under 100 ms, cold or cached): the
// first page of each sort order, cached pages, search and attribute filters, and how long the
// event loop is held (the sort yields, so a stream chunk is never late by more than ~20 ms).
import fs from 'node:fs';
import path from 'node:path';
import { dist, fmt, freshAfs, insertSynthetic, scratch } from './lib.mjs';

const { LibraryIndex } = await import(path.join(dist, 'library', 'index.js'));
const N = Number(process.env.N ?? 100_000);
const dir = fs.mkdtempSync(path.join(scratch, 'library-'));
const { db, afs } = await freshAfs(`file:${path.join(dir, 'library.db')}`);
let t = performance.now();
await insertSynthetic(afs, N);
console.log(`inserted ${fmt(N)} rows in ${fmt((performance.now() - t) / 1000, 1)} s`);
const index = new LibraryIndex(afs);

/** runs `fn` while measuring the longest gap between two 1 ms timer ticks */
async function measure(fn) {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { ms, maxGap: Math.max(maxGap, performance.now() - last), r };
}

const page = (q, offset = 0) => index.page({ order: 'asc', ...q }, offset, 200);
const cases = [
  ['sort path, first page (cold)', { sort: 'path' }],
  ['sort path, first page (cached)', { sort: 'path' }],
  ['sort path, page at 50,000 (cached)', { sort: 'path' }, 50_000],
  ['sort path desc (cached)', { sort: 'path', order: 'desc' }],
  ['sort artist (cold)', { sort: 'artist' }],
  ['sort artist (cached)', { sort: 'artist' }],
  ['sort year (cold)', { sort: 'year' }],
  ['sort last played (cold)', { sort: 'lastPlayed' }],
  ['sort score (uncached by design)', { sort: 'score', order: 'desc' }],
  ['search "title 77" (cold)', { sort: 'path', search: 'title 77' }],
  ['search "title 77" (cached)', { sort: 'path', search: 'title 77' }],
  ['search "artist 12" sorted by title (cold)', { sort: 'title', search: 'artist 12' }],
  ['format ogg (cold)', { sort: 'path', format: 'ogg' }],
];
let worst = 0;
let worstGap = 0;
for (const [name, q, offset] of cases) {
  const { ms, maxGap, r } = await measure(() => page(q, offset));
  worst = Math.max(worst, ms);
  worstGap = Math.max(worstGap, maxGap);
  console.log(
    `${name}: ${fmt(ms, 1)} ms (${fmt(r.total)} matching, ${r.rows.length} rows), longest event-loop hold ${fmt(maxGap, 1)} ms`,
  );
}
// a played file (afsi change) keeps text orders, so browsing by path stays cached
const f = afs.files.get(1);
await afs.files.changeAfsi([{ id: f.id, addPlayed: 1 }]);
const afterPlay = await measure(() => page({ sort: 'path' }));
console.log(`sort path after a file was played: ${fmt(afterPlay.ms, 1)} ms`);
// a file added (every order is stale), then a quiet second: the index rebuilds the orders used so
// far and the search texts in the background, so the next requests find them ready
await insertSynthetic(afs, 1, N);
await new Promise((r) => setTimeout(r, 2500));
for (const [name, q] of [
  ['sort artist after an add and a quiet second', { sort: 'artist' }],
  ['search "title 78" after an add and a quiet second', { sort: 'path', search: 'title 78' }],
]) {
  const { ms, r } = await measure(() => page(q));
  console.log(`${name}: ${fmt(ms, 1)} ms (${fmt(r.total)} matching)`);
}
const json = JSON.stringify((await page({ sort: 'path' })).rows).length;
console.log(`one page of 200 rows: ${fmt(json / 1024, 1)} KiB of JSON`);
console.log(
  `slowest page ${fmt(worst, 1)} ms; target < 100 ms: ${worst < 100 ? 'met' : 'MISSED'}; longest hold ${fmt(worstGap, 1)} ms`,
);
await afs.close();
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
