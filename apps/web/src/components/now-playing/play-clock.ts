// Where the current file is, from the status items: `offset` is the position at `stream_start`
// (server clock), `current_time` the server clock when the status was made; between pushes the
// browser's own clock advances it, so the two clocks never need to agree.
import type { StatusObject } from '@/lib/socket';

export type PlayState = 'playing' | 'paused' | 'stopped';

export interface PlayClock {
  path: string;
  state: PlayState;
  /** seconds of the whole file (0 when unknown) */
  total: number;
  /** the position (s) at `anchorMs` */
  base: number;
  /** browser time (ms) when `base` was right */
  anchorMs: number;
}

/** "sec.usec" (usec not zero-padded, as paraslash prints a timeval) to seconds */
export function parseTimeval(value: string | undefined): number | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(value ?? '');
  if (!m) return undefined;
  return Number(m[1]) + Number(m[2]) / 1e6;
}

function num(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export function stateOf(status: StatusObject | undefined): PlayState {
  const s = status?.status;
  return s === 'playing' || s === 'paused' ? s : 'stopped';
}

/** the position (s) the clock shows at browser time `nowMs`, within 0..total */
export function positionAt(clock: PlayClock, nowMs: number): number {
  const moving = clock.state === 'playing' ? Math.max(0, nowMs - clock.anchorMs) / 1000 : 0;
  const pos = clock.base + moving;
  return clock.total > 0 ? Math.min(pos, clock.total) : pos;
}

/** The clock after a status push that arrived at browser time `nowMs`. */
export function nextClock(
  prev: PlayClock | undefined,
  status: StatusObject,
  nowMs: number,
): PlayClock {
  const state = stateOf(status);
  const path = status.path ?? '';
  const total = num(status.seconds_total);
  const offset = num(status.offset);
  if (state === 'stopped' || !path) return { path, state, total, base: 0, anchorMs: nowMs };
  if (state === 'paused') {
    // a pause does not move `offset` on the server: keep where this tab saw the file stop
    const frozen = prev && prev.path === path ? positionAt(prev, nowMs) : offset;
    return { path, state, total, base: frozen, anchorMs: nowMs };
  }
  const start = parseTimeval(status.stream_start);
  const now = parseTimeval(status.current_time);
  // the stream may start a little later than announced (announce time): never before offset
  const elapsed = start !== undefined && now !== undefined ? Math.max(0, now - start) : 0;
  return { path, state, total, base: offset + elapsed, anchorMs: nowMs };
}

/** 75 -> "1:15", 3700 -> "1:01:40" */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
