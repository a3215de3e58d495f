// Wall-clock times of a time zone as instants, with the rules a schedule needs across DST changes:
// a time that does not exist (spring forward) starts when the clock jumps past it (02:30 -> 03:00),
// a time that exists twice (fall back) is taken once, at its first occurrence. luxon answers the
// zone's offset at an instant and the local date of an instant (IANA zones through Intl).
import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** the time zone the system runs in (the default of --schedule-timezone) */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** the zone's offset from UTC at an instant, ms */
function offsetMs(zone: IANAZone, t: number): number {
  return zone.offset(t) * MINUTE_MS;
}

function zoneOf(name: string): IANAZone {
  const z = IANAZone.create(name);
  if (!z.isValid) throw new Error(`unknown time zone: ${name}`);
  return z;
}

/** "YYYY-MM-DD" plus a day count */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(t).toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday (ISO) */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** the local date of an instant in a zone, "YYYY-MM-DD" */
export function localDate(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toISODate()!;
}

/** the local wall time of an instant, "YYYY-MM-DD HH:MM:SS" */
export function localText(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');
}

/**
 * The instant of a wall-clock time ("HH:MM", minutes after midnight) on a local date: the first
 * instant whose local time is that time, or, when the time is skipped by a DST change, the
 * instant of the change (the first one after it).
 */
export function wallToInstant(date: string, minutes: number, zoneName: string): number {
  const zone = zoneOf(zoneName);
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE_MS;
  // the offsets in force around that day: a change of offset lies between them
  const offsets = new Set([offsetMs(zone, wall - DAY_MS), offsetMs(zone, wall + DAY_MS)]);
  const valid = [...offsets].map((o) => wall - o).filter((t) => wall - offsetMs(zone, t) === t);
  if (valid.length > 0) return Math.min(...valid);
  // skipped: the change lies between the two readings; find it to the millisecond
  let lo = Math.min(...[...offsets].map((o) => wall - o));
  let hi = Math.max(...[...offsets].map((o) => wall - o));
  const before = offsetMs(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** "HH:MM" -> minutes after midnight */
export function parseClock(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new Error(`not a time of day (HH:MM): ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  return `${String(h).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
