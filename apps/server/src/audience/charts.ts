// The Audience page's figures beyond the roll-ups (issue #17): session lengths (medians per
// bucket, from a histogram the database builds, so a million sessions never cross into JS), the
// files that lose listeners, player families and a page of sessions. Ranges and page sizes are
// checked here, so every door refuses the same input with the same words.
import type { Database } from '../db/index.js';
import { ph } from '../db/index.js';
import { ParaError } from '../errors.js';
import type { SessionRow, TimeRange } from './queries.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** the longest range a chart or a table covers */
export const MAX_RANGE_DAYS = 400;
export const MAX_PAGE_SIZE = 500;

/** Refuses an empty, reversed or too long range. */
export function checkRange(range: TimeRange): TimeRange {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to))
    throw new ParaError('E_INVALID', 'not a time range: give a start and an end');
  if (from >= to)
    throw new ParaError('E_INVALID', 'the range is empty: the start must be before the end');
  if (to - from > MAX_RANGE_DAYS * DAY_MS)
    throw new ParaError('E_INVALID', `the range is too long: at most ${MAX_RANGE_DAYS} days`);
  return range;
}

/** The bucket of a chart over `range`: minutes up to 3 h, hours up to 8 days, 6 h up to 62, days. */
export function bucketFor(range: TimeRange): number {
  const span = range.to.getTime() - range.from.getTime();
  if (span <= 3 * HOUR_MS) return MINUTE_MS;
  if (span <= 8 * DAY_MS) return HOUR_MS;
  if (span <= 62 * DAY_MS) return 6 * HOUR_MS;
  return DAY_MS;
}

/**
 * Session lengths are counted in bins (1 s under 2 min, 10 s under 20 min, 1 min under 2 h,
 * 10 min above): a median is then exact to its bin, and the database returns a few hundred rows
 * per bucket whatever the number of sessions.
 */
const BIN_SQL = (d: string): string =>
  `CASE WHEN ${d} < 120 THEN ${d} WHEN ${d} < 1200 THEN ${d} - ${d} % 10 ` +
  `WHEN ${d} < 7200 THEN ${d} - ${d} % 60 ELSE ${d} - ${d} % 600 END`;

export interface LengthBucket {
  /** start of the bucket (ms since the epoch) */
  t: number;
  /** sessions started in the bucket (ended or not) */
  sessions: number;
  /** median length of the sessions that started in the bucket and ended (seconds) */
  medianS: number;
}

/** The median of a histogram (bin start -> count), to its bin; 0 when empty. */
export function histogramMedian(bins: Map<number, number>): number {
  let total = 0;
  for (const n of bins.values()) total += n;
  if (total === 0) return 0;
  const half = total / 2;
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin)!;
    if (seen >= half) return bin;
  }
  return 0;
}

/** Median session lengths per bucket of `bucketMs`, and over the whole range. */
export async function sessionLengths(
  db: Database,
  range: TimeRange,
  bucketMs: number,
): Promise<{ buckets: LengthBucket[]; medianS: number; sessions: number }> {
  const fromMs = range.from.getTime();
  const bucketS = bucketMs / 1000;
  // whole seconds of each ended session and its bucket, in each dialect
  const [dur, bucket] =
    db.kind === 'postgres'
      ? [
          'FLOOR(EXTRACT(EPOCH FROM ("endedAt" - "startedAt")))::int',
          `FLOOR(EXTRACT(EPOCH FROM ("startedAt" - $1::timestamp)) / ${bucketS})::int`,
        ]
      : [
          // julianday is a float: round to the millisecond before cutting
          'CAST(ROUND((julianday("endedAt") - julianday("startedAt")) * 86400, 3) AS INTEGER)',
          `CAST(ROUND((julianday("startedAt") - julianday(?)) * 86400, 3) / ${bucketS} AS INTEGER)`,
        ];
  const sql =
    `SELECT b, bin, COUNT(*) AS n FROM (SELECT ${bucket} AS b, ${BIN_SQL('d')} AS bin FROM ` +
    `(SELECT "startedAt", ${dur} AS d FROM "ListenerSession" WHERE "startedAt" >= ${ph(db.kind, 2)} ` +
    `AND "startedAt" < ${ph(db.kind, 3)}) s) x GROUP BY b, bin`;
  const rows = await db.prisma.$queryRawUnsafe<
    { b: number | bigint; bin: number | bigint | null; n: number | bigint }[]
  >(sql, range.from, range.from, range.to);
  const per = new Map<number, Map<number, number>>();
  const all = new Map<number, number>();
  // sessions still open (no bin) count as started, not in the medians
  const open = new Map<number, number>();
  for (const r of rows) {
    const b = Number(r.b);
    const n = Number(r.n);
    if (r.bin === null) {
      open.set(b, (open.get(b) ?? 0) + n);
      continue;
    }
    const bin = Number(r.bin);
    const m = per.get(b) ?? new Map<number, number>();
    m.set(bin, (m.get(bin) ?? 0) + n);
    per.set(b, m);
    all.set(bin, (all.get(bin) ?? 0) + n);
  }
  const buckets: LengthBucket[] = [];
  for (let t = fromMs, i = 0; t < range.to.getTime(); t += bucketMs, i++) {
    const bins = per.get(i) ?? new Map<number, number>();
    let sessions = open.get(i) ?? 0;
    for (const n of bins.values()) sessions += n;
    buckets.push({ t, sessions, medianS: histogramMedian(bins) });
  }
  let sessions = 0;
  for (const n of all.values()) sessions += n;
  for (const n of open.values()) sessions += n;
  return { buckets, medianS: histogramMedian(all), sessions };
}

