// Test helper: a Clock (src/vss/clock.ts) whose time moves only when the test moves it. Timers
// run in the order of their due times (then of their setting), each with the clock at its due
// time, so a stream of chunks is the same on every run and takes no wall time.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '../src/vss/clock.js';
import { nowUs } from '../src/vss/clock.js';

/** Lets real work run before the clock moves on (default: one turn of the event loop). */
export type Settle = () => Promise<void>;

interface Timer {
  atUs: number;
  seq: number;
  fn: () => void;
}

export class VirtualClock implements Clock {
  private now: number;
  private seq = 0;
  /** pending timers, earliest first */
  private timers: Timer[] = [];

  /** starts at the wall clock's time, so that times look real (stream_start, dates) */
  constructor(startUs = Math.floor(nowUs())) {
    this.now = startUs;
  }

  nowUs(): number {
    return this.now;
  }

  after(delayMs: number, fn: () => void): () => void {
    const t: Timer = { atUs: this.now + Math.max(0, delayMs) * 1000, seq: this.seq++, fn };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.atUs > t.atUs) i--;
    this.timers.splice(i, 0, t);
    return () => {
      const k = this.timers.indexOf(t);
      if (k >= 0) this.timers.splice(k, 1);
    };
  }

  /**
   * Runs the earliest timer if it is due by `limitUs`, with the clock moved to its due time;
   * false (and the clock at `limitUs`) when none is.
   */
  runNext(limitUs: number): boolean {
    const t = this.timers[0];
    if (!t || t.atUs > limitUs) {
      this.now = Math.max(this.now, limitUs);
      return false;
    }
    this.timers.shift();
    this.now = Math.max(this.now, t.atUs);
    t.fn();
    return true;
  }

  /** Moves the clock `ms` forward, running every timer due on the way, settling before each. */
  async advance(ms: number, settle: Settle = () => nextTurn()): Promise<void> {
    const limitUs = this.now + ms * 1000;
    do await settle();
    while (this.runNext(limitUs));
    await settle();
  }

  /** Moves the clock timer by timer until `check` holds; throws after `ms` of clock time. */
  async until(
    check: () => boolean,
    ms = 10_000,
    what = 'condition',
    settle: Settle = () => nextTurn(),
  ): Promise<void> {
    const limitUs = this.now + ms * 1000;
    for (;;) {
      await settle();
      if (check()) return;
      if (!this.runNext(limitUs)) break;
    }
    await settle();
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  }
}
