// Public surface of the schedule: entries by the clock (moods and playlists), their conflicts, and
// the scheduler that applies them to the stream.
export { Schedule } from './schedule.js';
export type { ScheduleOptions } from './schedule.js';
export { Scheduler } from './scheduler.js';
export type { SchedulerActions, SchedulerOptions, ScheduleState } from './scheduler.js';
export {
  scheduleEntryFields,
  scheduleEntryInput,
  parseWeekdays,
  entryText,
  TRANSITIONS,
  WEEKDAY_NAMES,
} from './entry.js';
export type { ScheduleEntry, ScheduleEntryFields, Occurrence, Transition } from './entry.js';
export type { Conflict } from './conflicts.js';
export type { Change } from './timeline.js';
export { activeAt, nextChange } from './timeline.js';
export {
  systemZone,
  isValidZone,
  localText,
  wallToInstant,
  localDate,
  parseClock,
} from './zoned.js';
