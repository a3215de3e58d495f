// Large blobs in pieces (blob-io.ts, blob-sql.ts) on SQLite and PostgreSQL: written from the
// parts an upload arrived in, read back whole and piece by piece, replaced and removed without
// leftovers; pieces of a write cut short (kill -9) are never part of a blob and go at the next
// start; blobs stored in one row before pieces existed are read as before.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, test } from 'node:test';
import { DB_KINDS, freshDatabase } from '../../test/db.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { BLOB_APP_NAME, BLOB_PIECE, openBlobIo, sqliteIo } from './blob-io.js';
import { sqliteFile } from './checkpointer.js';
import type { Database } from './client.js';
import { dropPiecesOfRows } from './blob-sql.js';
import { inList } from './sql.js';

const count = async (db: Database, where = ''): Promise<number> => {
  const [r] = await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
    `SELECT count(*) AS n FROM "BlobPiece" ${where}`,
  );
  return Number(r!.n);
};

describe('blobs in pieces', () => {
  for (const kind of DB_KINDS) {
    test(`${kind}: written from parts, read whole and in pieces, replaced, removed`, async () => {
      const tdb = await freshDatabase(kind);
      const io = openBlobIo(tdb.db);
      try {
        const data = crypto.randomBytes(BLOB_PIECE * 2 + 12345);
        // parts of odd sizes, as packets arrive; handed over, so they may be let go of
        const parts = [
          data.subarray(0, 1000),
          data.subarray(1000, 1_500_000),
          data.subarray(1_500_000),
        ];
        const id = await io.put(
          'Image',
          'big',
          { data: parts.map((p) => Buffer.from(p)), hash: 'h1' },
          true,
        );
        assert.equal(await count(tdb.db), 3);
        assert.deepEqual(Buffer.from((await io.get('Image', 'big'))!), data);
        const reader = (await io.read('Image', 'big'))!;
        assert.ok(reader.key);
        const sizes: number[] = [];
        const got: Uint8Array[] = [];
        for await (const p of reader.pieces) {
          sizes.push(p.length);
          got.push(p);
        }
        assert.deepEqual(sizes, [BLOB_PIECE, BLOB_PIECE, 12345]);
        assert.deepEqual(Buffer.concat(got), data);

        // replaced by a small one: same id, the old pieces are gone
        const small = Buffer.from('small');
        assert.equal(await io.put('Image', 'big', { data: small, hash: 'h2' }), id);
        assert.equal(await count(tdb.db), 0);
        assert.deepEqual(Buffer.from((await io.get('Image', 'big'))!), small);
        assert.equal((await io.read('Image', 'big'))!.key, undefined);

        // big again, then a second big one under another name; removal takes only its pieces
        await io.put('Image', 'big', { data, hash: null });
        const other = crypto.randomBytes(BLOB_PIECE + 1);
        const otherId = await io.put('Lyrics', 'other', { data: other });
        assert.equal(await count(tdb.db), 5);
        await tdb.db.prisma.$transaction([
          tdb.db.prisma.$executeRawUnsafe(dropPiecesOfRows('Lyrics', inList(kind, 1)), otherId),
          tdb.db.prisma.$executeRawUnsafe(
            `DELETE FROM "Lyrics" WHERE id = ${kind === 'postgres' ? '$1' : '?'}`,
            otherId,
          ),
        ]);
        assert.equal(await count(tdb.db), 3);
        assert.equal(await io.get('Lyrics', 'other'), undefined);
      } finally {
        await io.close();
        await tdb.drop();
      }
    });

    test(`${kind}: pieces of a write cut short are no blob and go at the next start; old rows read`, async () => {
      const tdb = await freshDatabase(kind);
      try {
        // what kill -9 in the middle of a write leaves: pieces no row names
        await tdb.db.prisma.$executeRawUnsafe(
          `INSERT INTO "BlobPiece" (blob, seq, data) VALUES ('cut-short', 0, ${kind === 'postgres' ? '$1' : '?'})`,
          new Uint8Array(1000),
        );
        // a blob stored in one row before pieces existed
        const old = crypto.randomBytes(3 * BLOB_PIECE);
        await tdb.db.prisma.$executeRawUnsafe(
          `INSERT INTO "Mood" (name, data) VALUES ('old', ${kind === 'postgres' ? '$1' : '?'})`,
          new Uint8Array(old),
        );
        const io = openBlobIo(tdb.db);
        try {
          assert.deepEqual(Buffer.from((await io.get('Mood', 'old'))!), old);
          assert.equal(await io.get('Mood', 'cut-short'), undefined);
          await io.put('Playlist', 'p', { data: Buffer.from('x') }); // waits for the clean-up
          assert.equal(await count(tdb.db, `WHERE blob = 'cut-short'`), 0);
        } finally {
          await io.close();
        }
      } finally {
        await tdb.drop();
      }
    });
  }
});

test('postgres: an idle connection ended by the server (a restart, a terminated backend) is replaced; the process goes on', async () => {
  const tdb = await freshDatabase('postgres');
  const io = openBlobIo(tdb.db);
  try {
    await io.put('Mood', 'm', { data: Buffer.from('kept') });
    const ended = await tdb.db.prisma.$queryRawUnsafe<{ ended: boolean }[]>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      BLOB_APP_NAME,
    );
    assert.ok(ended.length > 0 && ended.every((r) => r.ended), 'its idle connections ended');
    // the pool hears of it while idle (unheard, that 'error' ended the test process)
    await sleep(300);
    assert.equal(Buffer.from((await io.get('Mood', 'm'))!).toString(), 'kept');
  } finally {
    await io.close();
    await tdb.drop();
  }
});

test('sqlite: the worker starts on the first request and stops when idle; the next one starts again', async () => {
  const tdb = await freshDatabase('sqlite');
  const io = sqliteIo(sqliteFile(tdb.db.url), 150);
  try {
    await io.put('Mood', 'm', { data: Buffer.from('first') });
    assert.ok(io.workerAlive(), 'a worker while requests come');
    await sleep(500);
    assert.ok(!io.workerAlive(), 'none after 150 ms without a request');
    assert.equal(Buffer.from((await io.get('Mood', 'm'))!).toString(), 'first');
    // a big write takes several requests (a piece each): the worker lives through all of them
    const big = crypto.randomBytes(BLOB_PIECE * 3 + 7);
    await io.put('Image', 'big', { data: big });
    assert.deepEqual(Buffer.from((await io.get('Image', 'big'))!), big);
    await sleep(500);
    assert.ok(!io.workerAlive());
  } finally {
    await io.close();
    await tdb.drop();
  }
});
