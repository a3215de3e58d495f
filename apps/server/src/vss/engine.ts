// The stream engine (docs/paraslash/vss.md): the play/pause/stop state machine, and the clock that hands each
// chunk of the current file to every sender at stream_start + n * chunk_time. It knows nothing of
// afs: files come from a FileSource, and what the status shows goes out as a snapshot, so the
// engine can run on a thread of its own (worker/stream-worker.ts) or in process (vss.ts). Its time
// comes from the Clock it is given (vss/clock.ts), so tests run it in virtual time.
import { ParaError } from '../errors.js';
import { ChooseAhead } from './choose-ahead.js';
import { CurrentFile } from './current-file.js';
import type { Sender, StreamBreak, StreamChunk, StreamFile } from '../senders/types.js';
import type { EngineOptions, EngineSnapshot } from './engine-options.js';
import { CHOOSE_AHEAD_US, MAX_CATCH_UP_US } from './engine-options.js';
import { MountClock } from './mount-clock.js';
import type { ChunkTiming } from './chunk-timing.js';
import { emptyTiming, recordLateness } from './chunk-timing.js';
import type { Clock } from './clock.js';
import { wallClock } from './clock.js';
import type { NextFile } from './file-source.js';
import type { VssFlags, VssState } from './flags.js';
import { vssState } from './flags.js';
import { ffTarget, jmpTarget } from './positions.js';
import { StepTimer } from './step-timer.js';
import { streamFileOf } from './stream-file.js';

export type { EngineOptions, EngineSnapshot } from './engine-options.js';
export { CHOOSE_AHEAD_US, MOUNTS_CHOOSE_AHEAD_US } from './engine-options.js';

export class StreamEngine {
  private readonly flags: VssFlags = { playing: false, nomore: false, next: true, repos: false };
  private cur: CurrentFile | undefined;
  private readonly ahead: ChooseAhead;
  private reposRequest = 0;
  /** why the next flag is set: what the senders are told when the file is dropped */
  private nextReason: StreamBreak = 'next';
  /** when the previous file's audio ends: the next file starts there (no gap) */
  private gaplessStartUs: number | undefined;
  private autoplayBarrierUs = 0;
  private seq = 0;
  private readonly clock: Clock;
  private readonly timer: StepTimer;
  readonly timing: ChunkTiming = emptyTiming();
  /** files streamed since the server started (si: played) */
  numPlayed = 0;

  /** the live mounts' clock; undefined without mounts */
  private readonly mounts: MountClock | undefined;

  constructor(private readonly opts: EngineOptions) {
    this.clock = opts.clock ?? wallClock;
    this.timer = new StepTimer(this.clock, () => this.step());
    this.ahead = new ChooseAhead(
      opts,
      () => this.timer.closed,
      (next) => this.chosen(next),
    );
    if (opts.mounts && opts.mounts.profiles.length > 0)
      this.mounts = new MountClock({
        ...opts.mounts,
        log: opts.log,
        nowUs: () => this.clock.nowUs(),
      });
  }

  /** --autoplay: starts playing after the autoplay delay. */
  start(): void {
    if (!this.opts.autoplay) return;
    this.autoplayBarrierUs = this.clock.nowUs() + (this.opts.autoplayDelayMs ?? 0) * 1000;
    this.flags.playing = true;
    this.changedAndKick();
  }

  /** Stops streaming for good (server shutdown): senders are told, timers cleared. */
  close(): void {
    if (this.cur) this.dropFile('stop');
    this.timer.close();
  }

