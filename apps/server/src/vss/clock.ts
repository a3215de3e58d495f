// The stream clock: wall-clock microseconds that never jump (performance.now() from the process's
// time origin), so due times computed from a start time cannot drift or go backwards.
import { performance } from 'node:perf_hooks';

const ORIGIN_US = performance.timeOrigin * 1000;

/** microseconds since the epoch, monotonic within this process */
export function nowUs(): number {
  return ORIGIN_US + performance.now() * 1000;
}

/**
 * The time the stream engine runs on, all of it: the engine reads the time and sets its timers
 * only through this. The wall clock streams; tests pass a virtual clock that moves only when the
 * test says (test/virtual-clock.ts), so the state machine runs fast and the same every time.
 */
export interface Clock {
  /** microseconds since the epoch, never going backwards */
  nowUs(): number;
  /** calls `fn` once, `delayMs` milliseconds from now; the returned function cancels it */
  after(delayMs: number, fn: () => void): () => void;
}

export const wallClock: Clock = {
  nowUs,
  after(delayMs, fn) {
    const t = setTimeout(fn, delayMs);
    return () => clearTimeout(t);
  },
};

/** paraslash's `<sec>.<usec>` (docs/paraslash/status.md §2.1: microseconds printed with %lu, unpadded) */
export function formatTimeval(us: number): string {
  const whole = Math.max(0, Math.floor(us));
  return `${Math.floor(whole / 1e6)}.${whole % 1e6}`;
}
