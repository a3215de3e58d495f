// Worker thread: checkpoints the SQLite write-ahead log on its own connection, so the fsyncs of a
// checkpoint never hold up the main thread (where better-sqlite3 runs every query synchronously,
// next to the stream clock). It checkpoints when asked (checkpointer.ts asks when the log
// changed) and ends when told to (the main thread stops it when idle, and at close).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export type CheckpointRequest = { id: number } | 'close';
export type CheckpointAnswer =
  { id: number; log: number; checkpointed: number; busy: number } | { id: number; error: string };

const { file } = workerData as { file: string };
const db = new Database(file, { timeout: 5000 });
const port = parentPort;

port?.on('message', (msg: CheckpointRequest) => {
  if (msg === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    // PASSIVE never waits for the writer; pages written after it started wait for the next turn
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    port.postMessage({
      id: msg.id,
      log: r?.log ?? 0,
      checkpointed: r?.checkpointed ?? 0,
      busy: r?.busy ?? 0,
    });
  } catch (err) {
    port.postMessage({ id: msg.id, error: String(err) });
  }
});
