// The schedule as pure functions of an instant: which entry is active at t, when the next change
// comes. Times are wall-clock times of one zone (zoned.ts says how DST changes are taken).
import type { Occurrence, ScheduleEntry } from './entry.js';
import { span } from './entry.js';
import { addDays, localDate, wallToInstant, weekdayOf } from './zoned.js';

/** how far ahead a change is looked for among weekly entries (a week and a day covers them all) */
const WEEK_DAYS = 8;

/** does the entry run on a local date (its start's date) */
export function runsOn(e: ScheduleEntry, date: string): boolean {
  return e.weekdays.includes(weekdayOf(date)) || e.dates.includes(date);
}

/** the run of an entry that starts on a local date */
export function occurrenceOn(e: ScheduleEntry, date: string, zone: string): Occurrence {
  const { from, to } = span(e);
  const start = wallToInstant(date, from, zone);
  const end =
    to >= 24 * 60
      ? wallToInstant(addDays(date, 1), to - 24 * 60, zone)
      : wallToInstant(date, to, zone);
  return { entry: e, start, end };
}

/** every run of the entries that starts on a local date from `firstDate` to `lastDate` */
export function occurrences(
  entries: readonly ScheduleEntry[],
  firstDate: string,
  lastDate: string,
  zone: string,
): Occurrence[] {
  const out: Occurrence[] = [];
  for (let d = firstDate; d <= lastDate; d = addDays(d, 1))
    for (const e of entries) {
      if (!runsOn(e, d)) continue;
      const o = occurrenceOn(e, d, zone);
      if (o.end > o.start) out.push(o); // a run inside a skipped hour has no length
    }
  return out;
}

/** who wins an overlap: higher priority, then the later start, then the lower id */
function wins(a: Occurrence, b: Occurrence): boolean {
  if (a.entry.priority !== b.entry.priority) return a.entry.priority > b.entry.priority;
  if (a.start !== b.start) return a.start > b.start;
  return a.entry.id < b.entry.id;
}

/** the run in force at instant t, or undefined (the default mode) */
export function activeAt(
  entries: readonly ScheduleEntry[],
  t: number,
  zone: string,
): Occurrence | undefined {
  const today = localDate(t, zone);
  let best: Occurrence | undefined;
  // a run that started yesterday may still be on
  for (const o of occurrences(entries, addDays(today, -1), today, zone))
    if (o.start <= t && t < o.end && (!best || wins(o, best))) best = o;
  return best;
}

export interface Change {
  /** when, ms since the epoch */
  at: number;
  /** the run in force from then on; undefined: the default mode */
  to: Occurrence | undefined;
}

const sameRun = (a: Occurrence | undefined, b: Occurrence | undefined): boolean =>
  a?.entry.id === b?.entry.id && a?.start === b?.start;

/** the first instant after t at which another run (or none) is in force; undefined: never */
export function nextChange(
  entries: readonly ScheduleEntry[],
  t: number,
  zone: string,
): Change | undefined {
  const today = localDate(t, zone);
  const current = activeAt(entries, t, zone);
  const lookIn = (first: string, last: string): Change | undefined => {
    const edges = new Set<number>();
    for (const o of occurrences(entries, first, last, zone)) {
      if (o.start > t) edges.add(o.start);
      if (o.end > t) edges.add(o.end);
    }
    let before = current;
    for (const at of [...edges].sort((a, b) => a - b)) {
      const to = activeAt(entries, at, zone);
      if (!sameRun(to, before)) return { at, to };
      before = to;
    }
    return undefined;
  };
  const soon = lookIn(addDays(today, -1), addDays(today, WEEK_DAYS));
  if (soon) return soon;
  // only one-off dates further ahead are left
  const later = entries
    .flatMap((e) => e.dates)
    .filter((d) => d > addDays(today, WEEK_DAYS))
    .sort();
  for (const d of later) {
    const c = lookIn(addDays(d, -1), addDays(d, 1));
    if (c) return c;
  }
  return undefined;
}
