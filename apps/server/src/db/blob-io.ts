// Blob data in and out of the database by the driver itself, not through Prisma: Prisma's raw
// queries turn a 60 MB Uint8Array argument into seconds of work and hundreds of MB of copies.
// SQLite: a worker thread with its own connection (a large write takes seconds, which the main
// thread must not spend), there only while requests come; PostgreSQL: a small pg pool (bytea as
// binary parameters).
// Blobs over one piece (1 MB) are stored in pieces (blob-sql.ts) and read back piece by piece,
// so neither side ever needs the database to build or hand over one huge value.
import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { HELPER_WORKER_LIMITS } from '../worker-limits.js';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { BlobOp } from './blob-worker.js';
import type { BlobColumns, BlobHead, PiecesWritten } from './blob-sql.js';
import { BlobSql, checkBlob } from './blob-sql.js';
import { sqliteFile } from './checkpointer.js';
import type { Database } from './client.js';

export type { BlobColumns } from './blob-sql.js';

/** size of the pieces of a large blob */
export const BLOB_PIECE = 1 << 20;

/** A blob's data: one buffer, or the pieces it arrived in (in order). */
export type BlobData = Uint8Array | Uint8Array[];

export interface BlobReader {
  /** changes whenever the blob is written again (for ETags); undefined for blobs in one row */
  key?: string;
  pieces: AsyncIterable<Uint8Array>;
}

export interface BlobIo {
  /**
   * Stores the data (and hash) under `name` (update, else insert); the id of the row. With
   * `handOver` the caller gives up the data: its buffers may be moved or dropped as written.
   */
  put(
    table: string,
    name: string,
    columns: { data: BlobData; hash?: string | null },
    handOver?: boolean,
  ): Promise<number>;
  /** The data of `name` in one buffer, or undefined. */
  get(table: string, name: string): Promise<Uint8Array | undefined>;
  /** The data of `name` piece by piece, or undefined. */
  read(table: string, name: string): Promise<BlobReader | undefined>;
  close(): Promise<void>;
}

/** What the two drivers do; BlobSql's methods, run here (pg) or on the worker (SQLite). */
type Ops = Pick<BlobSql, 'head' | 'piece' | 'putPiece' | 'dropPieces' | 'commit' | 'dropOrphans'>;

const size = (d: BlobData): number =>
  Array.isArray(d) ? d.reduce((n, p) => n + p.length, 0) : d.length;

/**
 * The data cut into pieces of BLOB_PIECE bytes, each a buffer of its own (it may be moved to
 * another thread). With `handOver` an array's parts are let go of as soon as they are copied.
 */
function* pieces(
  data: BlobData,
  handOver: boolean,
  alloc: () => Uint8Array,
): Generator<Uint8Array> {
  const parts = Array.isArray(data) ? data : [data];
  let piece = alloc();
  let fill = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (handOver && parts === data) parts[i] = new Uint8Array(0);
    for (let off = 0; off < part.length;) {
      const n = Math.min(part.length - off, BLOB_PIECE - fill);
      piece.set(part.subarray(off, off + n), fill);
      fill += n;
      off += n;
      if (fill === BLOB_PIECE) {
        yield piece;
        piece = alloc();
        fill = 0;
      }
    }
  }
  if (fill > 0) yield piece.slice(0, fill);
}

async function* readPieces(ops: Ops, head: BlobHead): AsyncGenerator<Uint8Array> {
  if ('data' in head) {
    yield head.data;
    return;
  }
  for (let seq = 0; seq < head.count; seq++) {
    const piece = await ops.piece(head.key, seq);
    if (!piece) throw new Error('the blob was replaced while it was read');
    yield piece;
  }
}

function blobIo(ops: Ops, close: () => Promise<void>): BlobIo {
  // leftovers of writes cut short (kill -9) are removed once per process
  const cleaned = ops.dropOrphans().catch(() => undefined);
  return {
    async put(table, name, { data, hash }, handOver = false) {
      checkBlob(table);
      await cleaned;
      const extra: Record<string, string | null> = hash === undefined ? {} : { hash };
      const total = size(data);
      if (total <= BLOB_PIECE) {
        // small: one row, a copy (at most one piece) that may be moved to the writer
        const one = Array.isArray(data) ? Buffer.concat(data) : data.slice();
        return ops.commit(table, name, { data: one, ...extra }, null);
      }
      const written: PiecesWritten = { key: crypto.randomUUID(), count: 0, size: 0 };
      try {
        // the writer hands each piece's buffer back to be filled again: a fresh one per piece
        // would leave the upload's size in garbage on the writer's side until a collection
        let spare: Uint8Array | undefined;
        const alloc = (): Uint8Array => spare ?? new Uint8Array(BLOB_PIECE);
        for (const piece of pieces(data, handOver, alloc)) {
          written.size += piece.length; // before: the piece may be moved away
          const back = await ops.putPiece(written.key, written.count++, piece);
          spare = back.length === BLOB_PIECE ? back : undefined;
        }
        const columns: BlobColumns = { data: new Uint8Array(0), ...extra };
        return await ops.commit(table, name, columns, written);
      } catch (err) {
        await ops.dropPieces(written.key).catch(() => undefined);
        throw err;
      }
    },
    async read(table, name) {
      checkBlob(table);
      const head = await ops.head(table, name);
      if (!head) return undefined;
      return { key: 'key' in head ? head.key : undefined, pieces: readPieces(ops, head) };
    },
    async get(table, name) {
      const reader = await this.read(table, name);
      if (!reader) return undefined;
      const parts: Uint8Array[] = [];
      for await (const p of reader.pieces) parts.push(p);
      return parts.length === 1 ? parts[0] : Buffer.concat(parts);
    },
    close,
  };
}

