// The schedule's rows in the database (ScheduleEntry, ScheduleSetting): lists of days are stored
// as comma-separated text, the same in SQLite and PostgreSQL.
import type { Database } from '../db/index.js';
import type { ScheduleEntry, ScheduleEntryFields, Transition } from './entry.js';
import { TRANSITIONS } from './entry.js';

interface Row {
  id: number;
  mode: string;
  weekdays: string;
  dates: string;
  start: string;
  end: string;
  priority: number;
  transition: string;
  fitTolerance: number;
}

const list = (s: string): string[] => (s === '' ? [] : s.split(','));

function fromRow(r: Row): ScheduleEntry {
  const transition = (TRANSITIONS as readonly string[]).includes(r.transition)
    ? (r.transition as Transition)
    : 'next';
  return {
    id: r.id,
    mode: r.mode,
    weekdays: list(r.weekdays).map(Number),
    dates: list(r.dates),
    start: r.start,
    end: r.end,
    priority: r.priority,
    transition,
    fitTolerance: r.fitTolerance,
  };
}

function toRow(e: ScheduleEntryFields): Omit<Row, 'id'> {
  return {
    mode: e.mode,
    weekdays: e.weekdays.join(','),
    dates: e.dates.join(','),
    start: e.start,
    end: e.end,
    priority: e.priority,
    transition: e.transition,
    fitTolerance: e.fitTolerance,
  };
}

export class ScheduleStore {
  constructor(private readonly db: Database) {}

  async entries(): Promise<ScheduleEntry[]> {
    const rows = await this.db.prisma.scheduleEntry.findMany({ orderBy: { id: 'asc' } });
    return rows.map(fromRow);
  }

  async add(e: ScheduleEntryFields): Promise<ScheduleEntry> {
    return fromRow(await this.db.prisma.scheduleEntry.create({ data: toRow(e) }));
  }

  async update(id: number, e: ScheduleEntryFields): Promise<ScheduleEntry> {
    return fromRow(await this.db.prisma.scheduleEntry.update({ where: { id }, data: toRow(e) }));
  }

  async remove(ids: readonly number[]): Promise<void> {
    await this.db.prisma.scheduleEntry.deleteMany({ where: { id: { in: [...ids] } } });
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.prisma.scheduleSetting.findUnique({ where: { key } }))?.value;
  }

  async setSetting(key: string, value: string | undefined): Promise<void> {
    if (value === undefined) await this.db.prisma.scheduleSetting.deleteMany({ where: { key } });
    else
      await this.db.prisma.scheduleSetting.upsert({
        where: { key },
        create: { key, value },
        update: { value },
      });
  }
}
