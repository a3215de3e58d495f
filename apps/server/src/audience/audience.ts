// The audience (issue #17): what the stream thread reports once a second becomes metrics, listener
// sessions, roll-ups and the play history in the database (flushed every two seconds), dead-air
// alerts and webhooks. app.ts hands it to the stream host as its StreamAudience.
import type { Afs, OpenedFile } from '../afs/index.js';
import type { Database } from '../db/index.js';
import type { StreamBreak } from '../senders/index.js';
import type { Relays, RelayState } from '../relays/index.js';
import type { AudienceBatch, StreamAudience } from '../vss/index.js';
import { DeadAirWatch } from './dead-air.js';
import { AudienceMetrics } from './metrics.js';
import { PlayRecorder, causeOf, type ScheduleNow } from './plays.js';
import type { AddressMode } from './privacy.js';
import { Rollups, applyRetention } from './rollups.js';
import { SessionWriter } from './sessions.js';
import { ThresholdWatch, Webhooks } from './webhooks.js';

/** how often sessions and roll-ups are written: a crash loses at most this much */
export const FLUSH_MS = 2000;
const RETENTION_MS = 3_600_000;

export interface AudienceOptions {
  db: Database;
  afs: Afs;
  /** playing is wanted (the play flag) and the stream thread runs: StreamHost.isPlaying/isAlive */
  playing: () => boolean;
  streamUp: () => boolean;
  deadAirSeconds: number;
  addressMode: AddressMode;
  minuteDays: number;
  sessionDays: number;
  webhooks: { urls: readonly string[]; secret?: string | undefined; listeners: readonly number[] };
  log: {
    info: (msg: string) => void;
    warn: (msg: string) => void;
    error: (msg: string) => void;
  };
  flushMs?: number;
  /** the Icecast relays in front of this server (--relay); their listeners join the count */
  relays?: Relays;
}

/** the roll-ups' output for the listeners of the relays (--relay) */
export const RELAYS_OUTPUT = 'relays';

export interface AudienceNow {
  /** this server's listeners per output (an Icecast target's: as that Icecast counts them) */
  listeners: Record<string, number>;
  total: number;
  /** the relays (--relay) and what their stats said last */
  relays: RelayState[];
  /** everyone listening: this server's outputs and the healthy relays' listeners, less the
   * relays' own connections to the tier above (each counted there as a listener) */
  summed: number;
  /** ms since the epoch when the current dead air began */
  deadAirSince: number | null;
}

export class Audience implements StreamAudience {
  readonly metrics: AudienceMetrics;
  readonly webhooks: Webhooks;
  readonly plays: PlayRecorder;
  private readonly sessions: SessionWriter;
  private readonly rollups = new Rollups();
  private readonly deadAir: DeadAirWatch;
  private readonly thresholds: ThresholdWatch;
  private listeners: Record<string, number> = {};
  private total = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly subscribers = new Set<(now: AudienceNow) => void>();
  private scheduleNow: ScheduleNow = () => undefined;
  private offRelays: (() => void) | undefined;

  constructor(private readonly opts: AudienceOptions) {
    const { log } = opts;
    this.metrics = new AudienceMetrics({
      audioFiles: () => opts.afs.files.size,
      streamUp: opts.streamUp,
    });
    this.metrics.setRelaySource(opts.relays ?? { now: () => [] }, () => this.summed());
    this.webhooks = new Webhooks({ ...opts.webhooks, warn: log.warn });
    this.plays = new PlayRecorder(opts.db, log.warn);
    this.sessions = new SessionWriter(opts.db, { addressMode: opts.addressMode, warn: log.warn });
    this.thresholds = new ThresholdWatch(opts.webhooks.listeners, (data) =>
      this.webhooks.send('listeners.threshold', data),
    );
    this.deadAir = new DeadAirWatch({
      seconds: opts.deadAirSeconds,
      playing: opts.playing,
      onStart: (sinceMs) => {
        log.error(`dead air: playing, but no audio has gone out for ${opts.deadAirSeconds} s`);
        this.metrics.deadAir.set(1);
        this.metrics.deadAirEvents.inc();
        this.webhooks.send('dead_air.started', { since: new Date(sinceMs).toISOString() });
        this.publish();
      },
      onEnd: (lastedMs) => {
        log.info(`dead air over after ${(lastedMs / 1000).toFixed(0)} s`);
        this.metrics.deadAir.set(0);
        this.webhooks.send('dead_air.ended', { seconds: Math.round(lastedMs / 1000) });
        this.publish();
      },
    });
  }

