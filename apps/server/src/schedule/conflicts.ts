// What is wrong with an entry, found when it is saved rather than at air time: a mood or playlist
// that does not exist, a run that overlaps another of equal priority, an entry that never runs
// (its dates are past, every run falls into a skipped hour, or higher entries always cover it).
import type { Occurrence, ScheduleEntry } from './entry.js';
import { occurrences } from './timeline.js';
import { addDays, localDate, localText } from './zoned.js';

export interface Conflict {
  entry: number;
  kind: 'unknown-mode' | 'overlap' | 'never-runs';
  message: string;
  /** the other entry of an overlap */
  other?: number;
}

export interface ModeLookup {
  /** does m/<name> or p/<name> exist */
  exists(mode: string): boolean;
}

/** how far ahead runs are compared: two weeks hold every weekly pattern (and a DST change) */
const HORIZON_DAYS = 14;

/** the runs of `entries` in the horizon from `today`, plus those on any of the one-off dates */
function runsAhead(entries: readonly ScheduleEntry[], today: string, zone: string): Occurrence[] {
  const out = occurrences(entries, today, addDays(today, HORIZON_DAYS), zone);
  const far = new Set(
    entries.flatMap((e) => e.dates).filter((d) => d > addDays(today, HORIZON_DAYS)),
  );
  for (const d of far)
    out.push(...occurrences(entries, d, d, zone).filter((o) => o.entry.dates.includes(d)));
  return out;
}

/** the parts of [start, end) not covered by any of the intervals */
function uncovered(start: number, end: number, covers: readonly Occurrence[]): number {
  let left = 0;
  let at = start;
  for (const c of [...covers].sort((a, b) => a.start - b.start)) {
    if (c.end <= at || c.start >= end) continue;
    if (c.start > at) left += c.start - at;
    at = Math.max(at, c.end);
    if (at >= end) break;
  }
  return left + Math.max(0, end - at);
}

/**
 * The conflicts of `entry` with the others (which are taken as they are), at instant `now`.
 * Overlaps are reported with their first instance, in the zone's wall time.
 */
export function conflictsOf(
  entry: ScheduleEntry,
  others: readonly ScheduleEntry[],
  modes: ModeLookup,
  zone: string,
  now: number,
): Conflict[] {
  const out: Conflict[] = [];
  if (!modes.exists(entry.mode)) {
    const what = entry.mode.startsWith('m/') ? 'mood' : 'playlist';
    out.push({
      entry: entry.id,
      kind: 'unknown-mode',
      message: `no such ${what}: ${entry.mode.slice(2)}`,
    });
  }
  const rest = others.filter((o) => o.id !== entry.id);
  const today = localDate(now, zone);
  const mine = runsAhead([entry], addDays(today, -1), zone).filter((o) => o.end > now);
  if (mine.length === 0) {
    const why =
      entry.weekdays.length === 0
        ? 'its dates are past or fall into a skipped hour'
        : 'it has no run';
    out.push({ entry: entry.id, kind: 'never-runs', message: `never runs: ${why}` });
    return out;
  }
  const theirs = runsAhead(rest, addDays(today, -1), zone);
  const reported = new Set<number>();
  for (const m of mine)
    for (const o of theirs) {
      if (o.entry.priority !== entry.priority || reported.has(o.entry.id)) continue;
      if (o.start < m.end && m.start < o.end) {
        reported.add(o.entry.id);
        out.push({
          entry: entry.id,
          kind: 'overlap',
          other: o.entry.id,
          message: `overlaps entry ${o.entry.id} (${o.entry.mode}, same priority ${entry.priority}) at ${localText(Math.max(m.start, o.start), zone)}`,
        });
      }
    }
  const higher = theirs.filter((o) => o.entry.priority > entry.priority);
  if (mine.every((m) => uncovered(Math.max(m.start, now), m.end, higher) === 0))
    out.push({
      entry: entry.id,
      kind: 'never-runs',
      message: 'never runs: entries of higher priority always cover it',
    });
  return out;
}

/** every entry's conflicts (schedule ls, the dashboard) */
export function allConflicts(
  entries: readonly ScheduleEntry[],
  modes: ModeLookup,
  zone: string,
  now: number,
): Conflict[] {
  return entries.flatMap((e) => conflictsOf(e, entries, modes, zone, now));
}
