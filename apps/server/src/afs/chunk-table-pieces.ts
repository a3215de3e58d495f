// Large chunk tables are stored in pieces: a 1 GB mp3 has a 10 MB table, and writing 10 MB in one
// statement, or growing one value piece by piece (SQLite rebuilds it each time), raised the peak
// RSS of `add` by about 100 MB. Tables over one piece go to BlobPiece rows (the table blobs use,
// db/blob-sql.ts) under a key the ChunkTable row names; all in the caller's transaction, so a
// table is never seen half written, and the key is named, so no clean-up takes the pieces.
import crypto from 'node:crypto';
import type { DbKind, PrismaClient } from '../db/index.js';
import { inList, ph } from '../db/index.js';

export const CHUNK_TABLE_PIECE = 1 << 20;

type Executor = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** What the ChunkTable row holds: the bytes, or none and the key of their pieces. */
export interface StoredOffsets {
  offsets: Uint8Array<ArrayBuffer>;
  pieces: string | null;
}

/** Writes the pieces of a large table (in the caller's transaction); small ones stay whole. */
export async function storeOffsets(
  tx: Executor,
  kind: DbKind,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<StoredOffsets> {
  if (bytes.length <= CHUNK_TABLE_PIECE) return { offsets: bytes, pieces: null };
  const key = `chunks ${crypto.randomUUID()}`;
  for (let off = 0, seq = 0; off < bytes.length; off += CHUNK_TABLE_PIECE, seq++) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "BlobPiece" (blob, seq, data) VALUES (${ph(kind, 1)}, ${ph(kind, 2)}, ${ph(kind, 3)})`,
      key,
      seq,
      bytes.slice(off, off + CHUNK_TABLE_PIECE),
    );
  }
  return { offsets: new Uint8Array(0), pieces: key };
}

/** Removes the pieces of these files' tables (before their rows change or go). */
export async function dropOffsetPieces(
  tx: Executor,
  kind: DbKind,
  fileIds: readonly number[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `DELETE FROM "BlobPiece" WHERE blob IN (SELECT pieces FROM "ChunkTable" WHERE "fileId" IN ${inList(kind, fileIds.length)} AND pieces IS NOT NULL)`,
    ...fileIds,
  );
}

/** The bytes of a table stored in pieces. */
export async function loadOffsets(tx: Executor, kind: DbKind, key: string): Promise<Uint8Array> {
  const rows = await tx.$queryRawUnsafe<{ data: Uint8Array }[]>(
    `SELECT data FROM "BlobPiece" WHERE blob = ${ph(kind, 1)} ORDER BY seq`,
    key,
  );
  return Buffer.concat(rows.map((r) => r.data));
}
