// The configured relays (issue #21): each one's health and listeners, asked of its Icecast stats
// every few seconds on the main thread (never the stream thread), every relay at once, one round
// at a time, each answer bounded by a timeout; a relay that does not answer, answers badly or
// has its mount down is unhealthy. pick() sends a new listener to the least loaded healthy
// relay: its listeners as last counted plus the listeners sent there since.
import { readRelay } from './read-stats.js';
import type { RelaySpec } from './spec.js';

export const RELAY_EVERY_MS = 5000;

/** one relay as operators see it (never its stats login) */
export interface RelayState {
  name: string;
  url: string;
  statsUrl: string;
  /** null: not asked yet */
  healthy: boolean | null;
  /** as its stats said last; 0 while unhealthy */
  listeners: number;
  /** why it is unhealthy */
  error: string | null;
  /** ms since the epoch of its last answer (or failure) */
  checkedAt: number | null;
}

export interface RelaysOptions {
  specs: readonly RelaySpec[];
  everyMs?: number;
  log: { info: (msg: string) => void; warn: (msg: string) => void };
}

export class Relays {
  private readonly states: RelayState[];
  /** listeners sent to each relay since its last count */
  private readonly sent: number[];
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private readonly changed = new Set<() => void>();

  constructor(private readonly opts: RelaysOptions) {
    this.states = opts.specs.map((s) => ({
      name: s.name,
      url: s.url,
      statsUrl: s.stats.url,
      healthy: null,
      listeners: 0,
      error: null,
      checkedAt: null,
    }));
    this.sent = opts.specs.map(() => 0);
  }

  get size(): number {
    return this.states.length;
  }

  start(): void {
    if (this.timer || this.size === 0) return;
    this.timer = setInterval(() => void this.poll(), this.opts.everyMs ?? RELAY_EVERY_MS);
    this.timer.unref();
    void this.poll();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** called after every round that changed a relay's state */
  onChange(fn: () => void): () => void {
    this.changed.add(fn);
    return () => this.changed.delete(fn);
  }

  now(): RelayState[] {
    return this.states.map((s) => ({ ...s }));
  }

  /** the listeners of the healthy relays */
  listeners(): number {
    return this.states.reduce((n, s) => n + (s.healthy ? s.listeners : 0), 0);
  }

  /** healthy relays: each holds one connection to the tier above, counted there as a listener */
  connected(): number {
    return this.states.filter((s) => s.healthy).length;
  }

  /**
   * The stream URL for a new listener: the least loaded healthy relay; null: none is healthy.
   * `not`: the relay the listener just lost (its player asks again at once, before the next
   * health round has seen it die).
   */
  pick(not?: string): string | null {
    let best = -1;
    for (let i = 0; i < this.states.length; i++) {
      if (!this.states[i]!.healthy || this.states[i]!.url === not) continue;
      if (best < 0 || this.load(i) < this.load(best)) best = i;
    }
    if (best < 0) return null;
    this.sent[best]!++;
    return this.states[best]!.url;
  }

  private load(i: number): number {
    return this.states[i]!.listeners + this.sent[i]!;
  }

  /** One round: every relay asked at once; a round still under way is not doubled. */
  poll(): Promise<void> {
    this.round ??= this.ask().finally(() => (this.round = undefined));
    return this.round;
  }

  private async ask(): Promise<void> {
    // an answer must come before the next round is due
    const timeoutMs = Math.min(2000, Math.max(200, (this.opts.everyMs ?? RELAY_EVERY_MS) - 100));
    const answers = await Promise.all(this.opts.specs.map((s) => readRelay(s, timeoutMs)));
    let changed = false;
    answers.forEach((a, i) => {
      const s = this.states[i]!;
      const before = JSON.stringify([s.healthy, s.listeners, s.error]);
      if (a.ok && s.healthy === false) this.opts.log.info(`relay ${s.name}: healthy again`);
      if (!a.ok && s.healthy !== false)
        this.opts.log.warn(`relay ${s.name}: unhealthy: ${a.message}`);
      s.healthy = a.ok;
      s.listeners = a.ok ? a.listeners : 0;
      s.error = a.ok ? null : a.message;
      s.checkedAt = Date.now();
      // the count now includes whoever was sent there and connected
      this.sent[i] = 0;
      if (JSON.stringify([s.healthy, s.listeners, s.error]) !== before) changed = true;
    });
    if (changed) for (const fn of this.changed) fn();
  }
}