  // ---- commands (docs/paraslash/status.md §2.4): they set flags; step() applies them -------------------------

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
    // whatever plays after a stop is chosen then
    this.dropUpcoming();
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
    const { chunksTotal, chunkTimeUs } = cur.next.opened.file;
    const target = ffTarget(cur.currentChunk, chunksTotal, chunkTimeUs, seconds);
    if (target === 'end') return this.next();
    this.reposition(target);
  }

  /** jmp: to percent of the file */
  jmp(percent: number): void {
    const cur = this.needFile();
    this.reposition(jmpTarget(cur.next.opened.file.chunksTotal, percent));
  }

  /** The file chosen ahead is no longer the right one (FileSource: mood changed, file gone). */
  dropUpcoming(): void {
    this.ahead.drop();
    if (this.cur || this.flags.playing) this.kick();
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
  get position(): { file: NextFile; chunk: number } | undefined {
    return this.cur && { file: this.cur.next, chunk: this.cur.currentChunk };
  }

  /** the file chosen ahead, streamed when the current one ends */
  get upcomingFile(): NextFile | undefined {
    return this.ahead.upcoming;
  }

  /** a next file is being asked of the source (afs reads it) */
  get choosing(): boolean {
    return this.ahead.requesting;
  }

  snapshot(): EngineSnapshot {
    return {
      flags: { ...this.flags },
      offsetMs: this.cur?.offsetMs ?? 0,
      streamStartUs: this.cur?.streamStartUs ?? 0,
      key: this.cur?.next.key,
      numPlayed: this.numPlayed,
    };
  }

  /** the live mounts' chunk lateness (undefined without mounts) */
  get mountTiming(): ChunkTiming | undefined {
    return this.mounts?.timing;
  }

  resetTiming(): void {
    Object.assign(this.timing, emptyTiming());
    if (this.mounts) Object.assign(this.mounts.timing, emptyTiming());
  }

  // ---- the engine ----------------------------------------------------------------------------

  private needFile(): CurrentFile {
    if (!this.cur) throw new ParaError('E_NOT_FOUND', 'no audio file');
    return this.cur;
  }

  private reposition(chunk: number): void {
    this.reposRequest = chunk;
    this.flags.repos = true;
    this.flags.next = false;
    this.changedAndKick();
  }

  private changed(): void {
    this.opts.onChange();
  }

  private changedAndKick(): void {
    this.changed();
    this.kick();
  }

  /** Runs step() as soon as possible. */
  private kick(): void {
    this.timer.at(0);
  }

  /** One iteration (docs/paraslash/vss.md §9): apply requests, take the next file, send what is due. */
  private step(): void {
    const f = this.flags;
    const now = this.clock.nowUs();
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
        cur.seek(this.reposRequest);
        this.broadcastBreak('repos');
        this.mounts?.seek(cur.currentChunk * cur.next.opened.file.chunkTimeUs);
        if (f.playing) this.startRun(cur, now);
        this.changed();
      }
    }
    if (!this.cur && f.playing && !f.nomore) {
      if (now < this.autoplayBarrierUs) this.timer.at(this.autoplayBarrierUs);
      else if (this.ahead.upcoming) {
        const next = this.ahead.upcoming;
        this.ahead.upcoming = undefined;
        this.opened(next);
      } else if (this.ahead.requesting) {
        // asked ahead with time to spare (a rendition may be waited for): needed now instead
        this.opts.source.hurry?.();
      } else this.ahead.request();
    }
    if (this.cur && f.playing) this.send(this.cur, now);
  }

  private startRun(cur: CurrentFile, startUs: number): void {
    cur.startRun(startUs);
    this.mounts?.runStart(startUs);
  }

  private send(cur: CurrentFile, now: number): void {
    if (!cur.run) {
      this.startRun(cur, now + this.opts.announceTimeMs * 1000);
      this.changed();
    }
    const run = cur.run!;
    const { opened } = cur.next;
    const { chunkTimeUs } = opened.file;
    const chunksTotal = Math.min(opened.file.chunksTotal, opened.chunkTable.length - 1);
    const senders = this.opts.senders();
    let due = run.startUs + run.sent * chunkTimeUs;
    while (cur.currentChunk < chunksTotal && due <= now) {
      const k = cur.currentChunk;
      const chunk: StreamChunk = { index: k, sent: run.sent, data: cur.chunk(k), dueUs: due };
      const late = this.clock.nowUs() - due;
      for (const s of senders) this.guard(s, () => s.chunk(chunk));
      recordLateness(this.timing, late);
      run.sent++;
      cur.currentChunk++;
      due = run.startUs + run.sent * chunkTimeUs;
    }
    this.mounts?.send(now);
    if (cur.currentChunk >= chunksTotal) {
      // every chunk is out: the next file starts where this one's audio ends; what is left of
      // the mounts' audio (a rendition a little longer than the file) goes out before it
      this.mounts?.sendRest(now);
      this.gaplessStartUs = due;
      this.flags.next = true;
      this.nextReason = 'eof';
      this.kick();
      return;
    }
    const leftUs = (chunksTotal - cur.currentChunk) * chunkTimeUs;
    if (leftUs <= (this.opts.chooseAheadUs ?? CHOOSE_AHEAD_US)) this.ahead.request(leftUs);
    this.timer.at(Math.min(due, this.mounts?.nextDueUs() ?? Infinity));
  }

  private dropFile(reason: StreamBreak): void {
    this.cur = undefined;
    if (reason !== 'eof') this.gaplessStartUs = undefined;
    this.broadcastBreak(reason);
    this.changed();
  }

  /** The source's answer (choose-ahead.ts): streamed at once if none is open, else kept for later. */
  private chosen(next: NextFile | undefined): void {
    const f = this.flags;
    if (this.cur) {
      // chosen ahead; nothing admissible now is asked again when the current file ends
      this.ahead.upcoming = next;
      return;
    }
    if (!next) {
      this.gaplessStartUs = undefined;
      this.opts.log?.info('no admissible files: streaming stops');
      Object.assign(f, { playing: false, nomore: false, next: true, repos: false });
      this.broadcastBreak('stop');
      this.changed();
      return;
    }
    // stopped or paused while afs was busy: the file waits for the next play
    if (!f.playing) {
      this.ahead.upcoming = next;
      return this.changed();
    }
    this.opened(next);
  }

  private opened(next: NextFile): void {
    const f = this.flags;
    const gapless = this.gaplessStartUs;
    this.gaplessStartUs = undefined;
    const stream = streamFileOf(next.opened, ++this.seq);
    const cur = new CurrentFile(next, stream);
    this.cur = cur;
    f.next = false;
    this.numPlayed++;
    this.opts.source.started(next.key);
    for (const s of this.opts.senders()) this.guard(s, () => s.fileStart(stream));
    this.mounts?.fileStart(stream, next.mounts, stream.chunksTotal * stream.chunkTimeUs);
    const now = this.clock.nowUs();
    // after an end of file the stream goes on without a gap; after play or next, the announce time
    if (gapless !== undefined) this.startRun(cur, Math.max(gapless, now - MAX_CATCH_UP_US));
    else this.startRun(cur, now + this.opts.announceTimeMs * 1000);
    this.changed();
    this.send(cur, now);
  }

  private broadcastBreak(reason: StreamBreak): void {
    for (const s of this.opts.senders()) this.guard(s, () => s.streamBreak(reason));
    this.mounts?.streamBreak(reason);
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
