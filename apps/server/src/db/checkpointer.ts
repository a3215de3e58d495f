// Moves SQLite's WAL checkpoints off the main thread: the main connection stops checkpointing
// itself and a worker (checkpoint-worker.ts) does it. The worker runs only when there is work: the
// main thread looks at the -wal file every `intervalMs` (an async stat) and, when it changed since
// the last checkpoint and has grown past `walBytes` (SQLite's own 1000 pages) or waited for
// `maxDelayMs`, asks the worker (starting one if none runs); a worker with nothing to do for
// `idleMs` is stopped, since an idle isolate costs ~8-10 MB of RSS. The threshold is what keeps
// small writes (the audience's every 2 s while listeners are connected) from keeping a worker
// alive. The main connection truncates the log when it starts it again after a complete
// checkpoint (journal_size_limit 0), so the file's size is what was written since. Used by the
// server only; the CLIs are short-lived and keep SQLite's own automatic checkpoints.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { HELPER_WORKER_LIMITS } from '../worker-limits.js';
import type { Database } from './client.js';
import type { CheckpointAnswer, CheckpointRequest } from './checkpoint-worker.js';

const WORKER = new URL('./checkpoint-worker.js', import.meta.url);
/** SQLite's own default, for when no worker can do it */
const AUTOCHECKPOINT_PAGES = 1000;
/** the same in bytes of log: 1000 frames of a 4 KiB page and its 24-byte header */
const WAL_BYTES = AUTOCHECKPOINT_PAGES * (4096 + 24);
/** a smaller log is checkpointed once it has waited this long (readers scan a longer log) */
const MAX_DELAY_MS = 5 * 60_000;

export interface Checkpointer {
  /** a checkpoint worker runs now */
  readonly live: boolean;
  /**
   * Stops the worker and truncates the log. The final checkpoint runs on the main connection:
   * the stream has stopped by then, so nothing waits behind it, and starting an isolate for one
   * statement would only add its ~50 ms and ~10 MB to every shutdown.
   */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /** how often the -wal file is looked at (default 1 s) */
  intervalMs?: number;
  /** a worker without a checkpoint to do for this long is stopped (default 5 s) */
  idleMs?: number;
  /** a changed log of at least this many bytes is checkpointed at the next look (~4 MB) */
  walBytes?: number;
  /** a smaller changed log is checkpointed once it has waited this long (default 5 min) */
  maxDelayMs?: number;
  onError?: (message: string) => void;
}

