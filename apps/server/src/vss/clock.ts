// The stream clock: wall-clock microseconds that never jump (performance.now() from the process's
// time origin), so due times computed from a start time cannot drift or go backwards.
import { performance } from 'node:perf_hooks';

const ORIGIN_US = performance.timeOrigin * 1000;

/** microseconds since the epoch, monotonic within this process */
export function nowUs(): number {
  return ORIGIN_US + performance.now() * 1000;
}

/** paraslash's `<sec>.<usec>` (status.md §2.1: the microseconds are printed with %lu, unpadded) */
export function formatTimeval(us: number): string {
  const whole = Math.max(0, Math.floor(us));
  return `${Math.floor(whole / 1e6)}.${whole % 1e6}`;
}
