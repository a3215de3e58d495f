// The virtual streaming system (vss.md): the play/pause/stop state machine, and the clock that
// hands each chunk of the current file to every sender at stream_start + n * chunk_time.
import type { Afs, OpenedFile } from '../afs/index.js';
import { ParaError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SenderTable } from '../senders/table.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../senders/types.js';
import type { StatusFeed } from '../status/feed.js';
import type { StatusItems } from '../status/items.js';
import type { ChunkTiming } from './chunk-timing.js';
import { emptyTiming, recordLateness } from './chunk-timing.js';
import { nowUs } from './clock.js';
import type { VssFlags, VssState } from './flags.js';
import { vssState } from './flags.js';
import { StatusNotifier } from './notifier.js';
import { ffTarget, jmpTarget, startChunk } from './positions.js';
import { statusItems } from './status.js';
import { streamFileOf } from './stream-file.js';

export interface VssOptions {
  afs: Afs;
  senders: SenderTable;
  /** ms between announcing a stream (status) and its first chunk, when streaming (re)starts */
  announceTimeMs: number;
  /** start playing at start() (--autoplay), after autoplayDelayMs */
  autoplay?: boolean;
  autoplayDelayMs?: number;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** How far behind the clock a gapless file change may start before it starts afresh instead. */
const MAX_CATCH_UP_US = 3_000_000;

interface Current {
  opened: OpenedFile;
  stream: StreamFile;
  /** the next chunk to send */
  currentChunk: number;
  /** the running stream: undefined while paused, or until a reposition starts a new run */
  run: { startUs: number; sent: number } | undefined;
  /** position of the run's first chunk (status item offset) */
  offsetMs: number;
  streamStartUs: number;
}

export class Vss implements StatusFeed {
  private readonly flags: VssFlags = { playing: false, nomore: false, next: true, repos: false };
  private cur: Current | undefined;
  private requesting = false;
  private reposRequest = 0;
  /** why the next flag is set: what the senders are told when the file is dropped */
  private nextReason: StreamBreak = 'next';
  /** when the previous file's audio ends: the next file starts there (no gap) */
  private gaplessStartUs: number | undefined;
  private autoplayBarrierUs = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDueUs = Infinity;
  private readonly notifier: StatusNotifier;
  private closed = false;
  readonly timing: ChunkTiming = emptyTiming();
  /** files streamed since the server started (si: played) */
  numPlayed = 0;

  constructor(private readonly opts: VssOptions) {
    this.notifier = new StatusNotifier(opts.afs, () => this.cur?.opened.file.id, opts.log);
  }

  /** Starts the clock: --autoplay, and the status refresh every minute. */
  start(): void {
    if (this.opts.autoplay) {
      this.autoplayBarrierUs = nowUs() + (this.opts.autoplayDelayMs ?? 0) * 1000;
      this.flags.playing = true;
      this.changed();
      this.kick();
    }
    this.notifier.start();
  }

  /** Stops streaming for good (server shutdown): senders are told, timers cleared. */
  close(): void {
    if (this.cur) this.dropFile('stop');
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.notifier.close();
  }

  // ---- commands (status.md §2.4): they set flags; step() applies them -------------------------

  play(): void {
    this.flags.playing = true;
    this.flags.nomore = false;
    this.changedAndKick();
  }

  pause(): void {
    if (!this.flags.playing) return;
    this.flags.playing = false;
    this.flags.next = false;
    this.changedAndKick();
  }

  stop(): void {
    this.flags.playing = false;
    this.flags.repos = false;
    this.flags.next = true;
    this.nextReason = 'stop';
    this.changedAndKick();
  }

  next(): void {
    this.flags.next = true;
    this.nextReason = 'next';
    this.changedAndKick();
  }

  nomore(): void {
    if (vssState(this.flags) === 'stopped') return;
    this.flags.nomore = true;
    this.changedAndKick();
  }

