// Test helper: a reader worker that answers paths containing ".slow" only after SLOW_MS (a read
// that takes a while) and exits with code 3 on a path containing ".crash" (a worker that dies).
import { parentPort } from 'node:worker_threads';
import type { Request } from './answer.js';
import { answer } from './answer.js';

export const SLOW_MS = 400;

const port = parentPort;
port?.on('message', (msg: Request) => {
  const paths = 'open' in msg ? [msg.open.path] : msg.jobs.map((j) => j.path);
  if (paths.some((p) => p.includes('.crash'))) process.exit(3);
  const delay = paths.some((p) => p.includes('.slow')) ? SLOW_MS : 0;
  setTimeout(() => void answer(msg, port), delay);
});
