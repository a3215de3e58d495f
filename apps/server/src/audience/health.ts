// Readiness (GET /readyz, issue #17): the database answers, the stream thread runs, and the
// stream is either playing or stopped on purpose (no dead air). On PostgreSQL it also says which
// node leads the playout (a standby is ready: it serves the API, the pages and the command port).
import type { Database } from '../db/index.js';

export interface Readiness {
  ready: boolean;
  checks: { database: string; stream: string; audio: string; leader?: string };
}

const DB_TIMEOUT_MS = 2000;

export async function readiness(opts: {
  db: Database;
  streamUp: () => boolean;
  playing: () => boolean;
  deadAirSince: () => number | null;
  /** the playout leader's state in words (PostgreSQL), or undefined (SQLite: one box) */
  leader?: () => string;
}): Promise<Readiness> {
  let database = 'ok';
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      opts.db.prisma.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer in ${DB_TIMEOUT_MS} ms`)),
          DB_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    database = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
  const stream = opts.streamUp() ? 'ok' : 'the stream thread is not running';
  const dead = opts.deadAirSince();
  const audio =
    dead !== null
      ? `dead air since ${new Date(dead).toISOString()}`
      : opts.playing()
        ? 'playing'
        : 'stopped';
  const ready = database === 'ok' && stream === 'ok' && dead === null;
  const leader = opts.leader?.();
  return {
    ready,
    checks: { database, stream, audio, ...(leader === undefined ? {} : { leader }) },
  };
}
