// What a schedule entry is: one zod schema, shared by the command, the database rows and the web.
import { z } from 'zod';
import { parseClock } from './zoned.js';

export const TRANSITIONS = ['next', 'fit', 'cut'] as const;
export type Transition = (typeof TRANSITIONS)[number];

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (00:00 to 23:59)');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such date');

/** the fields an operator gives; weekdays repeat every week, dates are one-off days */
export const scheduleEntryFields = z.object({
  /** m/<mood> or p/<playlist>, as select takes it */
  mode: z
    .string()
    .max(300)
    .regex(/^[mp]\/.+$/, 'must be m/<mood> or p/<playlist>'),
  weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
  dates: z.array(isoDate).max(366).default([]),
  start: clock,
  /** at or before start: the entry ends the next day */
  end: clock,
  /** higher wins where entries overlap */
  priority: z.number().int().min(0).max(1000).default(0),
  transition: z.enum(TRANSITIONS).default('next'),
  /** fit: the last file of the outgoing mode ends within this many seconds of the start */
  fitTolerance: z.number().int().min(0).max(600).default(10),
});
export type ScheduleEntryFields = z.output<typeof scheduleEntryFields>;

export const scheduleEntryInput = scheduleEntryFields.superRefine((e, ctx) => {
  if (e.weekdays.length === 0 && e.dates.length === 0)
    ctx.addIssue({ code: 'custom', message: 'give weekdays (weekly) or dates (one-off), or both' });
  if (e.start === e.end)
    ctx.addIssue({ code: 'custom', message: 'start and end are the same time' });
});

export interface ScheduleEntry extends ScheduleEntryFields {
  id: number;
}

/** one run of an entry: [start, end) in ms since the epoch */
export interface Occurrence {
  entry: ScheduleEntry;
  start: number;
  end: number;
}

/** minutes after midnight of start and end (end > start; an end past midnight is + 24 h) */
export function span(e: Pick<ScheduleEntryFields, 'start' | 'end'>): { from: number; to: number } {
  const from = parseClock(e.start);
  let to = parseClock(e.end);
  if (to <= from) to += 24 * 60;
  return { from, to };
}

/** "mon,wed" or "1,3" -> [1, 3] */
export function parseWeekdays(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',').map((s) => s.trim().toLowerCase())) {
    if (part === '') continue;
    const byName = WEEKDAY_NAMES.indexOf(part.slice(0, 3) as (typeof WEEKDAY_NAMES)[number]);
    const n = byName >= 0 && part.length >= 3 ? byName + 1 : Number(part);
    if (!Number.isInteger(n) || n < 1 || n > 7) throw new Error(`not a weekday: ${part}`);
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

export function entryText(e: ScheduleEntry): string {
  const days = [...e.weekdays.map((d) => WEEKDAY_NAMES[d - 1]!), ...e.dates].join(',');
  const fit = e.transition === 'fit' ? `/${e.fitTolerance}s` : '';
  return `${e.id}\t${days}\t${e.start}-${e.end}\tprio ${e.priority}\t${e.transition}${fit}\t${e.mode}`;
}
