// Dead air (issue #17): playing is wanted but no chunk went out for N seconds (the stream thread
// died, afs has nothing admissible, the files cannot be read ...). Said once when it starts and
// once when it ends, by the log, the metric, the status (readyz, the audience's status) and the
// webhooks.

export interface DeadAirOptions {
  seconds: number;
  /** playing is wanted now (the play flag) */
  playing: () => boolean;
  onStart: (sinceMs: number) => void;
  onEnd: (lastedMs: number) => void;
  nowMs?: () => number;
}

/** checks run every second; one that comes this late follows a blocked event loop */
const BLOCKED_MS = 2500;

export class DeadAirWatch {
  private lastChunkMs: number;
  private wantedSinceMs: number | undefined;
  /** when the current dead air began (undefined: none) */
  private deadSinceMs: number | undefined;
  /** the last check; a long gap since means this thread was blocked, not the stream */
  private lastCheckMs: number | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: DeadAirOptions) {
    this.now = opts.nowMs ?? Date.now;
    this.lastChunkMs = this.now();
  }

  /** chunks went out in the report made at `atMs` */
  chunks(n: number, atMs: number): void {
    if (n > 0) this.lastChunkMs = atMs;
  }

  get since(): number | undefined {
    return this.deadSinceMs;
  }

  /** Called every second. */
  check(): void {
    const now = this.now();
    const blocked = this.lastCheckMs !== undefined && now - this.lastCheckMs > BLOCKED_MS;
    this.lastCheckMs = now;
    // This thread was busy (a long database write): the stream thread's reports of that time
    // are still queued behind this timer. Judge after they are read, at the next check.
    if (blocked) return;
    if (!this.opts.playing()) {
      this.wantedSinceMs = undefined;
      // stopped or paused on purpose: silence is what was asked for
      if (this.deadSinceMs !== undefined) this.end(now);
      return;
    }
    this.wantedSinceMs ??= now;
    const quietSince = Math.max(this.lastChunkMs, this.wantedSinceMs);
    if (this.deadSinceMs === undefined) {
      if (now - quietSince >= this.opts.seconds * 1000) {
        this.deadSinceMs = quietSince;
        this.opts.onStart(quietSince);
      }
    } else if (this.lastChunkMs > this.deadSinceMs) this.end(now);
  }

  private end(now: number): void {
    const since = this.deadSinceMs!;
    this.deadSinceMs = undefined;
    this.opts.onEnd(now - since);
  }
}
