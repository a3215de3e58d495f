// Applies the schedule on the main thread: at a change it selects the new mode exactly as `select`
// does (the file chosen ahead goes stale, so the next file comes from the new mode: transition
// "next"), and for "cut" also ends the current file at once. "fit" begins a window before the
// start: the files chosen in it must end near the start (exact durations from the chunk tables),
// and the mode switches at the file boundary that falls within the tolerance of it.
import type { AudioFileRecord, NextFilePolicy } from '../afs/index.js';
import type { Occurrence, Transition } from './entry.js';
import type { Schedule } from './schedule.js';
import type { Change } from './timeline.js';
import { localText } from './zoned.js';

export interface SchedulerActions {
  /** what the select command does (the mode, its fallback, the status) */
  select(mode: string): Promise<void>;
  /** the current file ends now (vss next) */
  skip(): Promise<void>;
  /** the current mode (afs_mode) */
  mode(): string;
  /** the next file is decided differently now: a file chosen ahead is stale */
  nextChanged(): void;
  /** durations (ms) of the admissible files of the current mode */
  durations(): Iterable<number>;
  /** when the current file ends if it plays on (the schedule's clock); undefined: none plays */
  currentEndsAt(): number | undefined;
  /** the status shows the schedule: tell its subscribers */
  statusChanged(): void;
  /** this process plays the stream (absent: always, one box). A standby applies nothing: the
   * playout leader does, and a node that takes the lead calls lead() (issue #21) */
  leads?(): boolean;
  log(line: string): void;
}

export interface SchedulerOptions {
  /** a fit begins this long before the start */
  fitWindowMs?: number;
  /** the longest sleep between looks at the clock (clock changes, long waits) */
  maxSleepMs?: number;
}

interface FitPlan {
  at: number;
  mode: string;
  toleranceMs: number;
  /** the shortest admissible file of the outgoing mode: a gap shorter than it cannot be filled */
  shortestMs: number;
  switched: boolean;
}

export interface ScheduleState {
  /** the run in force now */
  active: Occurrence | undefined;
  /** the next change */
  next: Change | undefined;
  /** the mode the schedule asks for now (undefined: nothing scheduled, no default) */
  mode: string | undefined;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private fit: FitPlan | undefined;
  /** the run (entry id @ start) last applied, or "default" */
  private applied: string | undefined;
  private stopped = false;
  private readonly offChange: () => void;

  constructor(
    private readonly schedule: Schedule,
    private readonly actions: SchedulerActions,
    private readonly opts: SchedulerOptions = {},
  ) {
    const onChange = (): void => void this.look('edit');
    schedule.changes.on('change', onChange);
    this.offChange = () => schedule.changes.off('change', onChange);
  }

  private now(): number {
    return this.schedule.now();
  }

  /** applies what is scheduled now (at start: the server selects the scheduled mode) */
  start(): Promise<void> {
    return this.look('start');
  }

  /**
   * This node took the lead: the run in force now applies, as at a start. With `keep` the mode
   * playing stays: an operator chose it during this run and the leader before kept it.
   */
  lead(keep = false): Promise<void> {
    this.fit = undefined;
    this.applied = keep ? this.key(this.schedule.active(this.now())) : undefined;
    return this.look('start');
  }

  /** the run in force now, as noteApplied names it */
  currentRun(): string {
    return this.key(this.schedule.active(this.now()));
  }

  private leads(): boolean {
    return this.actions.leads?.() ?? true;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.offChange();
  }

  state(): ScheduleState {
    const t = this.now();
    return {
      active: this.schedule.active(t),
      next: this.schedule.next(t),
      mode: this.schedule.modeAt(t),
    };
  }

  /** the status items of the schedule (stat, live status) */
  items(): { entry: string; next: string } {
    const { active, next } = this.state();
    const s = this.schedule;
    return {
      entry: active
        ? `${active.entry.id} ${active.entry.mode} until ${localText(active.end, s.zone)}`
        : '',
      next: next
        ? `${localText(next.at, s.zone)} ${next.to ? `${next.to.entry.id} ${next.to.entry.mode} (${next.to.entry.transition})` : (this.schedule.defaultMode ?? 'nothing scheduled')}`
        : '',
    };
  }

