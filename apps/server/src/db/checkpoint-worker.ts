// Worker thread: checkpoints the SQLite write-ahead log on its own connection, so the fsyncs of a
// checkpoint never hold up the main thread (where better-sqlite3 runs every query synchronously,
// next to the stream clock).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file, { timeout: 5000 });

function checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void {
  try {
    // PASSIVE never waits for the writer; pages written after it started wait for the next turn
    db.pragma(`wal_checkpoint(${mode})`);
  } catch (err) {
    parentPort?.postMessage({ error: String(err) });
  }
}

const timer = setInterval(() => checkpoint('PASSIVE'), intervalMs);
parentPort?.on('message', (msg: unknown) => {
  if (msg !== 'close') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort?.close();
});
