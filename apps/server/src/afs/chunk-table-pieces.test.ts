// Chunk tables larger than one piece (a 1 GB mp3 has a 10 MB table) are written in pieces and
// read back whole, on SQLite and PostgreSQL, when inserted and when replaced; their pieces go
// with the file, and the clean-up of blob pieces no row names leaves them alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DB_KINDS, freshDatabase } from '../../test/db.js';
import { openBlobIo } from '../db/index.js';
import type { Afhi } from './audio-file.js';
import { AudioFileStore, type NewAudioFile } from './audio-file-store.js';
import { CHUNK_TABLE_PIECE } from './chunk-table-pieces.js';

function table(entries: number, seed: number): Uint32Array {
  const t = new Uint32Array(entries);
  // every byte value occurs, zeros included (SQLite's || works on text)
  for (let i = 0; i < entries; i++) t[i] = (i * 2654435761 + seed) >>> 0;
  return t;
}

const afhi: Afhi = {
  format: 0,
  secondsTotal: 1,
  durationMs: 1000,
  chunksTotal: 1,
  chunkTimeUs: 26122,
  bitrate: 128,
  frequency: 44100,
  channels: 2,
  headerLen: 0,
  maxChunkSize: 417,
  techinfo: '',
  artist: '',
  title: '',
  year: '',
  album: '',
  comment: '',
};

function file(path: string, chunkTable: Uint32Array): NewAudioFile {
  return {
    path,
    hash: path.padEnd(40, '0'),
    size: 1,
    lastPlayed: 0,
    attributes: 0n,
    numPlayed: 0,
    imageId: 0,
    lyricsId: 0,
    amp: 0,
    ...afhi,
    chunkTable,
    extra: Uint8Array.of(1, 2, 3),
  };
}

describe('chunk tables in pieces', () => {
  for (const kind of DB_KINDS) {
    test(`${kind}: tables of several pieces, inserted and replaced, read back whole`, async () => {
      const tdb = await freshDatabase(kind);
      try {
        const store = new AudioFileStore(tdb.db);
        // 2.5 pieces, exactly one piece, one entry
        const big = table((CHUNK_TABLE_PIECE * 5) / 8, 7);
        const exact = table(CHUNK_TABLE_PIECE / 4, 9);
        const small = table(1, 11);
        const rows = await store.insertMany([
          file('/a', big),
          file('/b', exact),
          file('/c', small),
        ]);
        const got = async (i: number): Promise<Uint32Array | undefined> =>
          (await store.chunkTable(rows[i]!.id))?.offsets;
        assert.deepEqual(await got(0), big);
        assert.deepEqual(await got(1), exact);
        assert.deepEqual(await got(2), small);
        assert.deepEqual((await store.chunkTable(rows[0]!.id))?.extra, Uint8Array.of(1, 2, 3));

        const bigger = table(CHUNK_TABLE_PIECE + 3, 13);
        await store.replaceFile(
          rows[2]!.id,
          { path: '/c', hash: 'c'.repeat(40), size: 2, afhi },
          bigger,
          undefined,
        );
        assert.deepEqual(await got(2), bigger);
        await store.replaceFile(
          rows[0]!.id,
          { path: '/a', hash: 'a'.repeat(40), size: 2, afhi },
          small,
          undefined,
        );
        assert.deepEqual(await got(0), small);
        const pieces = async (): Promise<number> => {
          const [r] = await tdb.db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
            'SELECT count(*) AS n FROM "BlobPiece"',
          );
          return Number(r!.n);
        };
        assert.equal(await pieces(), 5, "the 4 MB table's pieces; the replaced one's are gone");

        // a blob writer's start-up clean-up takes only pieces nobody names
        const io = openBlobIo(tdb.db);
        await io.put('Lyrics', 'l', { data: Buffer.from('x') });
        await io.close();
        assert.deepEqual(await got(2), bigger);

        await store.deleteMany([rows[2]!.id]);
        assert.equal(await pieces(), 0);
      } finally {
        await tdb.drop();
      }
    });
  }
});
