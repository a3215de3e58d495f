// Chunk tables are written in pieces: a 1 GB mp3 has a 10 MB table, and one 10 MB argument to a
// Prisma raw query costs about 100 MB (the adapter converts it). The row is inserted with its
// first piece and the rest appended, inside the caller's transaction, so it is never seen half
// written.
import type { DbKind, PrismaClient } from '../db/index.js';
import { ph } from '../db/index.js';

/** a piece costs about ten times its size in Prisma while it is written */
export const CHUNK_TABLE_PIECE = 1 << 20;

type Executor = Pick<PrismaClient, '$executeRawUnsafe'>;

/** The bytes the first statement writes (all of them for a table of one piece). */
export function firstPiece(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return bytes.length <= CHUNK_TABLE_PIECE ? bytes : bytes.slice(0, CHUNK_TABLE_PIECE);
}

/** Appends bytes after the first piece to the row of `fileId`. */
export async function appendPieces(
  tx: Executor,
  kind: DbKind,
  fileId: number,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<void> {
  // SQLite's || makes text of two blobs; the cast keeps the bytes and makes them a blob again
  const joined = kind === 'postgres' ? `"offsets" || $1` : `CAST("offsets" || ? AS BLOB)`;
  for (let off = CHUNK_TABLE_PIECE; off < bytes.length; off += CHUNK_TABLE_PIECE) {
    await tx.$executeRawUnsafe(
      `UPDATE "ChunkTable" SET "offsets" = ${joined} WHERE "fileId" = ${ph(kind, 2)}`,
      bytes.slice(off, off + CHUNK_TABLE_PIECE),
      fileId,
    );
  }
}
