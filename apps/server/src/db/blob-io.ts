// Blob data in and out of the database by the driver itself, not through Prisma: Prisma's raw
// queries turn a 60 MB Uint8Array argument into seconds of work and hundreds of MB of copies.
// SQLite: a worker thread with its own connection (a large write takes seconds, which the main
// thread must not spend); PostgreSQL: a small pg pool (bytea as binary parameters).
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { sqliteFile } from './checkpointer.js';
import type { Database } from './client.js';

/** the blob tables; names are checked against this list before they reach SQL */
const TABLES = new Set(['Image', 'Lyrics', 'Mood', 'Playlist']);
const COLUMNS = new Set(['data', 'hash']);
/** below this a copy costs nothing worth saving */
const HAND_OVER_MIN = 1024 * 1024;

export type BlobColumns = { data: Uint8Array } & Record<string, Uint8Array | string | null>;

export type BlobRequest =
  | { op: 'get'; table: string; name: string }
  | { op: 'put'; table: string; name: string; columns: BlobColumns };

export interface BlobIo {
  /**
   * Stores the columns under `name` (update, else insert); the id of the row. With `handOver`
   * the caller gives up `columns.data` (it may be moved to another thread, not copied).
   */
  put(table: string, name: string, columns: BlobColumns, handOver?: boolean): Promise<number>;
  /** The data of `name`, or undefined. */
  get(table: string, name: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

function check(table: string, columns: Record<string, unknown> = {}): void {
  if (!TABLES.has(table)) throw new Error(`not a blob table: ${table}`);
  for (const c of Object.keys(columns))
    if (!COLUMNS.has(c)) throw new Error(`not a blob column: ${c}`);
}

function sqliteIo(file: string): BlobIo {
  const worker = new Worker(new URL('./blob-worker.js', import.meta.url), { workerData: { file } });
  worker.unref();
  let seq = 0;
  const waiting = new Map<number, { resolve: (m: Answer) => void; reject: (e: Error) => void }>();
  type Answer = { id?: number; data?: Uint8Array | null; error?: string };
  const failAll = (err: Error): void => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (msg: Answer & { seq: number }) => {
    const w = waiting.get(msg.seq);
    waiting.delete(msg.seq);
    if (msg.error !== undefined) w?.reject(new Error(msg.error));
    else w?.resolve(msg);
  });
  worker.on('error', failAll);
  worker.on('exit', () => failAll(new Error('blob writer stopped')));
  const ask = (req: BlobRequest, transfer: ArrayBuffer[] = []): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const n = ++seq;
      waiting.set(n, { resolve, reject });
      worker.ref(); // a pending write keeps the process alive
      worker.postMessage({ seq: n, req }, transfer);
    }).finally(() => {
      if (waiting.size === 0) worker.unref();
    }) as Promise<Answer>;
  return {
    async put(table, name, columns, handOver = false) {
      check(table, columns);
      // moved when the caller hands it over and it is large and owns its whole buffer, else a copy
      const own =
        columns.data.byteLength >= HAND_OVER_MIN &&
        columns.data.byteOffset === 0 &&
        columns.data.byteLength === columns.data.buffer.byteLength;
      const data = handOver && own ? columns.data : columns.data.slice();
      const transfer = [data.buffer as ArrayBuffer];
      return (await ask({ op: 'put', table, name, columns: { ...columns, data } }, transfer)).id!;
    },
    async get(table, name) {
      check(table);
      return (await ask({ op: 'get', table, name })).data ?? undefined;
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.ref(); // closing keeps the process alive until the connection is closed
      worker.postMessage('close');
      await exited;
    },
  };
}

function postgresIo(url: string): BlobIo {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    async put(table, name, columns) {
      check(table, columns);
      const cols = Object.keys(columns);
      const values = Object.values(columns).map((v) =>
        v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v,
      );
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const set = cols.map((c, i) => `${c} = $${i + 1}`).join(', ');
        let r = await client.query<{ id: number }>(
          `UPDATE "${table}" SET ${set} WHERE name = $${cols.length + 1} RETURNING id`,
          [...values, name],
        );
        if (r.rows.length === 0) {
          const names = ['name', ...cols];
          r = await client.query<{ id: number }>(
            `INSERT INTO "${table}" (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
            [name, ...values],
          );
        }
        await client.query('COMMIT');
        return Number(r.rows[0]!.id);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async get(table, name) {
      check(table);
      const r = await pool.query<{ data: Buffer }>(`SELECT data FROM "${table}" WHERE name = $1`, [
        name,
      ]);
      return r.rows[0]?.data;
    },
    close: () => pool.end(),
  };
}

/** Opens blob I/O on the database's own driver. */
export function openBlobIo(db: Database): BlobIo {
  return db.kind === 'postgres' ? postgresIo(db.url) : sqliteIo(sqliteFile(db.url));
}