  /** ff: seconds forward (negative: backward); past the end skips to the next file */
  ff(seconds: number): void {
    const cur = this.needFile();
    const { chunksTotal, chunkTimeUs } = cur.opened.file;
    const target = ffTarget(cur.currentChunk, chunksTotal, chunkTimeUs, seconds);
    if (target === 'end') return this.next();
    this.reposition(target);
  }

  /** jmp: to percent of the file */
  jmp(percent: number): void {
    const cur = this.needFile();
    this.reposition(jmpTarget(cur.opened.file.chunksTotal, percent));
  }

  get state(): VssState {
    return vssState(this.flags);
  }

  get flagsNow(): Readonly<VssFlags> {
    return { ...this.flags };
  }

  /** what senders registered mid-file need to join in */
  get currentStream(): StreamFile | undefined {
    return this.cur?.stream;
  }

  /** the open file and the next chunk to send */
  get position(): { file: OpenedFile; chunk: number } | undefined {
    return this.cur && { file: this.cur.opened, chunk: this.cur.currentChunk };
  }

  resetTiming(): void {
    Object.assign(this.timing, emptyTiming());
  }

  // ---- StatusFeed ------------------------------------------------------------------------------

  items(): StatusItems {
    return statusItems(this.opts.afs, {
      flags: this.flags,
      offsetMs: this.cur?.offsetMs ?? 0,
      streamStartUs: this.cur ? this.cur.streamStartUs : 0,
      nowUs: nowUs(),
      opened: this.cur?.opened,
    });
  }

  subscribe(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  /** Something the status shows changed (also for doors: a command changed afs state). */
  changed(): void {
    this.notifier.changed();
  }

  // ---- the engine ----------------------------------------------------------------------------

  private needFile(): Current {
    if (!this.cur) throw new ParaError('E_NOT_FOUND', 'no audio file');
    return this.cur;
  }

  private reposition(chunk: number): void {
    this.reposRequest = chunk;
    this.flags.repos = true;
    this.flags.next = false;
    this.changedAndKick();
  }

  private changedAndKick(): void {
    this.changed();
    this.kick();
  }

  /** Runs step() as soon as possible. */
  private kick(): void {
    this.schedule(0);
  }

  private schedule(atUs: number): void {
    if (this.closed || atUs >= this.timerDueUs) return;
    clearTimeout(this.timer);
    this.timerDueUs = atUs;
    const delayMs = Math.max(0, Math.ceil((atUs - nowUs()) / 1000));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueUs = Infinity;
      this.step();
    }, delayMs);
  }

  /** One iteration (vss.md §9): apply requests, ask afs for a file, send what is due. */
  private step(): void {
    const f = this.flags;
    const now = nowUs();
    if (f.next && this.cur) {
      let reason = this.nextReason;
      if (f.nomore) {
        Object.assign(f, { playing: false, nomore: false, next: true, repos: false });
        reason = 'stop';
      } else if (!f.playing) reason = 'stop';
      this.dropFile(reason);
    }
    const cur = this.cur;
    if (cur && !f.playing && cur.run) {
      cur.run = undefined;
      this.broadcastBreak('pause');
    }
    if (f.repos) {
      f.repos = false;
      if (cur) {
        const hasHeader = cur.opened.file.headerLen > 0;
        cur.currentChunk = startChunk(cur.opened.chunkTable, this.reposRequest, hasHeader);
        // a new run at once (paraslash waits for its 1 s eof barrier; HTTP listeners would hear it)
        cur.run = undefined;
        cur.offsetMs = Math.round((cur.currentChunk * cur.opened.file.chunkTimeUs) / 1000);
        this.broadcastBreak('repos');
        if (f.playing) this.startRun(cur, now);
        this.changed();
      }
    }
    if (!this.cur && f.playing && !f.nomore && !this.requesting) {
      if (now < this.autoplayBarrierUs) this.schedule(this.autoplayBarrierUs);
      else this.requestNext();
    }
    if (this.cur && f.playing) this.send(this.cur, now);
  }

