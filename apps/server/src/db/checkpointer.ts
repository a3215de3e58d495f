// Moves SQLite's WAL checkpoints off the main thread: the main connection stops checkpointing
// itself and a worker (checkpoint-worker.ts) does it every second. Used by the server only; the
// CLIs are short-lived and keep SQLite's own automatic checkpoints.
import { Worker } from 'node:worker_threads';
import type { Database } from './client.js';

const WORKER = new URL('./checkpoint-worker.js', import.meta.url);

export interface Checkpointer {
  close(): Promise<void>;
}

/** the file behind a `file:` URL, as the better-sqlite3 adapter reads it */
export function sqliteFile(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

export async function startCheckpointer(
  db: Database,
  opts: { intervalMs?: number; onError?: (message: string) => void } = {},
): Promise<Checkpointer | undefined> {
  if (db.kind !== 'sqlite') return undefined;
  const worker = new Worker(WORKER, {
    workerData: { file: sqliteFile(db.url), intervalMs: opts.intervalMs ?? 1000 },
  });
  worker.on('message', (msg: { error?: string }) => {
    if (msg.error) opts.onError?.(msg.error);
  });
  let alive = true;
  let closing = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      alive = false;
      resolve();
    }),
  );
  worker.once('error', (err) => {
    opts.onError?.(String(err));
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });
  // only now: if the worker could not start, SQLite keeps checkpointing by itself
  await db.prisma.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 0');
  worker.once('exit', () => {
    // a dead worker must not leave the log growing without bound
    if (!closing)
      void db.prisma.$queryRawUnsafe('PRAGMA wal_autocheckpoint = 1000').catch(() => undefined);
  });
  return {
    async close() {
      if (!alive) return;
      closing = true;
      worker.postMessage('close');
      await exited;
    },
  };
}
