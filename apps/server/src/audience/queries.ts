// What the Audience page, the History view and the `history` command read (issue #17). Charts
// come from the hourly and per-minute roll-ups (a few hundred rows for 30 days), rankings from the
// play history, so none of them scans a million sessions.
import type { Database } from '../db/index.js';
import {
  families,
  sessionLengths,
  sessionPage,
  tuneOutFiles,
  type LengthBucket,
  type SessionPage,
  type TuneOutFile,
} from './charts.js';
import { csvLines, type CsvTable } from './csv.js';

export interface TimeRange {
  from: Date;
  to: Date;
}

export interface PlayRow {
  id: number;
  fileId: number;
  path: string;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  mode: string;
  listenersStart: number;
  listenersPeak: number;
  listenersEnd: number | null;
  tuneOuts: number;
}

export interface ChartPoint {
  /** start of the bucket (ms since the epoch) */
  t: number;
  /** peak listeners in the bucket, all outputs */
  listeners: number;
  sessions: number;
  listenerHours: number;
}

export interface TopFile {
  fileId: number;
  path: string;
  plays: number;
  /** listeners at start, summed over the plays */
  listeners: number;
  peak: number;
  tuneOuts: number;
  /** tune-outs per listener at start (0..): the files that lose listeners */
  tuneOutRate: number;
}

export interface SessionRow {
  id: number;
  output: string;
  startedAt: Date;
  endedAt: Date | null;
  bytes: number;
  address: string | null;
  family: string;
  endReason: string | null;
}

const HOUR_MS = 3_600_000;

export class AudienceQueries {
  constructor(private readonly db: Database) {}

  /** The latest `limit` plays in the range, newest first. */
  async history(opts: { limit: number; since?: Date; until?: Date }): Promise<PlayRow[]> {
    return this.db.prisma.play.findMany({
      where: { startedAt: { gte: opts.since, lt: opts.until } },
      orderBy: { startedAt: 'desc' },
      take: opts.limit,
    });
  }

  /** Listeners, sessions and listening hours per bucket (`bucketHours`, 1 or more). */
  async chart(range: TimeRange, bucketHours: number): Promise<ChartPoint[]> {
    const rows = await this.db.prisma.listenerHour.findMany({
      where: { hour: { gte: range.from, lt: range.to } },
      select: { hour: true, peak: true, sessions: true, listenerSeconds: true },
    });
    const size = bucketHours * HOUR_MS;
    const start = range.from.getTime() - (range.from.getTime() % HOUR_MS);
    const points = new Map<number, ChartPoint & { byHour: Map<number, number> }>();
    for (let t = start; t < range.to.getTime(); t += size)
      points.set(t, { t, listeners: 0, sessions: 0, listenerHours: 0, byHour: new Map() });
    for (const r of rows) {
      const h = r.hour.getTime();
      const p = points.get(start + Math.floor((h - start) / size) * size);
      if (!p) continue;
      // peaks of several outputs in one hour add up; the bucket keeps its busiest hour
      p.byHour.set(h, (p.byHour.get(h) ?? 0) + r.peak);
      p.listeners = Math.max(p.listeners, p.byHour.get(h)!);
      p.sessions += r.sessions;
      p.listenerHours += r.listenerSeconds / 3600;
    }
    return [...points.values()].map(({ byHour: _, ...p }) => p);
  }

  /** Peak listeners per minute (the last hours' live line). */
  async minutes(range: TimeRange): Promise<{ t: number; listeners: number }[]> {
    const rows = await this.db.prisma.listenerMinute.groupBy({
      by: ['minute'],
      where: { minute: { gte: range.from, lt: range.to } },
      _sum: { listeners: true },
      orderBy: { minute: 'asc' },
    });
    return rows.map((r) => ({ t: r.minute.getTime(), listeners: r._sum.listeners ?? 0 }));
  }

  /** Files by audience (listeners at their starts), with their tune-outs. */
  async topFiles(range: TimeRange, limit: number): Promise<TopFile[]> {
    const rows = await this.db.prisma.play.groupBy({
      by: ['fileId'],
      where: { startedAt: { gte: range.from, lt: range.to } },
      _count: { _all: true },
      _sum: { listenersStart: true, tuneOuts: true },
      _max: { listenersPeak: true, path: true },
      orderBy: { _sum: { listenersStart: 'desc' } },
      take: limit,
    });
    return rows.map((r) => {
      const listeners = r._sum.listenersStart ?? 0;
      const tuneOuts = r._sum.tuneOuts ?? 0;
      return {
        fileId: r.fileId,
        path: r._max.path ?? '',
        plays: r._count._all,
        listeners,
        peak: r._max.listenersPeak ?? 0,
        tuneOuts,
        tuneOutRate: listeners > 0 ? tuneOuts / listeners : 0,
      };
    });
  }

  /** Sessions per player family and per output in the range. */
  async split(range: TimeRange): Promise<{
    families: { family: string; sessions: number }[];
    outputs: { output: string; sessions: number; listenerHours: number }[];
  }> {
    const { prisma } = this.db;
    const fam = await prisma.listenerSession.groupBy({
      by: ['family'],
      where: { startedAt: { gte: range.from, lt: range.to } },
      _count: { _all: true },
    });
    const out = await prisma.listenerHour.groupBy({
      by: ['output'],
      where: { hour: { gte: range.from, lt: range.to } },
      _sum: { sessions: true, listenerSeconds: true },
    });
    return {
      families: fam
        .map((f) => ({ family: f.family, sessions: f._count._all }))
        .sort((a, b) => b.sessions - a.sessions),
      outputs: out.map((o) => ({
        output: o.output,
        sessions: o._sum.sessions ?? 0,
        listenerHours: (o._sum.listenerSeconds ?? 0) / 3600,
      })),
    };
  }

  /** Median session lengths per bucket and over the range (charts.ts). */
  lengths(
    range: TimeRange,
    bucketMs: number,
  ): Promise<{ buckets: LengthBucket[]; medianS: number; sessions: number }> {
    return sessionLengths(this.db, range, bucketMs);
  }

  /** The files that lose listeners (charts.ts). */
  tuneOuts(range: TimeRange, limit: number, minListeners: number): Promise<TuneOutFile[]> {
    return tuneOutFiles(this.db, range, limit, minListeners);
  }

  /** Sessions per player family (charts.ts). */
  families(range: TimeRange): Promise<{ family: string; sessions: number }[]> {
    return families(this.db, range);
  }

  /** One page of sessions with the total (charts.ts). */
  sessionPage(range: TimeRange, page: number, size: number): Promise<SessionPage> {
    return sessionPage(this.db, range, page, size);
  }

  /** A CSV export, line batches to stream (csv.ts). */
  csv(table: CsvTable, range: TimeRange): AsyncGenerator<string> {
    return csvLines(this.db, table, range);
  }

  /** A page of sessions, newest first. */
  async sessions(range: TimeRange, limit: number, offset: number): Promise<SessionRow[]> {
    const rows = await this.db.prisma.listenerSession.findMany({
      where: { startedAt: { gte: range.from, lt: range.to } },
      orderBy: { startedAt: 'desc' },
      take: limit,
      skip: offset,
    });
    return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
  }
}