  /** what the afs next-file choice asks of the schedule (fit) */
  readonly policy: Pick<NextFilePolicy, 'beforeChoice' | 'accept'> = {
    beforeChoice: async () => {
      const f = this.fit;
      if (!f || f.switched) return;
      // the file chosen now starts when the current one ends: near enough to the start, it is
      // the new mode's first file
      if (f.at - this.startsAt() <= f.toleranceMs) await this.switchFit(f);
    },
    accept: (file: AudioFileRecord) => {
      const f = this.fit;
      if (!f || f.switched) return true;
      const left = f.at - this.startsAt();
      const d = file.durationMs;
      if (d > left + f.toleranceMs) return false; // would run past the start
      const gap = left - d;
      // ends within the tolerance, or leaves room for at least the shortest file
      return gap <= f.toleranceMs || gap >= f.shortestMs;
    },
  };

  /** when the file being chosen will start: at the end of the current one, or now */
  private startsAt(): number {
    return this.actions.currentEndsAt() ?? this.now();
  }

  private async switchFit(f: FitPlan): Promise<void> {
    f.switched = true;
    const late = this.startsAt() - f.at;
    this.actions.log(
      `schedule: fit switches to ${f.mode} ${(late / 1000).toFixed(1)} s from its start`,
    );
    await this.apply(f.mode, 'next');
  }

  private key(o: Occurrence | undefined): string {
    return o ? `${o.entry.id}@${o.start}` : 'default';
  }

  private async apply(mode: string | undefined, how: Transition): Promise<void> {
    if (mode === undefined) return;
    try {
      if (mode !== this.actions.mode()) await this.actions.select(mode);
      if (how === 'cut') await this.actions.skip();
    } catch (err) {
      this.actions.log(`schedule: ${mode}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** applies the run in force if it is not the one applied, then sleeps until the next event */
  private async look(why: 'start' | 'edit' | 'timer'): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const t = this.now();
    const active = this.schedule.active(t);
    const key = this.key(active);
    if (key !== this.applied && !this.leads()) {
      // a standby: its mode chooses nothing anyone hears; the status shows the change
      this.fit = undefined;
      this.actions.statusChanged();
    } else if (key !== this.applied) {
      const previous = this.applied;
      this.applied = key;
      const fit = this.fit;
      this.fit = undefined;
      if (fit && !fit.switched) {
        // the start passed (plus the tolerance) before a file boundary came: cut to it
        this.actions.log(`schedule: fit found no boundary near ${fit.mode}'s start; cutting`);
        await this.apply(active?.entry.mode ?? this.schedule.defaultMode, 'cut');
      } else if (!fit) {
        // a start (or an end: the outgoing entry's transition), or the first look
        const how =
          why === 'timer' ? (active?.entry.transition ?? this.transitionOf(previous)) : 'next';
        await this.apply(
          active?.entry.mode ?? this.schedule.defaultMode,
          how === 'fit' ? 'next' : how,
        );
      }
      this.schedule
        .noteApplied(key, Date.now())
        .catch((err: unknown) => this.actions.log(`schedule: not noted: ${String(err)}`));
      this.actions.statusChanged();
    }
    this.arm();
  }

  private transitionOf(applied: string | undefined): Transition {
    const id = Number(applied?.split('@')[0]);
    return this.schedule.list().find((e) => e.id === id)?.transition ?? 'next';
  }

  private arm(): void {
    if (this.stopped) return;
    const t = this.now();
    const next = this.schedule.next(t);
    const maxSleep = this.opts.maxSleepMs ?? 3_600_000;
    let wake = t + maxSleep;
    if (next) {
      const transition = next.to?.entry.transition ?? 'next';
      const window = this.opts.fitWindowMs ?? 20 * 60_000;
      if (transition === 'fit' && next.to) {
        const toleranceMs = next.to.entry.fitTolerance * 1000;
        if (t >= next.at - window && this.fit?.at !== next.at && this.leads())
          this.beginFit(next, toleranceMs);
        // without a boundary near the start the switch is a cut at start + tolerance
        wake = Math.min(wake, t < next.at - window ? next.at - window : next.at + toleranceMs);
      } else wake = Math.min(wake, next.at);
    }
    this.timer = setTimeout(() => void this.look('timer'), Math.max(0, wake - t));
    this.timer.unref?.();
  }

  private beginFit(next: Change, toleranceMs: number): void {
    let shortestMs = Infinity;
    for (const d of this.actions.durations()) if (d < shortestMs) shortestMs = d;
    this.fit = { at: next.at, mode: next.to!.entry.mode, toleranceMs, shortestMs, switched: false };
    this.actions.log(
      `schedule: fitting files to ${next.to!.entry.mode} at ${localText(next.at, this.schedule.zone)}`,
    );
    // the file chosen ahead was chosen without the boundary in mind
    this.actions.nextChanged();
  }
}
