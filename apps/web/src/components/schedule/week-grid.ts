// The week calendar's pure geometry: wall times of the schedule's zone as pixels and back, the
// snapping of a drag, the segments an entry shows in a week (one per day it touches), and what a
// finished drag makes of an entry. No React here, so Vitest checks it all.

export const DAY_MIN = 24 * 60;
/** drags snap to this many minutes */
export const SNAP_MIN = 15;
export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** what the calendar needs of an entry (the `schedule ls` row) */
export interface EntryTimes {
  id: number;
  /** 1 = Monday ... 7 = Sunday, every week */
  weekdays: number[];
  /** one-off days, YYYY-MM-DD */
  dates: string[];
  /** HH:MM; an end at or before the start is the next day */
  start: string;
  end: string;
}

/** "HH:MM" -> minutes after midnight */
export function parseClock(text: string): number {
  const m = /^(\d\d):(\d\d)$/.exec(text);
  if (!m) throw new Error(`not a time of day (HH:MM): ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** minutes (any day) -> "HH:MM" of its day */
export function clockText(minutes: number): string {
  const m = ((minutes % DAY_MIN) + DAY_MIN) % DAY_MIN;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** from and to in minutes after the start day's midnight (to > from; past midnight is + 24 h) */
export function spanOf(e: Pick<EntryTimes, 'start' | 'end'>): { from: number; to: number } {
  const from = parseClock(e.start);
  let to = parseClock(e.end);
  if (to <= from) to += DAY_MIN;
  return { from, to };
}

export const minutesToPx = (minutes: number, hourPx: number): number => (minutes / 60) * hourPx;
export const pxToMinutes = (px: number, hourPx: number): number => (px / hourPx) * 60;

/** to the nearest step */
export const snap = (minutes: number, step = SNAP_MIN): number => Math.round(minutes / step) * step;

/** the day column (0 = Monday) and minute of the day under a point of the grid's body */
export function slotAt(
  x: number,
  y: number,
  box: { left: number; top: number; width: number },
  hourPx: number,
): { day: number; minute: number } {
  const day = Math.min(6, Math.max(0, Math.floor(((x - box.left) / box.width) * 7)));
  const minute = Math.min(DAY_MIN, Math.max(0, pxToMinutes(y - box.top, hourPx)));
  return { day, minute };
}

// ---- dates as "YYYY-MM-DD" (calendar days, no zone) ----

export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday */
export function weekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** the Monday of the week of a date */
export const mondayOf = (date: string): string => addDays(date, 1 - weekdayOf(date));

/** the wall date and minute of an instant in a time zone */
export function zonedNow(t: number, zone: string): { date: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

// ---- an entry in a week ----

export function runsOn(e: Pick<EntryTimes, 'weekdays' | 'dates'>, date: string): boolean {
  return e.weekdays.includes(weekdayOf(date)) || e.dates.includes(date);
}

/** one block of the calendar: the part of a run that falls on one day column */
export interface Segment {
  day: number;
  /** minutes of that day, from < to <= 1440 */
  from: number;
  to: number;
  /** the block holds the run's start (its top edge can be dragged) */
  first: boolean;
  /** the block holds the run's end */
  last: boolean;
}

/** the blocks of an entry in the week starting on `monday` (a run from Sunday before spills in) */
export function segmentsInWeek(e: EntryTimes, monday: string): Segment[] {
  const { from, to } = spanOf(e);
  const out: Segment[] = [];
  for (let day = -1; day < 7; day++) {
    if (!runsOn(e, addDays(monday, day))) continue;
    if (day >= 0)
      out.push({ day, from, to: Math.min(to, DAY_MIN), first: true, last: to <= DAY_MIN });
    if (to > DAY_MIN && day + 1 <= 6)
      out.push({ day: day + 1, from: 0, to: to - DAY_MIN, first: false, last: true });
  }
  return out;
}

/** side-by-side lanes for blocks that overlap in one column (priorities may overlap) */
export function lanes<T extends { from: number; to: number }>(
  blocks: readonly T[],
): { block: T; lane: number; lanes: number }[] {
  const sorted = [...blocks].sort((a, b) => a.from - b.from || b.to - a.to);
  const ends: number[] = [];
  const placed = sorted.map((block) => {
    let lane = ends.findIndex((end) => end <= block.from);
    if (lane < 0) lane = ends.length;
    ends[lane] = block.to;
    return { block, lane };
  });
  return placed.map((p) => ({
    ...p,
    lanes: Math.max(
      ...placed
        .filter((q) => q.block.from < p.block.to && p.block.from < q.block.to)
        .map((q) => q.lane + 1),
    ),
  }));
}

// ---- drags ----

export type Drag =
  /** on empty space: a new entry on that day */
  | { kind: 'create'; day: number; fromMinute: number; toMinute: number }
  /** an entry by its body: days and minutes moved */
  | { kind: 'move'; dayDelta: number; minuteDelta: number }
  /** an entry by its top or bottom edge */
  | { kind: 'resize'; edge: 'start' | 'end'; minuteDelta: number };

/** the days of an entry moved by whole days (weekdays wrap around the week) */
function shiftDays(e: Pick<EntryTimes, 'weekdays' | 'dates'>, by: number) {
  if (by === 0) return { weekdays: e.weekdays, dates: e.dates };
  return {
    weekdays: e.weekdays.map((w) => ((((w - 1 + by) % 7) + 7) % 7) + 1).sort((a, b) => a - b),
    dates: e.dates.map((d) => addDays(d, by)).sort(),
  };
}

/** the new times of a new entry: at least one snap step long, on the column's date */
export function createdTimes(
  drag: Extract<Drag, { kind: 'create' }>,
  monday: string,
  step = SNAP_MIN,
): { start: string; end: string; date: string; weekday: number } {
  let from = snap(Math.min(drag.fromMinute, drag.toMinute), step);
  let to = snap(Math.max(drag.fromMinute, drag.toMinute), step);
  if (to - from < step) {
    // a click: an hour from the step under the pointer (cut at midnight)
    from = Math.floor(Math.min(drag.fromMinute, DAY_MIN - step) / step) * step;
    to = Math.min(from + 60, DAY_MIN);
  }
  const date = addDays(monday, drag.day);
  return { start: clockText(from), end: clockText(to), date, weekday: weekdayOf(date) };
}

/** what a move or resize makes of an entry's days and times (the deltas are snapped here) */
export function draggedTimes(
  e: EntryTimes,
  drag: Exclude<Drag, { kind: 'create' }>,
  step = SNAP_MIN,
): Pick<EntryTimes, 'weekdays' | 'dates' | 'start' | 'end'> {
  const { from, to } = spanOf(e);
  const delta = snap(drag.minuteDelta, step);
  if (drag.kind === 'move') {
    const total = from + drag.dayDelta * DAY_MIN + delta;
    // past midnight either way: the entry moves to the day before or after
    const dayShift = Math.floor(total / DAY_MIN);
    const start = total - dayShift * DAY_MIN;
    return {
      ...shiftDays(e, dayShift),
      start: clockText(start),
      end: clockText(start + (to - from)),
    };
  }
  const longest = DAY_MIN - step;
  if (drag.edge === 'end') {
    const length = Math.min(longest, Math.max(step, to - from + delta));
    return { ...shiftDays(e, 0), start: e.start, end: clockText(from + length) };
  }
  // the start edge stays within its day
  const start = Math.min(to - step, DAY_MIN - step, Math.max(0, from + delta, to - longest));
  return { ...shiftDays(e, 0), start: clockText(start), end: e.end };
}

/** "Mon, Wed" / "2027-12-24" / both, for labels */
export function daysText(e: Pick<EntryTimes, 'weekdays' | 'dates'>): string {
  return [...e.weekdays.map((w) => WEEKDAY_LABELS[w - 1] ?? String(w)), ...e.dates].join(', ');
}
