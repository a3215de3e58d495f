// Worker thread: writes and reads blob data (images, lyrics, moods, playlists) on a SQLite
// connection of its own. Large blobs cost seconds to write and Prisma's raw queries copy their
// bytes many times over; here they are written once, off the main thread.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { BlobRequest } from './blob-io.js';

const db = new Database((workerData as { file: string }).file, { timeout: 5000 });

function serve(req: BlobRequest): { id?: number; data?: Uint8Array | null } {
  if (req.op === 'get') {
    const row = db.prepare(`SELECT data FROM "${req.table}" WHERE name = ?`).get(req.name) as
      { data: Buffer } | undefined;
    return { data: row ? new Uint8Array(row.data) : null };
  }
  const cols = Object.keys(req.columns);
  const values = Object.values(req.columns).map((v) =>
    v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v,
  );
  const put = db.transaction((): number => {
    // update first: an insert that hits the unique name would still use up an id
    const set = cols.map((c) => `${c} = ?`).join(', ');
    const updated = db
      .prepare(`UPDATE "${req.table}" SET ${set} WHERE name = ? RETURNING id`)
      .get(...values, req.name) as { id: number } | undefined;
    if (updated) return updated.id;
    const names = ['name', ...cols];
    const inserted = db
      .prepare(
        `INSERT INTO "${req.table}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING id`,
      )
      .get(req.name, ...values) as { id: number };
    return inserted.id;
  });
  return { id: put() };
}

parentPort?.on('message', (msg: { seq: number; req: BlobRequest } | 'close') => {
  if (msg === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  try {
    const out = serve(msg.req);
    const transfer = out.data ? [out.data.buffer as ArrayBuffer] : [];
    parentPort?.postMessage({ seq: msg.seq, ...out }, transfer);
  } catch (err) {
    parentPort?.postMessage({
      seq: msg.seq,
      error: err instanceof Error ? err.message : String(err),
    });
  }
});
