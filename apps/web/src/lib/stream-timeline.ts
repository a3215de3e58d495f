// Which file a web listener hears now: the server's status runs ahead of the audio (the HTTP
// sender's burst and the browser's buffer), so the player keeps the recent statuses on a timeline
// and shows the one whose stream time the playhead has reached. Pure functions, see
// docs/web-player.md.
import { HTTP_BURST_MS } from '@paraweb/contracts';
import type { StatusObject } from '@paraweb/server/socket-events';

/** the HTTP sender's burst on connect */
export const SERVER_BURST_MS = HTTP_BURST_MS;
/** statuses older than this (and not heard now) are dropped from the timeline */
const KEEP_MS = 120_000;

/** One file on the stream: `at` is the local time (Date.now() ms) its first chunk was due. */
export interface TimelineEntry {
  at: number;
  /** the file's path ('' while stopped) */
  key: string;
  status: StatusObject;
}

/** seconds.microseconds (docs/paraslash/status.md: stream_start, current_time) to ms; undefined if malformed */
export function timevalMs(value: string | undefined): number | undefined {
  if (!value || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  const [sec = '0', usec = '0'] = value.split('.');
  // microseconds are printed without zero padding (%lu), so "5.12" is 5 s + 12 µs
  return Number(sec) * 1000 + Number(usec) / 1000;
}

/**
 * The local time at which the status's run started: its receive time moved by stream_start -
 * current_time (both on the server clock, as para_audiod does), so clock skew between server and
 * browser does not matter. Clamped to 5 s either way against nonsense.
 */
export function streamStartLocal(status: StatusObject, receivedAt: number): number {
  const start = timevalMs(status.stream_start);
  const now = timevalMs(status.current_time);
  if (start === undefined || now === undefined || start === 0) return receivedAt;
  return receivedAt + Math.max(-5_000, Math.min(5_000, start - now));
}

function isStopped(status: StatusObject): boolean {
  return !status.path || status.status === 'stopped';
}

/**
 * `next` and the end of a file leave the vss playing with no file open until afs has opened the
 * next one (flags P_N_): nothing of that is heard, so such a status is skipped.
 */
export function isBetweenFiles(status: StatusObject): boolean {
  return !status.path && status.status === 'playing';
}

/**
 * The timeline after `status` arrived at `receivedAt`: a status of the file the last entry holds
 * (pause, ff, tags changed) updates that entry; another file (or stop) appends one that starts
 * when its run starts. Entries older than two minutes are dropped, except the newest one before.
 */
export function addStatus(
  timeline: readonly TimelineEntry[],
  status: StatusObject,
  receivedAt: number,
): TimelineEntry[] {
  if (isBetweenFiles(status)) return [...timeline];
  const key = isStopped(status) ? '' : (status.path ?? '');
  const last = timeline[timeline.length - 1];
  if (last && last.key === key) return [...timeline.slice(0, -1), { ...last, status }];
  const start = key === '' ? receivedAt : streamStartLocal(status, receivedAt);
  // a file is never heard before the one announced earlier
  const at = Math.max(start, last?.at ?? -Infinity);
  const next = [...timeline, { at, key, status }];
  const firstKept = next.findIndex((e) => e.at >= receivedAt - KEEP_MS);
  return firstKept > 0 ? next.slice(firstKept - 1) : next;
}

/** The entry being heard at `playhead` (local time): the newest that started by then. */
export function heardEntry(
  timeline: readonly TimelineEntry[],
  playhead: number,
): TimelineEntry | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i]!;
    if (e.at <= playhead) return e;
  }
  return timeline[0];
}

/** When the entry after the heard one will be heard, in ms from now (undefined: none pending). */
export function nextSwitchInMs(
  timeline: readonly TimelineEntry[],
  now: number,
  lagMs: number,
): number | undefined {
  const playhead = now - lagMs;
  const pending = timeline.find((e) => e.at > playhead);
  return pending ? pending.at - playhead : undefined;
}

/**
 * What the HTTP sender holds for a new listener: its ring of recent chunks is emptied on stop
 * (and on a change of format); `since` is when it began filling again (local ms). `undefined`:
 * not known (the page joined a running stream), so it is taken to be full.
 */
export type StreamOrigin = { kind: 'empty' } | { kind: 'since'; at: number } | { kind: 'unknown' };

/** formats whose files the sender cannot chain on one connection (docs/streaming.md §3) */
const SINGLE_HEADER = new Set(['flac', 'wma']);

export function nextOrigin(
  origin: StreamOrigin,
  previous: StatusObject | undefined,
  status: StatusObject,
  receivedAt: number,
): StreamOrigin {
  if (isBetweenFiles(status)) return origin;
  if (isStopped(status)) return { kind: 'empty' };
  const formatChanged =
    previous?.format !== undefined &&
    previous.path !== status.path &&
    (previous.format !== status.format || SINGLE_HEADER.has(previous.format));
  if (origin.kind === 'empty' || formatChanged)
    return { kind: 'since', at: streamStartLocal(status, receivedAt) };
  return origin;
}

/** How much audio the burst held when the listener's connection began at `connectedAt`. */
export function burstMs(origin: StreamOrigin, connectedAt: number): number {
  if (origin.kind !== 'since') return SERVER_BURST_MS;
  return Math.max(0, Math.min(SERVER_BURST_MS, connectedAt - origin.at));
}

/**
 * How far the listener is behind the server, in ms. The first byte of the connection (at
 * `connectedAt`) was `burst` ms of stream time old; since then the server streamed in real time
 * while the playhead advanced `currentTimeS`. Chromium's `buffered` cannot tell this: it reports
 * only the 2-3 s it has demuxed, not the seconds it has downloaded (measured: 2.3 s against 8.4 s).
 */
export function listenerLagMs(args: {
  burst: number;
  connectedAt: number;
  now: number;
  currentTimeS: number;
}): number {
  return Math.max(0, args.burst + (args.now - args.connectedAt) - args.currentTimeS * 1000);
}
