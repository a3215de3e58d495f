// CSV exports of the sessions and the plays of a range (issue #17): rows are read in batches by
// id, so an export of a million sessions holds one batch in memory and the caller can stream it.
import type { Database } from '../db/index.js';
import type { TimeRange } from './queries.js';

const BATCH = 2000;

export const CSV_TABLES = ['sessions', 'plays'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** One CSV field: quoted when it must be; a text a spreadsheet would run as a formula is quoted
 * with a leading apostrophe (paths and player families come from outside). */
export function csvField(value: string | number | bigint | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const line = (fields: Parameters<typeof csvField>[0][]): string =>
  `${fields.map(csvField).join(',')}\r\n`;

const SESSION_HEAD = [
  'id',
  'output',
  'started',
  'ended',
  'seconds',
  'bytes',
  'address',
  'family',
  'end',
];
const PLAY_HEAD = [
  'id',
  'file_id',
  'path',
  'started',
  'ended',
  'seconds',
  'end',
  'mode',
  'listeners_start',
  'listeners_peak',
  'listeners_end',
  'tune_outs',
];

const seconds = (a: Date, b: Date | null): number | null =>
  b === null ? null : Math.round((b.getTime() - a.getTime()) / 1000);

/** The CSV text of a table over a range, a header line first, then batches of lines. */
export async function* csvLines(
  db: Database,
  table: CsvTable,
  range: TimeRange,
): AsyncGenerator<string> {
  const where = (after: number) => ({
    id: { gt: after },
    startedAt: { gte: range.from, lt: range.to },
  });
  let after = 0;
  if (table === 'sessions') {
    yield line(SESSION_HEAD);
    for (;;) {
      const rows = await db.prisma.listenerSession.findMany({
        where: where(after),
        orderBy: { id: 'asc' },
        take: BATCH,
      });
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows
        .map((r) =>
          line([
            r.id,
            r.output,
            r.startedAt,
            r.endedAt,
            seconds(r.startedAt, r.endedAt),
            r.bytes,
            r.address,
            r.family,
            r.endReason,
          ]),
        )
        .join('');
    }
  }
  yield line(PLAY_HEAD);
  for (;;) {
    const rows = await db.prisma.play.findMany({
      where: where(after),
      orderBy: { id: 'asc' },
      take: BATCH,
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    yield rows
      .map((r) =>
        line([
          r.id,
          r.fileId,
          r.path,
          r.startedAt,
          r.endedAt,
          seconds(r.startedAt, r.endedAt),
          r.endReason,
          r.mode,
          r.listenersStart,
          r.listenersPeak,
          r.listenersEnd,
          r.tuneOuts,
        ]),
      )
      .join('');
  }
}
