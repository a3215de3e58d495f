// A small pool of reader workers, started on demand: a request goes to an idle worker, else to a
// new one while fewer than `size` run, else to the least busy. A worker with nothing pending for
// `idleMs` is stopped (an idle isolate costs ~10 MB of RSS); the next request starts a fresh one.
// A crashed worker fails only its own requests and is dropped. With a deadline, a request that
// takes longer is answered with a transient failure and its worker is dropped at once: a read
// stuck in the kernel (a dead network share, a failing disk) keeps only that abandoned thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { HELPER_WORKER_LIMITS } from '../../worker-limits.js';
import type { OpenJob, OpenResult, ParseJob, ParseResult } from './jobs.js';

/** how long close() waits for workers to stop */
const CLOSE_WAIT_MS = 1000;
/** how long a worker without requests lives on */
const IDLE_MS = 10_000;

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
  /** runs while nothing is pending: stops the worker */
  idle: NodeJS.Timeout | undefined;
}

export interface ReaderPoolOptions {
  /** at most this many worker threads; default: up to 4, one per core */
  size?: number;
  /** a request not answered within this many ms fails as transient (default: none) */
  deadlineMs?: number;
  /** a worker with no request for this long is stopped (default 10 s) */
  idleMs?: number;
  /** the worker script (tests wrap the real one) */
  workerUrl?: URL;
}

export class ReaderPool {
  readonly size: number;
  /** the running workers; a slot leaves this list (synchronously) before its worker is stopped */
  private readonly slots: Slot[] = [];
  private readonly deadlineMs: number | undefined;
  private readonly idleMs: number;
  private readonly workerUrl: URL;
  private nextId = 1;
  private closed = false;

  constructor(opts: ReaderPoolOptions = {}) {
    this.size = opts.size ?? Math.max(1, Math.min(4, os.availableParallelism()));
    this.deadlineMs = opts.deadlineMs;
    this.idleMs = opts.idleMs ?? IDLE_MS;
    this.workerUrl = opts.workerUrl ?? new URL('./worker.js', import.meta.url);
  }

  /** worker threads running now */
  get liveWorkers(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    const worker = new Worker(this.workerUrl, { resourceLimits: HELPER_WORKER_LIMITS });
    const slot: Slot = { worker, pending: new Map(), idle: undefined };
    worker.unref();
    worker.on('message', (msg: Answer & { id: number }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      clearTimeout(p?.timer);
      p?.resolve(msg);
      if (slot.pending.size === 0) this.idleFrom(slot);
    });
    worker.on('error', (err) => this.drop(slot, `reader crashed: ${err.message}`));
    // a worker stopped by the pool has left the list already, so this is a crash or an exit of
    // its own; either way its requests would never be answered
    worker.on('exit', (code) => this.drop(slot, `reader exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private idleFrom(slot: Slot): void {
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      // send() clears this timer on the same thread, so a slot it has just used never gets here
      if (slot.pending.size === 0) this.drop(slot, 'reader idle');
    }, this.idleMs);
    slot.idle.unref();
  }

  /** Takes the slot out of the pool, fails its requests and stops its worker. */
  private drop(slot: Slot, why: string): void {
    clearTimeout(slot.idle);
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.resolve(p.failed(why));
    }
    slot.pending.clear();
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    // not awaited: a thread blocked in read(2) ends only when the read returns
    void slot.worker.terminate().catch(() => {});
  }

  private pick(): Slot {
    const free = this.slots.find((s) => s.pending.size === 0);
    if (free) return free;
    if (this.slots.length < this.size) return this.spawn();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private send(
    body: { jobs: ParseJob[] } | { open: OpenJob },
    failed: Pending['failed'],
    deadline = this.deadlineMs,
  ): Promise<Answer> {
    if (this.closed) return Promise.reject(new Error('reader pool closed'));
    const slot = this.pick();
    clearTimeout(slot.idle);
    slot.idle = undefined;
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(() => this.drop(slot, `read timed out after ${deadline} ms`), deadline);
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
    const slots = this.slots.slice();
    if (slots.length === 0) return;
    const stopped = Promise.all(
      slots.map((s) => new Promise<void>((resolve) => s.worker.once('exit', () => resolve()))),
    );
    for (const s of slots) this.drop(s, 'reader closed');
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
    await Promise.race([stopped, stuck]);
    clearTimeout(timer);
  }
}
