// library.page and library.paths over real HTTP: server-side sort, search and filters on real
// added files and on rows written through the real store, staleness after changes, permissions
// and input errors that name the field. (Speed on 100,000 files: bench/library-page.bench.mjs.)
import { TRPCClientError } from '@trpc/client';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type Client, type TestApi } from '../../../test/api.js';
import { tempDir } from '../../../test/db.js';
import { fixture } from '../../../test/fixtures.js';
import { synthetic } from '../../../test/synthetic-rows.js';

function code(err: unknown): string | undefined {
  return err instanceof TRPCClientError
    ? (err.data as { code?: string } | undefined)?.code
    : undefined;
}

const rejectsWith = (c: string, message: RegExp) => (err: unknown) =>
  code(err) === c && message.test((err as Error).message);

describe('library procedures', () => {
  let api: TestApi;
  let admin: Client;
  let reader: Client;
  let nobody: Client;
  let closeClients: () => void;
  const dir = tempDir('paraweb-library-');
  const COUNT = 60;

  before(async () => {
    api = await startTestApi();
    const a = api.client({ cookie: await api.login('admin') });
    const r = api.client({ cookie: await api.login('reader') });
    const n = api.client({ cookie: await api.login('nobody') });
    [admin, reader, nobody] = [a.trpc, r.trpc, n.trpc];
    closeClients = () => (a.close(), r.close(), n.close());
    for (const f of ['cbr128.mp3', 'vorbis.ogg', 'flac.flac', 'truncated.mp3'])
      fs.copyFileSync(fixture(f), path.join(dir, f));
    await api.afs.files.insertMany(synthetic(COUNT));
  });
  after(async () => {
    closeClients();
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('added files appear as rows; add reports the skipped file with its reason', async () => {
    const added = await admin.afs.add.mutate({ args: [dir] });
    assert.equal(added.output.added, 3);
    assert.equal(added.output.skipped, 1);
    assert.equal(added.output.errors.length, 1);
    assert.equal(added.output.errors[0]!.path, path.join(dir, 'truncated.mp3'));
    assert.notEqual(added.output.errors[0]!.reason, '');

    const page = await reader.library.page.query({ search: dir, sort: 'path' });
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.rows.map((r) => r.basename),
      ['cbr128.mp3', 'flac.flac', 'vorbis.ogg'],
    );
    const flac = page.rows[1]!;
    assert.equal(flac.format, 'flac');
    assert.equal(flac.directory, dir);
    assert.ok(flac.durationMs > 0);
    assert.equal(flac.numPlayed, 0);
    assert.deepEqual(flac.attributes, []);
    // the dummy mode makes every file admissible
    assert.equal(typeof flac.score, 'number');
  });

  test('pages are slices of one order; total counts every match', async () => {
    const all = await admin.library.page.query({ search: '/synthetic/', limit: 500 });
    assert.equal(all.total, COUNT);
    const paths = all.rows.map((r) => r.path);
    assert.deepEqual(paths, [...paths].sort());
    const second = await admin.library.page.query({ search: '/synthetic/', offset: 10, limit: 10 });
    assert.equal(second.total, COUNT);
    assert.deepEqual(
      second.rows.map((r) => r.path),
      paths.slice(10, 20),
    );
    const desc = await admin.library.page.query({ search: '/synthetic/', order: 'desc', limit: 5 });
    assert.deepEqual(
      desc.rows.map((r) => r.path),
      [...paths].reverse().slice(0, 5),
    );
    const beyond = await admin.library.page.query({ search: '/synthetic/', offset: 1000 });
    assert.equal(beyond.total, COUNT);
    assert.deepEqual(beyond.rows, []);
  });

  test('text columns sort case-insensitively, files without the tag last, ties in path order', async () => {
    const { rows } = await admin.library.page.query({
      search: '/synthetic/',
      sort: 'artist',
      limit: 500,
    });
    const artists = rows.map((r) => r.artist);
    const tagged = artists.filter((a) => a !== '');
    assert.deepEqual(
      artists.slice(tagged.length),
      artists.filter((a) => a === ''),
    );
    const keys = tagged.map((a) => a.toLowerCase());
    assert.deepEqual(keys, [...keys].sort());
    for (let i = 1; i < rows.length; i++)
      if (rows[i]!.artist.toLowerCase() === rows[i - 1]!.artist.toLowerCase())
        assert.ok(rows[i - 1]!.path < rows[i]!.path, 'ties keep the path order');
  });

  test('numeric columns sort by number (year, duration, num played)', async () => {
    for (const sort of ['year', 'duration', 'numPlayed'] as const) {
      const { rows } = await admin.library.page.query({ search: '/synthetic/', sort, limit: 500 });
      const value = (r: (typeof rows)[number]): number =>
        sort === 'year'
          ? Number.parseInt(r.year, 10) || 0
          : sort === 'duration'
            ? r.durationMs
            : r.numPlayed;
      const values = rows.map(value);
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
        sort,
      );
    }
  });

  test('search: words anywhere in path and tags, case-insensitively; a wildcard a whole tag', async () => {
    const byAlbum = await admin.library.page.query({ search: 'nEEDLE' });
    assert.deepEqual(
      byAlbum.rows.map((r) => r.title),
      ['Title 42'],
    );
    // words of different fields (album, title, path) all count
    const words = await admin.library.page.query({ search: 'needle 42 d0 t042' });
    assert.deepEqual(
      words.rows.map((r) => r.title),
      ['Title 42'],
    );
    const byTitle = await admin.library.page.query({ search: 'title 1?', limit: 500 });
    assert.deepEqual(
      byTitle.rows.map((r) => r.title).sort(),
      Array.from({ length: 10 }, (_, i) => `Title 1${i}`).sort(),
    );
    const byArtist = await admin.library.page.query({ search: 'ARTIST 3', limit: 500 });
    // both words, anywhere: "artist 3" and also "artist 1" of /t003.mp3 and friends
    assert.ok(byArtist.rows.some((r) => r.artist.toLowerCase() === 'artist 1'));
    const wholeArtist = await admin.library.page.query({ search: 'ARTIST 3*', limit: 500 });
    assert.ok(wholeArtist.total > 0);
    for (const r of wholeArtist.rows) assert.equal(r.artist.toLowerCase(), 'artist 3');
    const byDir = await admin.library.page.query({ search: '/synthetic/d1/', limit: 500 });
    assert.equal(byDir.total, COUNT / 3);
    const none = await admin.library.page.query({ search: 'no such thing anywhere' });
    assert.deepEqual(none, { total: 0, rows: [] });
  });

  test('position: where a file stands in the order, after a touch re-sorted it', async () => {
    const q = { search: '/synthetic/', sort: 'numPlayed', order: 'desc' } as const;
    const page = await admin.library.page.query({ ...q, limit: 500 });
    const [a, b] = [page.rows[37]!, page.rows[50]!];
    assert.deepEqual(await admin.library.position.query({ ...q, ids: [b.id, a.id] }), {
      offset: 37,
    });
    assert.deepEqual(await admin.library.position.query({ ...q, ids: [999_999] }), { offset: -1 });
    // played 30 more times: both move to the top of the most played
    await admin.afs.touch.mutate({ numPlayed: 30, args: [a.path, b.path] });
    const after = await admin.library.position.query({ ...q, ids: [a.id, b.id] });
    assert.equal(after.offset, 0);
    const asc = await admin.library.position.query({ ...q, order: 'asc', ids: [a.id, b.id] });
    assert.equal(asc.offset, page.total - 2);
  });

  test('attribute and format filters follow setatt at once (no stale cache)', async () => {
    await admin.afs.addatt.mutate({ args: ['libfav', 'libskip'] });
    const target = ['/synthetic/d0/t000.mp3', '/synthetic/d1/t001.mp3'];
    const base = { search: '/synthetic/', limit: 500 } as const;
    // fill the caches before the change
    const before = await admin.library.page.query({ ...base, withAttributes: ['libfav'] });
    assert.equal(before.total, 0);
    await admin.afs.setatt.mutate({ args: ['libfav+', ...target] });
    const fav = await admin.library.page.query({ ...base, withAttributes: ['libfav'] });
    assert.deepEqual(
      fav.rows.map((r) => r.path),
      target,
    );
    assert.deepEqual(fav.rows[0]!.attributes, ['libfav']);
    const notFav = await admin.library.page.query({ ...base, withoutAttributes: ['libfav'] });
    assert.equal(notFav.total, COUNT - 2);
    const both = await admin.library.page.query({
      ...base,
      withAttributes: ['libfav'],
      withoutAttributes: ['libskip'],
      format: 'ogg',
    });
    // t000 has format 1 (ogg), t001 mp3
    assert.deepEqual(
      both.rows.map((r) => r.path),
      ['/synthetic/d0/t000.mp3'],
    );
  });

  test('touch and rm show in the next page', async () => {
    const base = { search: '/synthetic/d2/', sort: 'numPlayed', order: 'desc' } as const;
    const first = await admin.library.page.query(base);
    const low = first.rows.at(-1)!;
    await admin.afs.touch.mutate({ numPlayed: 1000, args: [low.path] });
    const touched = await admin.library.page.query(base);
    assert.equal(touched.rows[0]!.path, low.path);
    assert.equal(touched.rows[0]!.numPlayed, 1000);
    await admin.afs.rm.mutate({ args: [low.path] });
    const removed = await admin.library.page.query(base);
    assert.equal(removed.total, first.total - 1);
    assert.ok(!removed.rows.some((r) => r.path === low.path));
  });

  test('library.paths lists every match in page order', async () => {
    const query = { search: '/synthetic/', sort: 'title', order: 'desc' } as const;
    const page = await admin.library.page.query({ ...query, limit: 500 });
    const paths = await reader.library.paths.query(query);
    assert.equal(paths.total, page.total);
    assert.deepEqual(
      paths.paths,
      page.rows.map((r) => r.path),
    );
    assert.deepEqual(
      paths.ids,
      page.rows.map((r) => r.id),
    );
    const part = await reader.library.paths.query({ ...query, offset: 3, limit: 2 });
    assert.deepEqual(part.paths, paths.paths.slice(3, 5));
  });

  test('score sorts best first in descending order', async () => {
    const { rows } = await admin.library.page.query({
      search: '/synthetic/',
      sort: 'score',
      order: 'desc',
      limit: 500,
    });
    const scores = rows.map((r) => r.score ?? Number.NEGATIVE_INFINITY);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  test('permissions and bad input: clear errors', async () => {
    await assert.rejects(
      nobody.library.page.query({}),
      rejectsWith('FORBIDDEN', /library\.page needs/),
    );
    await assert.rejects(
      nobody.library.paths.query({}),
      rejectsWith('FORBIDDEN', /library\.paths needs/),
    );
    await assert.rejects(
      admin.library.page.query({ limit: 501 }),
      rejectsWith('BAD_REQUEST', /^limit: must be at most 500/),
    );
    await assert.rejects(
      // @ts-expect-error not a column
      admin.library.page.query({ sort: 'bogus' }),
      rejectsWith('BAD_REQUEST', /^sort: must be one of path/),
    );
    await assert.rejects(
      admin.library.page.query({ withAttributes: ['nosuchattribute'] }),
      rejectsWith('NOT_FOUND', /no such attribute: nosuchattribute/),
    );
    await assert.rejects(
      admin.library.page.query({ offset: -1 }),
      rejectsWith('BAD_REQUEST', /^offset: must not be negative/),
    );
  });
});
