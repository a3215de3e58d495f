// The play history (issue #17): one row per file on the stream, from its start to its end, skip
// or stop, with the mode and the reason (mood, playlist, schedule entry, request) that chose it and the listeners at its start, at its peak, at its end,
// and how many left while it played.
import type { OpenedFile } from '../afs/index.js';
import type { Database } from '../db/index.js';
import type { StreamBreak } from '../senders/index.js';

export type PlayEnd = 'ended' | 'skipped' | 'stopped';
export type PlayReason = 'mood' | 'playlist' | 'schedule' | 'request';

/** what chose a file: the mode alone, the schedule's entry, or a request */
export interface PlayCause {
  reason: PlayReason;
  scheduleEntryId?: number | undefined;
  requestId?: number | undefined;
}

/** the schedule entry in force now and the mode it puts on (app.ts: the scheduler's state) */
export type ScheduleNow = () => { id: number; mode: string } | undefined;

/**
 * Why `file` plays: its request, else the schedule entry whose mode is the current one, else
 * the current mode's kind (m/... mood, p/... playlist).
 */
export function causeOf(file: OpenedFile, mode: string, schedule: ScheduleNow): PlayCause {
  if (file.request !== undefined) return { reason: 'request', requestId: file.request };
  const entry = schedule();
  if (entry && entry.mode === mode) return { reason: 'schedule', scheduleEntryId: entry.id };
  return { reason: mode.startsWith('p/') ? 'playlist' : 'mood' };
}

const END_OF: Record<'eof' | 'next' | 'stop', PlayEnd> = {
  eof: 'ended',
  next: 'skipped',
  stop: 'stopped',
};

export interface CurrentPlay {
  fileId: number;
  path: string;
  startedAt: Date;
  mode: string;
  reason: PlayReason;
  scheduleEntryId: number | null;
  requestId: number | null;
  listenersStart: number;
  listenersPeak: number;
  tuneOuts: number;
  /** an ff or jmp moved it: played to its end, it still counts as skipped */
  jumped: boolean;
  /** the row, once written */
  row: Promise<number | undefined>;
}

export class PlayRecorder {
  private current: CurrentPlay | undefined;
  /** writes in order: a play's update never overtakes its insert */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly warn: (msg: string) => void,
  ) {}

  get now(): CurrentPlay | undefined {
    return this.current;
  }

  /**
   * A file started streaming; one still open ends here (a file follows a file without a break).
   * The row is written once `counted` (the play's count in afs) has settled: a process killed in
   * between leaves a count without a row, which the next leader records (recordLostPlay).
   */
  started(
    file: { file: Pick<OpenedFile['file'], 'id' | 'path'> },
    mode: string,
    cause: PlayCause,
    listeners: number,
    atMs: number,
    counted: Promise<unknown> = Promise.resolve(),
  ): void {
    if (this.current) this.end('ended', listeners, atMs);
    const data = {
      fileId: file.file.id,
      path: file.file.path,
      startedAt: new Date(atMs),
      mode,
      reason: cause.reason,
      scheduleEntryId: cause.scheduleEntryId ?? null,
      requestId: cause.requestId ?? null,
      listenersStart: listeners,
      listenersPeak: listeners,
    };
    // handled now, not when the write's turn comes: a failed count is no unhandled rejection
    const ready = counted.catch(() => {});
    const row = this.enqueue(async () => {
      await ready;
      return (await this.db.prisma.play.create({ data })).id;
    });
    this.current = { ...data, tuneOuts: 0, jumped: false, row };
  }

  /** listeners now, and how many left since the last report */
  listeners(count: number, left: number): void {
    const c = this.current;
    if (!c) return;
    c.listenersPeak = Math.max(c.listenersPeak, count);
    c.tuneOuts += left;
  }

  ended(reason: StreamBreak, listeners: number, atMs: number): void {
    if (reason === 'repos') {
      if (this.current) this.current.jumped = true;
    } else if (reason === 'eof' && this.current?.jumped) this.end('skipped', listeners, atMs);
    else if (reason === 'eof' || reason === 'next' || reason === 'stop')
      this.end(END_OF[reason], listeners, atMs);
  }

  /** resolves when everything recorded so far is written */
  settled(): Promise<unknown> {
    return this.chain;
  }

  private end(how: PlayEnd, listeners: number, atMs: number): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    const data = {
      endedAt: new Date(atMs),
      endReason: how,
      listenersPeak: c.listenersPeak,
      listenersEnd: listeners,
      tuneOuts: c.tuneOuts,
    };
    void this.enqueue(async () => {
      const id = await c.row;
      if (id !== undefined) await this.db.prisma.play.update({ where: { id }, data });
      return id;
    });
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const p = this.chain.then(fn).catch((err: unknown) => {
      this.warn(`audience: play history not written: ${String(err)}`);
      return undefined;
    });
    this.chain = p;
    return p;
  }
}
