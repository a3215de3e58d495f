// Test helper: a reader worker whose reads of paths containing ".stuck" never return, as a read
// from a dead network share does (the thread blocks; no JavaScript runs in it any more).
import { parentPort } from 'node:worker_threads';
import type { Request } from './answer.js';
import { answer } from './answer.js';

const port = parentPort;
port?.on('message', (msg: Request) => {
  const paths = 'open' in msg ? [msg.open.path] : msg.jobs.map((j) => j.path);
  if (paths.some((p) => p.includes('.stuck')))
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  void answer(msg, port);
});
