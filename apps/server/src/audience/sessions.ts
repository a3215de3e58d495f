// Listener sessions into the database (issue #17), in batches off the stream thread: a session is
// written when it starts and completed when it ends, and a mark says up to when everything was
// written, so a crash loses at most the last flush (sessions it left open end at the mark).
import { type Database, inList, ph, valuesList } from '../db/index.js';
import type { SessionClosed, SessionOpened } from '../vss/index.js';
import { type AddressMode, playerFamily, storedAddress } from './privacy.js';

/** rows per INSERT: 7 parameters each stay far below SQLite's limit of 32,766 */
const ROWS_PER_INSERT = 1000;
const COLUMNS = ['output', 'startedAt', 'endedAt', 'bytes', 'address', 'family', 'endReason'];

/** a flush of this many rows or more lets go of its parameters (db/query-history.ts) */
const FORGET_ROWS = 100;

/** sessions waiting to be written beyond this are dropped (the database is away): memory stays bounded */
const MAX_PENDING = 200_000;

export interface SessionWriterOptions {
  addressMode: AddressMode;
  warn: (msg: string) => void;
}

interface OpenRow {
  id: number;
  output: string;
  /** ms since the epoch: a Date for each open session was ~100 bytes more per listener */
  startedMs: number;
  address: string | null;
  family: string;
}

export class SessionWriter {
  private opened: SessionOpened[] = [];
  private closed: SessionClosed[] = [];
  /** the stream thread's session id -> its row as written (open) */
  private readonly rows = new Map<number, OpenRow>();
  private markMs = 0;
  private droppedWarned = false;

  constructor(
    private readonly db: Database,
    private readonly opts: SessionWriterOptions,
  ) {}

  /** Sessions a crash left open end where the last flush marked (or where they started). */
  async recover(): Promise<number> {
    const { prisma } = this.db;
    const mark = await prisma.audienceMark.findUnique({ where: { id: 1 } });
    const open = await prisma.listenerSession.findMany({
      where: { endedAt: null },
      select: { id: true, startedAt: true },
    });
    for (const s of open) {
      const end = mark && mark.at > s.startedAt ? mark.at : s.startedAt;
      await prisma.listenerSession.update({
        where: { id: s.id },
        data: { endedAt: end, endReason: 'server_stopped' },
      });
    }
    return open.length;
  }

  add(opened: readonly SessionOpened[], closed: readonly SessionClosed[], atMs: number): void {
    if (this.opened.length + this.closed.length > MAX_PENDING) {
      if (!this.droppedWarned)
        this.opts.warn('audience: the database does not keep up; listener sessions dropped');
      this.droppedWarned = true;
      return;
    }
    this.opened.push(...opened);
    this.closed.push(...closed);
    this.markMs = atMs;
  }

  /** The stream thread died: its sessions end now. */
  endAll(atMs: number): void {
    const open = new Set([...this.rows.keys(), ...this.opened.map((o) => o.id)]);
    for (const c of this.closed) open.delete(c.id);
    for (const id of open) this.closed.push({ id, atMs, bytes: -1, end: 'other' });
    this.markMs = atMs;
  }

