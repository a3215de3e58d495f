// Worker thread: blob data (images, lyrics, moods, playlists) in and out of SQLite on a
// connection of its own, the statements of blob-sql.ts one request at a time. Large blobs cost
// seconds to write and Prisma's raw queries copy their bytes many times over; here each piece
// is written once, off the main thread.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { BlobSql } from './blob-sql.js';

const db = new Database((workerData as { file: string }).file, { timeout: 5000 });

const asBuffer = (v: unknown): unknown =>
  v instanceof Uint8Array && !Buffer.isBuffer(v)
    ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    : v;

const sql = new BlobSql(
  'sqlite',
  (text, params) => {
    const st = db.prepare(text);
    const values = params.map(asBuffer);
    if (st.reader) return Promise.resolve(st.all(...values) as Record<string, unknown>[]);
    st.run(...values);
    return Promise.resolve([]);
  },
  async (fn) => {
    // the statements answer at once, so nothing else runs on this connection meanwhile
    db.exec('BEGIN IMMEDIATE');
    try {
      const out = await fn();
      db.exec('COMMIT');
      return out;
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  },
);

export type BlobOp = 'head' | 'piece' | 'putPiece' | 'dropPieces' | 'commit' | 'dropOrphans';
export interface BlobMessage {
  seq: number;
  op: BlobOp;
  args: unknown[];
}

/** bytes go back moved, not copied: a buffer of their own when they share a bigger one */
function movable(v: unknown): { value: unknown; transfer: ArrayBuffer[] } {
  const data = v instanceof Uint8Array ? v : (v as { data?: unknown } | undefined)?.data;
  if (!(data instanceof Uint8Array)) return { value: v, transfer: [] };
  const own =
    data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
  const plain = new Uint8Array(own.buffer, 0, own.byteLength);
  return {
    value: v instanceof Uint8Array ? plain : { ...(v as object), data: plain },
    transfer: [plain.buffer as ArrayBuffer],
  };
}

let queue: Promise<unknown> = Promise.resolve();

parentPort?.on('message', (msg: BlobMessage | 'close') => {
  if (msg === 'close') {
    void queue.finally(() => {
      db.close();
      parentPort?.close();
    });
    return;
  }
  queue = queue.then(async () => {
    try {
      const fn = (sql[msg.op] as (...a: unknown[]) => Promise<unknown>).bind(sql);
      const { value, transfer } = movable(await fn(...msg.args));
      parentPort?.postMessage({ seq: msg.seq, value }, transfer);
    } catch (err) {
      parentPort?.postMessage({
        seq: msg.seq,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
});