/** the file behind a `file:` URL, as the better-sqlite3 adapter reads it */
export function sqliteFile(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

interface Live {
  worker: Worker;
  online: Promise<void>;
  pending: Map<number, (a: CheckpointAnswer | { id: number; error: string }) => void>;
  idle: NodeJS.Timeout | undefined;
  /** asked to stop by this side: its exit is no failure */
  stopping: boolean;
  exited: Promise<void>;
}

/**
 * What the log looks like: a writer appends (size) or, after a complete checkpoint, writes from
 * the start again (mtime); a checkpoint changes neither. undefined: no log or an empty one.
 */
async function walState(file: string): Promise<{ key: string; bytes: number } | undefined> {
  try {
    const s = await fs.promises.stat(`${file}-wal`, { bigint: true });
    return s.size === 0n
      ? undefined
      : { key: `${s.ino}:${s.size}:${s.mtimeNs}`, bytes: Number(s.size) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Starts looking at the log; no worker runs until the log changes. undefined for PostgreSQL. */
export function startCheckpointer(
  db: Database,
  opts: CheckpointerOptions = {},
): Checkpointer | undefined {
  if (db.kind !== 'sqlite') return undefined;
  return new OnDemandCheckpointer(db, opts);
}

class OnDemandCheckpointer implements Checkpointer {
  private readonly file: string;
  private readonly idleMs: number;
  private readonly walBytes: number;
  private readonly maxDelayMs: number;
  private readonly onError: (message: string) => void;
  private readonly timer: NodeJS.Timeout;
  private worker: Live | undefined;
  /** workers told to stop, until they have */
  private readonly stopping = new Set<Promise<void>>();
  /** the log as it was when the last complete checkpoint was asked for */
  private done: string | undefined;
  /** when a look first saw the log changed since that checkpoint (undefined: it has not) */
  private changedAt: number | undefined;
  private tick: Promise<void> = Promise.resolve();
  private ticking = false;
  private nextId = 1;
  /** the main connection leaves checkpoints to the workers (from the start) */
  private autoOff = false;
  /** a worker failed: the main connection checkpoints by itself again, for good */
  private failed = false;
  private closed = false;

  constructor(
    private readonly db: Database,
    opts: CheckpointerOptions,
  ) {
    this.file = sqliteFile(db.url);
    // short: a song's play row every few minutes should not keep a thread for the time between
    this.idleMs = opts.idleMs ?? 5000;
    this.walBytes = opts.walBytes ?? WAL_BYTES;
    this.maxDelayMs = opts.maxDelayMs ?? MAX_DELAY_MS;
    this.onError = opts.onError ?? (() => {});
    // from the start, not once a worker is online: the worker may not start for minutes, and the
    // main connection's own checkpoint at 1000 pages would come first; a failed worker turns it
    // back on (fallBack)
    void this.setAutocheckpoint(0);
    void this.db.prisma.$queryRawUnsafe('PRAGMA journal_size_limit = 0').catch(() => {});
    this.timer = setInterval(() => {
      if (this.ticking || this.failed || this.closed) return;
      this.ticking = true;
      this.tick = this.look().finally(() => (this.ticking = false));
    }, opts.intervalMs ?? 1000);
    this.timer.unref();
  }

  get live(): boolean {
    return this.worker !== undefined;
  }

  private async look(): Promise<void> {
    try {
      const state = await walState(this.file);
      if (state === undefined || state.key === this.done) return;
      const now = Date.now();
      this.changedAt ??= now;
      if (state.bytes < this.walBytes && now - this.changedAt < this.maxDelayMs) return;
      const answer = await this.checkpoint();
      if (!answer) return;
      if ('error' in answer) this.onError(answer.error);
      // an incomplete one (a reader held old pages) is tried again on the next look
      else if (answer.busy === 0 && answer.checkpointed >= answer.log) {
        this.done = state.key;
        this.changedAt = undefined;
      }
    } catch (err) {
      this.onError(String(err));
    }
  }

  /** Asks a worker (started if none runs) for a PASSIVE checkpoint; undefined if none could. */
  private async checkpoint(): Promise<CheckpointAnswer | undefined> {
    const live = (this.worker ??= this.spawn());
    clearTimeout(live.idle);
    live.idle = undefined;
    try {
      await live.online;
    } catch {
      return undefined; // fallBack() has said why
    }
    if (live !== this.worker) return undefined;
    const id = this.nextId++;
    const answer = await new Promise<CheckpointAnswer>((resolve) => {
      live.pending.set(id, resolve);
      live.worker.postMessage({ id } satisfies CheckpointRequest);
    });
    if (live === this.worker) {
      // the idle clock starts when the worker has nothing left to do; only look() sends, one
      // request at a time, so nothing is in flight when it runs out
      live.idle = setTimeout(() => this.stop(live), this.idleMs);
      live.idle.unref();
    }
    return answer;
  }

  private spawn(): Live {
    // kept ref'd: close() awaits its exit before the final checkpoint, and it ends when idle
    const worker = new Worker(WORKER, {
      workerData: { file: this.file },
      resourceLimits: HELPER_WORKER_LIMITS,
    });
    const live: Live = {
      worker,
      pending: new Map(),
      idle: undefined,
      stopping: false,
      online: new Promise<void>((resolve, reject) => {
        worker.once('online', resolve);
        worker.once('error', reject);
        // ended before it was online (terminated): the exit handler below falls back
        worker.once('exit', () => reject(new Error('checkpoint worker exited')));
      }),
      exited: new Promise<void>((resolve) => worker.once('exit', () => resolve())),
    };
    // handled in checkpoint(); the catch keeps a failed start from being an unhandled rejection
    live.online.catch(() => {});
    worker.on('message', (msg: CheckpointAnswer) => {
      live.pending.get(msg.id)?.(msg);
      live.pending.delete(msg.id);
    });
    worker.on('error', (err) => this.onError(`checkpoint worker: ${String(err)}`));
    worker.once('exit', (code) => {
      for (const [id, resolve] of live.pending) resolve({ id, error: 'checkpoint worker exited' });
      live.pending.clear();
      clearTimeout(live.idle);
      if (this.worker === live) this.worker = undefined;
      // stopped when idle or at close: no failure; anything else is one
      if (!live.stopping) this.fallBack(`checkpoint worker exited with code ${code}`);
    });
    return live;
  }

  private async setAutocheckpoint(pages: number): Promise<void> {
    this.autoOff = pages === 0;
    await this.db.prisma.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${pages}`).catch(() => {});
  }

  /** A worker could not start or died: the log must not grow without bound. */
  private fallBack(why: string): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.onError(`${why}; SQLite checkpoints on the main connection again`);
    void this.setAutocheckpoint(AUTOCHECKPOINT_PAGES);
  }

  /** Tells the worker to finish (it closes its connection and ends); the next look starts one. */
  private stop(live: Live): void {
    if (this.worker === live) this.worker = undefined;
    live.stopping = true;
    clearTimeout(live.idle);
    live.worker.postMessage('close' satisfies CheckpointRequest);
    const gone = live.exited.then(() => void this.stopping.delete(gone));
    this.stopping.add(gone);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.tick;
    if (this.worker) this.stop(this.worker);
    await Promise.all(this.stopping);
    try {
      await this.db.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (err) {
      this.onError(`final checkpoint: ${String(err)}`);
    }
    // the connection may be used on (tests, a failed start): as SQLite would have it
    if (this.autoOff) await this.setAutocheckpoint(AUTOCHECKPOINT_PAGES);
  }
}