  /** The schedule entry in force (the scheduler, made after the audience): plays name it. */
  setScheduleSource(now: ScheduleNow): void {
    this.scheduleNow = now;
  }

  /** Closes what a crash left open, then starts the timers. */
  async start(): Promise<void> {
    const closed = await this.sessions.recover();
    if (closed > 0) this.opts.log.info(`audience: ${closed} sessions left open by a crash closed`);
    const every = (ms: number, fn: () => void): void => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.flushMs ?? FLUSH_MS, () => void this.flush());
    every(1000, () => this.deadAir.check());
    every(RETENTION_MS, () => void this.retention());
    void this.retention();
    if (this.opts.relays) {
      this.offRelays = this.opts.relays.onChange(() => this.publish());
      this.opts.relays.start();
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.offRelays?.();
    await this.opts.relays?.stop();
    await this.flush(true);
    await this.plays.settled();
  }

  /** the listeners of this server and its relays (AudienceNow.summed) */
  summed(): number {
    const r = this.opts.relays;
    if (!r || r.size === 0) return this.total;
    return Math.max(0, this.total - r.connected()) + r.listeners();
  }

  /**
   * The outputs' listeners and, as one more output (`relays`), what the relays add: their
   * listeners less their own connections to the tier above, as summed() counts them. So the charts
   * (the roll-ups) show the whole audience, the figure the live line shows.
   */
  private withRelays(listeners: Record<string, number>): Record<string, number> {
    const r = this.opts.relays;
    if (!r || r.size === 0) return listeners;
    return { ...listeners, [RELAYS_OUTPUT]: Math.max(0, this.summed() - this.total) };
  }

  now(): AudienceNow {
    return {
      listeners: { ...this.listeners },
      total: this.total,
      relays: this.opts.relays?.now() ?? [],
      summed: this.summed(),
      deadAirSince: this.deadAir.since ?? null,
    };
  }

  /** the listeners now, pushed on every report (the Audience page's live line) */
  subscribe(fn: (now: AudienceNow) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  // ---- StreamAudience ----------------------------------------------------------------------

  batch(b: AudienceBatch): void {
    this.metrics.batch(b);
    this.deadAir.chunks(b.chunks, b.atMs);
    this.listeners = b.listeners;
    this.total = Object.values(b.listeners).reduce((a, n) => a + n, 0);
    this.sessions.add(b.opened, b.closed, b.atMs);
    const started: Record<string, number> = {};
    for (const s of b.opened) started[s.output] = (started[s.output] ?? 0) + 1;
    this.rollups.add(this.withRelays(b.listeners), started, b.atMs);
    this.plays.listeners(this.summed(), b.closed.filter((c) => c.end === 'client').length);
    this.thresholds.update(this.summed());
    this.publish();
  }

  /** `counted`: the play's count in afs; its row is written after it (PlayRecorder.started) */
  started(file: OpenedFile | undefined, atMs: number, counted?: Promise<unknown>): void {
    if (!file) return;
    const mode = this.opts.afs.selector.spec;
    const cause = causeOf(file, mode, this.scheduleNow);
    this.plays.started(file, mode, cause, this.summed(), atMs, counted);
    this.webhooks.send('file.started', {
      id: file.file.id,
      path: file.file.path,
      title: file.file.title,
      artist: file.file.artist,
      seconds: file.file.secondsTotal,
      listeners: this.summed(),
    });
  }

  ended(reason: StreamBreak, atMs: number): void {
    this.plays.ended(reason, this.summed(), atMs);
  }

  /** The stream thread died: its listeners are gone and the current file was cut short. */
  threadEnded(atMs: number): void {
    this.plays.ended('stop', 0, atMs);
    this.sessions.endAll(atMs);
    this.listeners = {};
    this.total = 0;
    this.metrics.streamEnded();
    this.publish();
  }

  // -------------------------------------------------------------------------------------------

  /** Writes what gathered; one flush at a time (the next waits for the one under way). */
  flush(all = false): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      try {
        await this.sessions.flush();
        await this.rollups.flush(this.opts.db, all);
      } catch (err) {
        this.opts.log.warn(`audience: not written yet: ${String(err)}`);
      }
    });
    return this.flushing;
  }

  private async retention(): Promise<void> {
    try {
      await applyRetention(this.opts.db, {
        minuteDays: this.opts.minuteDays,
        sessionDays: this.opts.sessionDays,
      });
    } catch (err) {
      this.opts.log.warn(`audience: retention failed: ${String(err)}`);
    }
  }

  private publish(): void {
    if (this.subscribers.size === 0) return;
    const now = this.now();
    for (const fn of this.subscribers) fn(now);
  }
}
