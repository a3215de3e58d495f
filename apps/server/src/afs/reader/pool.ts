// A small pool of reader workers. Requests go to the least busy worker; a crashed worker fails
// only its own requests and is replaced. With a deadline, a request that takes longer is answered
// with a transient failure and its worker is replaced at once: a read stuck in the kernel (a dead
// network share, a failing disk) keeps only that abandoned thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './jobs.js';

/** how long close() waits for workers to stop */
const CLOSE_WAIT_MS = 1000;

type Answer = { results?: ParseResult[]; result?: OpenResult };

interface Pending {
  resolve: (msg: Answer) => void;
  /** what to answer if the worker dies or misses the deadline */
  failed: (why: string) => Answer;
  timer: NodeJS.Timeout | undefined;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface ReaderPoolOptions {
  /** worker threads; default: up to 4, one per core */
  size?: number;
  /** a request not answered within this many ms fails as transient (default: none) */
  deadlineMs?: number;
  /** the worker script (tests wrap the real one) */
  workerUrl?: URL;
}

export class ReaderPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly deadlineMs: number | undefined;
  private readonly workerUrl: URL;
  private nextId = 1;
  private closed = false;

  constructor(opts: ReaderPoolOptions = {}) {
    this.size = opts.size ?? Math.max(1, Math.min(4, os.availableParallelism()));
    this.deadlineMs = opts.deadlineMs;
    this.workerUrl = opts.workerUrl ?? new URL('./worker.js', import.meta.url);
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl);
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (msg: Answer & { id: number }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      clearTimeout(p?.timer);
      p?.resolve(msg);
    });
    worker.on('error', (err) => this.retire(slot, `reader crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (code !== 0) this.retire(slot, `reader exited with code ${code}`);
    });
    return slot;
  }

  /** Fails the slot's requests and puts a fresh worker in its place. */
  private retire(slot: Slot, why: string): void {
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.resolve(p.failed(why));
    }
    slot.pending.clear();
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    this.slots[i] = this.spawn();
    // not awaited: a thread blocked in read(2) ends only when the read returns
    void slot.worker.terminate().catch(() => {});
  }

  private send(
    body: { jobs: ParseJob[] } | { open: OpenJob },
    failed: Pending['failed'],
    deadline = this.deadlineMs,
  ): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error('reader pool closed'));
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(() => this.retire(slot, `read timed out after ${deadline} ms`), deadline);
      timer?.unref();
      slot.pending.set(id, { resolve, failed, timer });
      slot.worker.postMessage({ id, ...body });
    });
  }

  /** `add`: hashes and parses a batch of files. */
  async parse(jobs: ParseJob[]): Promise<ParseResult[]> {
    const failed = (why: string): { results: ParseResult[] } => ({
      results: jobs.map((j) => ({ path: j.path, ok: false, error: why })),
    });
    return (await this.send({ jobs }, failed)).results ?? failed('no answer').results;
  }

  /**
   * Streaming: reads a whole file and checks it against its stored hash. `deadlineMs` replaces
   * the pool's deadline for this request (a big file may take longer).
   */
  async open(job: OpenJob, deadlineMs?: number): Promise<OpenResult> {
    const failed = (why: string): { result: OpenResult } => ({
      result: { ok: false, error: why, kind: 'transient' },
    });
    const deadline = deadlineMs === undefined ? this.deadlineMs : Math.round(deadlineMs);
    const answer = await this.send({ open: job }, failed, deadline);
    return answer.result ?? failed('no answer').result;
  }

  /** Fails what is pending and stops the workers (waiting at most a second for stuck ones). */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) this.retire(s, 'reader closed');
    const stopped = Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([stopped, stuck]);
    clearTimeout(timer);
  }
}