  private startRun(cur: Current, startUs: number): void {
    cur.run = { startUs, sent: 0 };
    cur.offsetMs = Math.round((cur.currentChunk * cur.opened.file.chunkTimeUs) / 1000);
    cur.streamStartUs = startUs;
  }

  private send(cur: Current, now: number): void {
    if (!cur.run) {
      this.startRun(cur, now + this.opts.announceTimeMs * 1000);
      this.changed();
    }
    const run = cur.run!;
    const { chunkTimeUs } = cur.opened.file;
    const table = cur.opened.chunkTable;
    const chunksTotal = Math.min(cur.opened.file.chunksTotal, table.length - 1);
    const senders = this.opts.senders.all();
    let due = run.startUs + run.sent * chunkTimeUs;
    while (cur.currentChunk < chunksTotal && due <= now) {
      const k = cur.currentChunk;
      const data =
        k === 0 && cur.opened.header
          ? cur.opened.header
          : cur.opened.data.subarray(table[k], table[k + 1]);
      const chunk: StreamChunk = { index: k, sent: run.sent, data, dueUs: due };
      const late = nowUs() - due;
      for (const s of senders) this.guard(s, () => s.chunk(chunk));
      recordLateness(this.timing, late);
      run.sent++;
      cur.currentChunk++;
      due = run.startUs + run.sent * chunkTimeUs;
    }
    if (cur.currentChunk >= chunksTotal) {
      // every chunk is out: the next file starts where this one's audio ends
      this.gaplessStartUs = due;
      this.flags.next = true;
      this.nextReason = 'eof';
      this.kick();
    } else this.schedule(due);
  }

  private dropFile(reason: StreamBreak): void {
    this.cur = undefined;
    if (reason !== 'eof') this.gaplessStartUs = undefined;
    this.broadcastBreak(reason);
    this.changed();
  }

  private requestNext(): void {
    this.requesting = true;
    const log = this.opts.log;
    this.opts.afs
      .openNext((line) => log?.warn(line))
      .then(
        (opened) => this.opened(opened),
        (err: unknown) => {
          log?.error({ err }, 'could not open the next audio file');
          this.opened(undefined);
        },
      );
  }

  private opened(opened: OpenedFile | undefined): void {
    this.requesting = false;
    if (this.closed) return;
    const f = this.flags;
    const gapless = this.gaplessStartUs;
    this.gaplessStartUs = undefined;
    if (!opened) {
      this.opts.log?.info('no admissible files: streaming stops');
      Object.assign(f, { playing: false, nomore: false, next: true, repos: false });
      this.broadcastBreak('stop');
      this.changed();
      return;
    }
    // stopped or paused while afs was busy: the file is not streamed
    if (!f.playing) return this.changed();
    const stream = streamFileOf(opened, ++this.seq);
    const cur: Current = {
      opened,
      stream,
      currentChunk: 0,
      run: undefined,
      offsetMs: 0,
      streamStartUs: 0,
    };
    this.cur = cur;
    f.next = false;
    this.numPlayed++;
    for (const s of this.opts.senders.all()) this.guard(s, () => s.fileStart(stream));
    const now = nowUs();
    // after an end of file the stream goes on without a gap; after play or next, the announce time
    if (gapless !== undefined) this.startRun(cur, Math.max(gapless, now - MAX_CATCH_UP_US));
    else this.startRun(cur, now + this.opts.announceTimeMs * 1000);
    this.changed();
    this.send(cur, now);
  }

  private broadcastBreak(reason: StreamBreak): void {
    for (const s of this.opts.senders.all()) this.guard(s, () => s.streamBreak(reason));
  }

  /** A failing sender is logged; the stream and the other senders go on. */
  private guard(sender: Sender, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.opts.log?.error({ err, sender: sender.name }, 'sender failed');
    }
  }
}
