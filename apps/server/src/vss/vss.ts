// The virtual streaming system in one thread: the stream engine fed by afs, with the live status
// on top. Tests, benchmarks and tools use it; the server runs the engine and the senders on a
// thread of their own instead (worker/host.ts), so that a busy afs cannot make a chunk late.
import type { Afs, OpenedFile } from '../afs/index.js';
import type { Logger } from '../log.js';
import { isMountSink } from '../senders/mounts/mount-stream.js';
import { PassThroughFeeder } from '../senders/mounts/passthrough.js';
import type { MountFeeder, MountProfile, MountSink } from '../senders/mounts/types.js';
import type { SenderTable } from '../senders/table.js';
import type { StreamFile } from '../senders/types.js';
import type { StatusFeed } from '../status/feed.js';
import type { StatusItems } from '../status/items.js';
import type { ChunkTiming } from './chunk-timing.js';
import type { Clock } from './clock.js';
import { CHOOSE_AHEAD_US, MOUNTS_CHOOSE_AHEAD_US, StreamEngine } from './engine.js';
import type { VssFlags, VssState } from './flags.js';
import { VssStatus } from './status-feed.js';

export interface VssOptions {
  afs: Afs;
  senders: SenderTable;
  /** ms between announcing a stream (status) and its first chunk, when streaming (re)starts */
  announceTimeMs: number;
  /** start playing at start() (--autoplay), after autoplayDelayMs */
  autoplay?: boolean;
  autoplayDelayMs?: number;
  /** the engine's time (default: the wall clock; tests: a virtual one) */
  clock?: Clock;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** the live mounts (none: `/` only); their sinks are the senders that are MountSinks ... */
  mounts?: readonly MountProfile[];
  /** ... and these */
  mountSinks?: readonly MountSink[];
  /** what the mounts stream of each file (default: pass-through only) */
  feeder?: MountFeeder;
}

/** What the streaming commands do (commands/vss/playback.ts), wherever the engine runs. */
export interface VssControl {
  play(): void | Promise<void>;
  pause(): void | Promise<void>;
  stop(): void | Promise<void>;
  next(): void | Promise<void>;
  nomore(): void | Promise<void>;
  /** seconds forward (negative: backward); E_NOT_FOUND without a file */
  ff(seconds: number): void | Promise<void>;
  /** to percent of the file; E_NOT_FOUND without a file */
  jmp(percent: number): void | Promise<void>;
  /** files streamed since the server started (si: played) */
  readonly numPlayed: number;
  /** when the current file ends if it plays on (ms since the epoch); undefined: none plays */
  currentEndsAtMs(): number | undefined;
}

export class Vss implements StatusFeed, VssControl {
  private readonly engine: StreamEngine;
  private readonly status: VssStatus;

  constructor(opts: VssOptions) {
    const log = opts.log;
    const profiles = opts.mounts ?? [];
    const mounts = profiles.length > 0;
    this.status = new VssStatus(
      opts.afs,
      () => this.engine.snapshot(),
      () => this.engine.dropUpcoming(),
      log,
      mounts ? (opts.feeder ?? new PassThroughFeeder(profiles)) : undefined,
    );
    const extra = opts.mountSinks ?? [];
    this.engine = new StreamEngine({
      source: this.status.source,
      senders: () => opts.senders.all(),
      mounts: {
        profiles,
        sinks: () => [...opts.senders.all().filter(isMountSink), ...extra],
      },
      chooseAheadUs: mounts ? MOUNTS_CHOOSE_AHEAD_US : CHOOSE_AHEAD_US,
      announceTimeMs: opts.announceTimeMs,
      autoplay: opts.autoplay,
      autoplayDelayMs: opts.autoplayDelayMs,
      clock: opts.clock,
      onChange: () => this.changed(),
      log: log && { info: (msg) => log.info(msg), error: (obj, msg) => log.error(obj, msg) },
    });
  }

  /** Starts the clock: --autoplay, and the status refresh every minute. */
  start(): void {
    this.engine.start();
    this.status.start();
  }

  /** Stops streaming for good (server shutdown): senders are told, timers cleared. */
  close(): void {
    this.engine.close();
    this.status.close();
  }

  play(): void {
    this.engine.play();
  }
  pause(): void {
    this.engine.pause();
  }
  stop(): void {
    this.engine.stop();
  }
  next(): void {
    this.engine.next();
  }
  nomore(): void {
    this.engine.nomore();
  }
  ff(seconds: number): void {
    this.engine.ff(seconds);
  }
  jmp(percent: number): void {
    this.engine.jmp(percent);
  }

  get numPlayed(): number {
    return this.engine.numPlayed;
  }

  get state(): VssState {
    return this.engine.state;
  }

  get flagsNow(): Readonly<VssFlags> {
    return this.engine.flagsNow;
  }

  get timing(): ChunkTiming {
    return this.engine.timing;
  }

  /** what senders registered mid-file need to join in */
  get currentStream(): StreamFile | undefined {
    return this.engine.currentStream;
  }

  /** the open file and the next chunk to send */
  get position(): { file: OpenedFile; chunk: number } | undefined {
    const p = this.engine.position;
    return p && { file: p.file.opened, chunk: p.chunk };
  }

  /** the file chosen ahead, streamed when the current one ends */
  get upcoming(): OpenedFile | undefined {
    return this.engine.upcomingFile?.opened;
  }

  /** afs is choosing and reading a next file */
  get choosing(): boolean {
    return this.engine.choosing;
  }

  resetTiming(): void {
    this.engine.resetTiming();
  }

  // ---- StatusFeed ------------------------------------------------------------------------------

  items(): StatusItems {
    return this.status.items();
  }

  currentEndsAtMs(): number | undefined {
    return this.status.currentEndsAtMs();
  }

  subscribe(listener: () => void): () => void {
    return this.status.subscribe(listener);
  }

  /** Something the status shows changed (also for doors: a command changed afs state). */
  changed(): void {
    this.status.changed();
  }
}
