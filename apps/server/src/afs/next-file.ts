// Choosing and reading the next file to stream (playlists-and-selection.md §2): the best
// admissible file whose content is still what was added. A file that is gone or changed leaves the
// admissible set; one that cannot be read for a passing reason (EMFILE, EIO, a read past its
// deadline, a disk briefly away) stays and is tried again after a growing pause, so that a bad
// minute never empties the selection.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AudioFileRecord } from './audio-file.js';
import type { AudioFileTable } from './audio-file-table.js';
import type { ReaderPoolOptions } from './reader/index.js';
import { ReaderPool } from './reader/index.js';
import type { OpenedFile, Selector } from './selection/index.js';

export type NextChoice =
  | { kind: 'file'; opened: OpenedFile }
  /** nothing is admissible */
  | { kind: 'none' }
  /** admissible files exist, but none could be read now: ask again at `atMs` (Date.now()) */
  | { kind: 'wait'; atMs: number };

export interface StreamReadOptions extends ReaderPoolOptions {
  /** the deadline of a read is this plus the file's size at `minBytesPerMs` */
  deadlineBaseMs?: number;
  minBytesPerMs?: number;
}

/** What the schedule and the request queue add to the mode's choice (set by app.ts). */
export interface NextFilePolicy {
  /** runs before each choice; may change the mode (a scheduled fit switches at a file boundary) */
  beforeChoice?(): Promise<void>;
  /** files to play before the mode's choice, in order (accepted requests: id and request id) */
  front?(): readonly { id: number; request: number }[];
  /** a requested file that cannot be played (gone, unreadable): the queue drops it */
  unplayable?(request: number, why: string): void;
  /** may the mode's candidate be chosen now (fit: it must end near the boundary); when no
   * candidate is accepted the mode's best plays */
  accept?(file: AudioFileRecord): boolean;
}

/**
 * The stream's reader stops this long after its last read: it reads one file per song, so a
 * shorter wait than add's leaves no thread (~10 MB) idle between songs; a first retry or a choice
 * made again comes within it.
 */
const STREAM_READER_IDLE_MS = 3000;

/** first pause after a passing failure; it doubles with each further one, up to the maximum */
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 30_000;
/** passing failures one choice accepts before it waits (they are likely one cause: EMFILE) */
const FAILURES_PER_CHOICE = 4;

export class NextFileChooser {
  private reader: ReaderPool | undefined;
  /** files that failed for a passing reason: how often in a row, and when to try again */
  private readonly backoff = new Map<number, { failures: number; atMs: number }>();
  policy: NextFilePolicy = {};

  constructor(
    private readonly files: AudioFileTable,
    private readonly selector: Selector,
    private readonly opts: StreamReadOptions = {},
  ) {}

  /** One attempt: a checked file, nothing admissible, or when to try again. */
  async choose(log?: (line: string) => void): Promise<NextChoice> {
    await this.policy.beforeChoice?.();
    const now = Date.now();
    const skip = new Set<number>();
    for (const [id, b] of this.backoff) if (b.atMs > now) skip.add(id);
    const requested = await this.requested(skip, log);
    if (requested) return requested;
    let failures = 0;
    const accept = this.policy.accept?.bind(this.policy);
    for (;;) {
      const best = (accept && this.selector.best(skip, accept)) || this.selector.best(skip);
      if (!best) break;
      skip.add(best.id);
      const file = this.files.get(best.id)!;
      const problem = await this.read(file, best.score);
      if ('opened' in problem) {
        this.backoff.delete(file.id);
        return { kind: 'file', opened: problem.opened };
      }
      if (problem.kind !== 'transient') {
        log?.(`${file.path}: ${problem.error}, skipped`);
        this.backoff.delete(file.id);
        this.selector.drop(file.id);
        continue;
      }
      const b = this.backoff.get(file.id) ?? { failures: 0, atMs: 0 };
      b.failures++;
      const pause = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (b.failures - 1));
      b.atMs = Date.now() + pause;
      this.backoff.set(file.id, b);
      log?.(`${file.path}: ${problem.error}, trying again in ${(pause / 1000).toFixed(1)} s`);
      if (++failures >= FAILURES_PER_CHOICE) break;
    }
    let atMs = Infinity;
    for (const [id, b] of this.backoff) {
      if (!this.selector.table.has(id)) this.backoff.delete(id);
      else atMs = Math.min(atMs, b.atMs);
    }
    return atMs === Infinity ? { kind: 'none' } : { kind: 'wait', atMs };
  }

  /** the first queued request whose file can be read now; the others wait or are dropped */
  private async requested(
    skip: ReadonlySet<number>,
    log?: (line: string) => void,
  ): Promise<NextChoice | undefined> {
    for (const r of this.policy.front?.() ?? []) {
      const file = this.files.get(r.id);
      if (!file) {
        this.policy.unplayable?.(r.request, 'the file was removed');
        continue;
      }
      if (skip.has(r.id)) continue;
      const problem = await this.read(file, 0);
      if ('opened' in problem)
        return { kind: 'file', opened: { ...problem.opened, request: r.request } };
      log?.(`${file.path} (request ${r.request}): ${problem.error}`);
      if (problem.kind !== 'transient') this.policy.unplayable?.(r.request, problem.error);
    }
    return undefined;
  }

  /**
   * The next file, waiting through passing failures for as long as it takes; undefined when
   * nothing is admissible or `signal` aborts.
   */
  async next(log?: (line: string) => void, signal?: AbortSignal): Promise<OpenedFile | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      const choice = await this.choose(log);
      if (choice.kind === 'file') return choice.opened;
      if (choice.kind === 'none') return undefined;
      try {
        await sleep(Math.max(0, choice.atMs - Date.now()), undefined, { signal });
      } catch {
        return undefined; // aborted
      }
    }
  }

  private async read(
    file: OpenedFile['file'],
    score: number,
  ): Promise<{ opened: OpenedFile } | { kind: string; error: string }> {
    this.reader ??= new ReaderPool({ size: 1, idleMs: STREAM_READER_IDLE_MS, ...this.opts });
    const deadline =
      (this.opts.deadlineBaseMs ?? 5000) + file.size / (this.opts.minBytesPerMs ?? 5000);
    const { path, hash, format, headerLen } = file;
    const r = await this.reader.open({ path, hash, format, headerLen }, deadline);
    if (!r.ok) return { kind: r.kind, error: r.error };
    let chunks;
    try {
      chunks = await this.files.chunkTable(file.id);
    } catch (err) {
      return { kind: 'transient', error: `chunk table: ${String(err)}` };
    }
    if (!chunks) return { kind: 'changed', error: 'no chunk table' };
    const opened: OpenedFile = {
      file,
      previousLastPlayed: file.lastPlayed,
      score,
      data: r.data,
      chunkTable: chunks.offsets,
      extra: chunks.extra ?? undefined,
      header: r.header,
    };
    return { opened };
  }

  async close(): Promise<void> {
    await this.reader?.close();
    this.reader = undefined;
  }
}