  /** Writes what gathered since the last flush, in one transaction. */
  async flush(): Promise<void> {
    const opened = this.opened;
    const closed = this.closed;
    const markMs = this.markMs;
    // the mark bounds the sessions a crash would leave open: with none open there is nothing to
    // write (an idle server wrote it every flush, which kept the WAL checkpointer busy)
    const nothingOpen = this.rows.size === 0 && opened.length === 0;
    if (opened.length === 0 && closed.length === 0 && (markMs === 0 || nothingOpen)) return;
    this.opened = [];
    this.closed = [];
    const { prisma } = this.db;
    const closedById = new Map(closed.map((c) => [c.id, c]));
    // a session that began and ended within one flush is written whole
    const data = opened.map((o) => {
      const c = closedById.get(o.id);
      return {
        output: o.output,
        startedAt: new Date(o.atMs),
        endedAt: c ? new Date(c.atMs) : null,
        bytes: BigInt(Math.max(0, c?.bytes ?? 0)),
        address: storedAddress(o.address, this.opts.addressMode),
        family: playerFamily(o.userAgent),
        endReason: c?.end ?? null,
      };
    });
    const newRows = new Map<number, OpenRow>();
    const justOpened = new Set(opened.map((o) => o.id));
    // sessions written open before and closed now: written whole again (one delete and one
    // insert for all of them, not an update each: 5,000 listeners leaving stay one quick write)
    const done = closed.flatMap((c) => {
      const row = justOpened.has(c.id) ? undefined : this.rows.get(c.id);
      return row
        ? [
            {
              id: row.id,
              output: row.output,
              startedAt: new Date(row.startedMs),
              address: row.address,
              family: row.family,
              endedAt: new Date(c.atMs),
              endReason: c.end,
              bytes: BigInt(Math.max(0, c.bytes)),
            },
          ]
        : [];
    });
    // one batch transaction (no round trip through this thread between its statements: on
    // SQLite's one connection every other query waits while it runs), in hand-written SQL: the
    // ORM's per-row work took most of the CPU the audience costs (bench/audience.bench.mjs)
    const write = prisma.$transaction(sessionWrites(this.db, data, done, markMs));
    try {
      // one INSERT per slice of rows: each numbers its rows in their order
      const results = await write;
      const ids = results
        .slice(0, Math.ceil(data.length / ROWS_PER_INSERT))
        .flatMap((r) =>
          (r as { id: number | bigint }[]).map((x) => Number(x.id)).sort((a, b) => a - b),
        );
      opened.forEach((o, i) => {
        const d = data[i]!;
        if (!closedById.has(o.id))
          newRows.set(o.id, {
            id: ids[i]!,
            output: d.output,
            startedMs: d.startedAt.getTime(),
            address: d.address,
            family: d.family,
          });
      });
    } catch (err) {
      // nothing was written: the next flush tries again with these
      this.opened = [...opened, ...this.opened];
      this.closed = [...closed, ...this.closed];
      throw err;
    } finally {
      // Prisma's debug history would hold this batch's parameters until 100 more queries
      if (data.length + done.length >= FORGET_ROWS) this.db.forgetQueryArgs();
    }
    for (const c of closed) this.rows.delete(c.id);
    for (const [id, row] of newRows) this.rows.set(id, row);
    this.droppedWarned = false;
  }
}

interface SessionRow {
  id?: number;
  output: string;
  startedAt: Date;
  endedAt: Date | null;
  bytes: bigint;
  address: string | null;
  family: string;
  endReason: string | null;
}

/**
 * The statements of one flush: new rows (their ids returned, in ascending order per INSERT as
 * autoincrement gives them), the completed rows written again whole under their ids, the mark.
 */
function sessionWrites(
  db: Database,
  fresh: readonly SessionRow[],
  done: readonly SessionRow[],
  markMs: number,
) {
  const { prisma, kind } = db;
  const cols = COLUMNS.map((c) => `"${c}"`).join(', ');
  const values = (r: SessionRow) => [
    r.output,
    r.startedAt,
    r.endedAt,
    Number(r.bytes),
    r.address,
    r.family,
    r.endReason,
  ];
  const writes = [];
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
    const rows = fresh.slice(i, i + ROWS_PER_INSERT);
    writes.push(
      prisma.$queryRawUnsafe(
        `INSERT INTO "ListenerSession" (${cols}) VALUES ${valuesList(kind, rows.length, COLUMNS.length)} RETURNING "id"`,
        ...rows.flatMap(values),
      ),
    );
  }
  for (let i = 0; i < done.length; i += ROWS_PER_INSERT) {
    const rows = done.slice(i, i + ROWS_PER_INSERT);
    const ids = rows.map((r) => r.id!);
    writes.push(
      prisma.$executeRawUnsafe(
        `DELETE FROM "ListenerSession" WHERE "id" IN ${inList(kind, ids.length)}`,
        ...ids,
      ),
      prisma.$executeRawUnsafe(
        `INSERT INTO "ListenerSession" ("id", ${cols}) VALUES ${valuesList(kind, rows.length, COLUMNS.length + 1)}`,
        ...rows.flatMap((r) => [r.id!, ...values(r)]),
      ),
    );
  }
  if (markMs > 0) {
    writes.push(
      prisma.$executeRawUnsafe(
        `INSERT INTO "AudienceMark" ("id", "at") VALUES (1, ${ph(kind, 1)}) ` +
          `ON CONFLICT ("id") DO UPDATE SET "at" = excluded."at"`,
        new Date(markMs),
      ),
    );
  }
  return writes;
}