/** a blob worker with nothing to do stops after this (ms): it holds ~10 MB while it lives */
const BLOB_WORKER_IDLE_MS = 10_000;

/** SQLite's BlobIo (openBlobIo); exported for tests, which also look at its worker */
export function sqliteIo(
  file: string,
  idleMs = BLOB_WORKER_IDLE_MS,
): BlobIo & { workerAlive(): boolean } {
  // started on the first request and stopped when idle: blobs are read at start-up and when a
  // mood, playlist or image changes, and an idle worker is RSS for nothing (docs/streaming.md,
  // "Memory"); the next request starts a fresh one
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let seq = 0;
  type Answer = { value?: unknown; error?: string };
  const waiting = new Map<number, { resolve: (m: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (err: Error): void => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const start = (): Worker => {
    const w = new Worker(new URL('./blob-worker.js', import.meta.url), {
      workerData: { file },
      resourceLimits: HELPER_WORKER_LIMITS,
    });
    w.unref();
    w.on('message', (msg: Answer & { seq: number }) => {
      const p = waiting.get(msg.seq);
      waiting.delete(msg.seq);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.value);
    });
    const ended = (err: Error): void => {
      if (worker !== w) return; // stopped on purpose when nothing waited
      worker = undefined;
      failAll(err);
    };
    w.on('error', ended);
    w.on('exit', () => ended(new Error('blob writer stopped')));
    return w;
  };
  /** Stops the worker when nothing waits; resolves once it has closed its connection. */
  const stop = (): Promise<void> => {
    clearTimeout(idle);
    const w = worker;
    if (!w || waiting.size > 0) return Promise.resolve();
    worker = undefined;
    const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.ref(); // closing keeps the process alive until the connection is closed
    w.postMessage('close');
    return exited;
  };
  const ask = <T>(op: BlobOp, args: unknown[], transfer: ArrayBuffer[] = []): Promise<T> =>
    new Promise((resolve, reject) => {
      clearTimeout(idle);
      const w = (worker ??= start());
      const n = ++seq;
      waiting.set(n, { resolve, reject });
      w.ref(); // a pending request keeps the process alive
      w.postMessage({ seq: n, op, args }, transfer);
    }).finally(() => {
      if (waiting.size > 0) return;
      worker?.unref();
      idle = setTimeout(() => void stop(), idleMs);
      idle.unref();
    }) as Promise<T>;
  // data of its own buffer is moved; a view of a bigger one is copied (moving would take it all)
  const send = (d: Uint8Array): { data: Uint8Array; transfer: ArrayBuffer[] } => {
    const own = d.byteOffset === 0 && d.byteLength === d.buffer.byteLength ? d : d.slice();
    return { data: own, transfer: [own.buffer as ArrayBuffer] };
  };
  const ops: Ops = {
    head: (table, name) => ask('head', [table, name]),
    piece: (key, n) => ask('piece', [key, n]),
    putPiece: (key, n, d) => {
      const { data, transfer } = send(d);
      return ask('putPiece', [key, n, data], transfer);
    },
    dropPieces: (key) => ask('dropPieces', [key]),
    commit: (table, name, columns, written) => {
      const { data, transfer } = send(columns.data);
      return ask('commit', [table, name, { ...columns, data }, written], transfer);
    },
    dropOrphans: () => ask('dropOrphans', []),
  };
  return Object.assign(blobIo(ops, stop), { workerAlive: () => worker !== undefined });
}

/** application_name of the blob connections on PostgreSQL (not "paraweb:", the election's nodes) */
export const BLOB_APP_NAME = 'paraweb-blobs';

function postgresIo(url: string): BlobIo {
  // loaded here, not at the top: a process on SQLite never loads the PostgreSQL driver
  const { Pool } = createRequire(import.meta.url)('pg') as typeof pg;
  // named in pg_stat_activity, for operators (and the test that ends its connections)
  const pool = new Pool({ connectionString: url, max: 2, application_name: BLOB_APP_NAME });
  // an idle connection that dies (PostgreSQL restarted, a backend terminated) is dropped by the
  // pool, which opens a new one for the next query; a query's own error reaches its caller. Not
  // listened for, the pool's 'error' event would end the process (node-postgres, "Pool").
  pool.on('error', () => {});
  const asBuffer = (v: unknown): unknown =>
    v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
  const on =
    (c: pg.Pool | pg.PoolClient) =>
    async (text: string, params: unknown[]): Promise<Record<string, unknown>[]> =>
      (await c.query<Record<string, unknown>>(text, params.map(asBuffer))).rows;
  const sql = new BlobSql('postgres', on(pool), (fn) => fn());
  const ops: Ops = {
    head: (table, name) => sql.head(table, name),
    piece: (key, n) => sql.piece(key, n),
    putPiece: (key, n, d) => sql.putPiece(key, n, d),
    dropPieces: (key) => sql.dropPieces(key),
    dropOrphans: () => sql.dropOrphans(),
    async commit(table, name, columns, written) {
      const client = await pool.connect();
      try {
        const inTx = new BlobSql('postgres', on(client), async (fn) => {
          await client.query('BEGIN');
          try {
            const out = await fn();
            await client.query('COMMIT');
            return out;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          }
        });
        return await inTx.commit(table, name, columns, written);
      } finally {
        client.release();
      }
    },
  };
  return blobIo(ops, () => pool.end());
}

/** Opens blob I/O on the database's own driver. */
export function openBlobIo(db: Database): BlobIo {
  return db.kind === 'postgres' ? postgresIo(db.url) : sqliteIo(sqliteFile(db.url));
}