export interface TuneOutFile {
  fileId: number;
  path: string;
  plays: number;
  listeners: number;
  tuneOuts: number;
  /** tune-outs per listener at start */
  tuneOutRate: number;
}

/** The files that lose the most listeners (tune-outs per listener at start), among files that
 * had at least `minListeners` listeners at their starts in the range (fewer say little). */
export async function tuneOutFiles(
  db: Database,
  range: TimeRange,
  limit: number,
  minListeners: number,
): Promise<TuneOutFile[]> {
  const rows = await db.prisma.play.groupBy({
    by: ['fileId'],
    where: { startedAt: { gte: range.from, lt: range.to } },
    _count: { _all: true },
    _sum: { listenersStart: true, tuneOuts: true },
    _max: { path: true },
    having: { listenersStart: { _sum: { gte: Math.max(1, minListeners) } } },
  });
  return rows
    .map((r) => {
      const listeners = r._sum.listenersStart ?? 0;
      const tuneOuts = r._sum.tuneOuts ?? 0;
      return {
        fileId: r.fileId,
        path: r._max.path ?? '',
        plays: r._count._all,
        listeners,
        tuneOuts,
        tuneOutRate: listeners > 0 ? tuneOuts / listeners : 0,
      };
    })
    .sort((a, b) => b.tuneOutRate - a.tuneOutRate || b.listeners - a.listeners)
    .slice(0, limit);
}

/** Sessions per player family in the range, the most first. */
export async function families(
  db: Database,
  range: TimeRange,
): Promise<{ family: string; sessions: number }[]> {
  const rows = await db.prisma.listenerSession.groupBy({
    by: ['family'],
    where: { startedAt: { gte: range.from, lt: range.to } },
    _count: { _all: true },
  });
  return rows
    .map((f) => ({ family: f.family, sessions: f._count._all }))
    .sort((a, b) => b.sessions - a.sessions);
}

export interface SessionPage {
  page: number;
  size: number;
  /** sessions in the range (all pages) */
  total: number;
  rows: SessionRow[];
}

/** One page (1-based) of the sessions that started in the range, newest first. */
export async function sessionPage(
  db: Database,
  range: TimeRange,
  page: number,
  size: number,
): Promise<SessionPage> {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
    throw new ParaError('E_INVALID', `page size must be 1 to ${MAX_PAGE_SIZE}: ${size}`);
  if (!Number.isInteger(page) || page < 1)
    throw new ParaError('E_INVALID', `pages are counted from 1: ${page}`);
  const where = { startedAt: { gte: range.from, lt: range.to } };
  const [total, rows] = await Promise.all([
    db.prisma.listenerSession.count({ where }),
    db.prisma.listenerSession.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: size,
      skip: (page - 1) * size,
    }),
  ]);
  return { page, size, total, rows: rows.map((r) => ({ ...r, bytes: Number(r.bytes) })) };
}
