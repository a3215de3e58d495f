// The file being streamed: which chunk goes next, and the run that times its chunks (a run starts
// at play, after a reposition, or where the previous file's audio ends).
import type { StreamFile } from '../senders/types.js';
import type { NextFile } from './file-source.js';
import { startChunk } from './positions.js';

export class CurrentFile {
  /** the next chunk to send */
  currentChunk = 0;
  /** the running stream: undefined while paused, or until a reposition starts a new run */
  run: { startUs: number; sent: number } | undefined;
  /** position of the run's first chunk (status item offset) */
  offsetMs = 0;
  streamStartUs = 0;

  constructor(
    readonly next: NextFile,
    readonly stream: StreamFile,
  ) {}

  /** A run from startUs: the next chunk is due then, each one after it a chunk time later. */
  startRun(startUs: number): void {
    this.run = { startUs, sent: 0 };
    this.offsetMs = Math.round((this.currentChunk * this.next.opened.file.chunkTimeUs) / 1000);
    this.streamStartUs = startUs;
  }

  /** Moves to where a reposition to chunk `requested` resumes (positions.ts), without a run. */
  seek(requested: number): void {
    const hasHeader = this.next.opened.file.headerLen > 0;
    this.currentChunk = startChunk(this.next.opened.chunkTable, requested, hasHeader);
    // a new run at once (paraslash waits for its 1 s eof barrier; HTTP listeners would hear it)
    this.run = undefined;
    this.offsetMs = Math.round((this.currentChunk * this.next.opened.file.chunkTimeUs) / 1000);
  }

  /** Chunk k's bytes: the header for chunk 0 of a header format, else its piece of the file. */
  chunk(k: number): Uint8Array {
    const { opened } = this.next;
    const table = opened.chunkTable;
    return k === 0 && opened.header ? opened.header : opened.data.subarray(table[k], table[k + 1]);
  }
}
