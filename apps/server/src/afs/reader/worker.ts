// A reader worker thread: reads, hashes and parses audio files so that neither the main thread
// nor the stream thread spend time on it (answer.ts says how).
import { parentPort } from 'node:worker_threads';
import type { Request } from './answer.js';
import { answer } from './answer.js';

const port = parentPort;
if (port) port.on('message', (msg: Request) => void answer(msg, port));
