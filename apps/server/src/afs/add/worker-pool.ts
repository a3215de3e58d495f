// A small pool of parse workers. Batches go to the least busy worker; a crashed worker fails
// only its own batch and is replaced.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './parse-job.js';

interface Pending {
  resolve: (msg: { results?: ParseResult[]; result?: OpenResult }) => void;
  /** what to answer if the worker dies */
  failed: (why: string) => { results?: ParseResult[]; result?: OpenResult };
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, Math.min(4, os.availableParallelism()))) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./parse-worker.js', import.meta.url));
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (msg: { id: number; results?: ParseResult[]; result?: OpenResult }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      p?.resolve(msg);
    });
    const fail = (why: string): void => {
      for (const p of slot.pending.values()) p.resolve(p.failed(why));
      slot.pending.clear();
      if (!this.closed) this.slots[this.slots.indexOf(slot)] = this.spawn();
    };
    worker.on('error', (err) => fail(`parser crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) fail(`parser exited with code ${code}`);
    });
    return slot;
  }

  private send(
    body: { jobs: ParseJob[] } | { open: OpenJob },
    failed: Pending['failed'],
  ): Promise<{ results?: ParseResult[]; result?: OpenResult }> {
    if (this.closed) return Promise.reject(new Error('parse pool closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.pending.set(id, { resolve, failed });
      slot.worker.postMessage({ id, ...body });
    });
  }

  async parse(jobs: ParseJob[]): Promise<ParseResult[]> {
    const failed = (why: string): { results: ParseResult[] } => ({
      results: jobs.map((j) => ({ path: j.path, ok: false, error: why })),
    });
    return (await this.send({ jobs }, failed)).results ?? failed('no answer').results;
  }

  /** Reads and checks a file for streaming off the main thread. */
  async open(job: OpenJob): Promise<OpenResult> {
    const failed = (why: string): { result: OpenResult } => ({ result: { ok: false, error: why } });
    return (await this.send({ open: job }, failed)).result ?? failed('no answer').result;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
