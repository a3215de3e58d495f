// The database: open it, bring its schema up to date, close it.
export { openDatabase, isPostgresUrl } from './client.js';
export type { Database, DbKind, PrismaClient } from './client.js';
export { migrate } from './migrate.js';
export type { AudioFile, Attribute } from './generated/sqlite/client.js';
export { ph, valuesList, inList } from './sql.js';
export { sqliteFile, startCheckpointer, type Checkpointer } from './checkpointer.js';
export {
  openBlobIo,
  BLOB_PIECE,
  type BlobIo,
  type BlobColumns,
  type BlobData,
  type BlobReader,
} from './blob-io.js';
export { dropPiecesOfRows } from './blob-sql.js';
