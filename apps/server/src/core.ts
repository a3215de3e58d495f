// The core a command needs, without doors or stream: the database (created or migrated), the afs
// tables in their initial mode, the schedule, the request queue and the command table. The server
// (app.ts) builds on it; para_admin runs commands on it alone.
import fs from 'node:fs';
import { Afs } from './afs/index.js';
import type { CommandTable, Services } from './commands/index.js';
import { buildCommandTable, PARAWEB_VERSION } from './commands/index.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import { isPostgresUrl, migrate, openDatabase } from './db/index.js';
import type { Logger } from './log.js';
import type { RequestQueueOptions } from './requests/index.js';
import { RequestQueue } from './requests/index.js';
import { Schedule } from './schedule/index.js';
import { AudienceQueries } from './audience/index.js';
import { renditionStore } from './renditions/index.js';

export interface Core {
  db: Database;
  afs: Afs;
  services: Services;
  commands: CommandTable;
}

/** Starts the mood or playlist of --afs-initial-mode; a failure leaves the dummy mood. */
async function selectInitialMode(afs: Afs, config: Config, logger: Logger): Promise<void> {
  if (!config.afsInitialMode) return;
  try {
    logger.info((await afs.selector.select(config.afsInitialMode)).lines.join('; '));
  } catch (err) {
    logger.warn(
      { err: String(err) },
      `--afs-initial-mode ${config.afsInitialMode} failed; dummy mood active`,
    );
  }
}

/** The database (created or migrated) and the afs tables, in the initial mode. */
export async function openTables(
  config: Config,
  logger: Logger,
): Promise<{ db: Database; afs: Afs }> {
  if (!isPostgresUrl(config.databaseUrl)) fs.mkdirSync(config.afsDatabaseDir, { recursive: true });
  const db = await openDatabase(config.databaseUrl);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const afs = await Afs.open(db);
    logger.info({ files: afs.files.size, database: db.kind }, 'audio file table loaded');
    await selectInitialMode(afs, config, logger);
    return { db, afs };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** a mood with this line closes requests while it plays */
const REQUESTS_OFF = /^\s*#\s*paraweb:\s*requests\s*[= ]\s*off\s*$/m;

/** the request queue's rules and hooks, from the options */
export function requestOptions(
  config: Config,
  afs: Afs,
  listeners?: () => number,
): RequestQueueOptions {
  return {
    attribute: config.requestAttribute,
    mood: config.requestMood,
    autoApprove: config.requestAutoApprove,
    intervalMin: config.requestInterval,
    repeatMin: config.requestRepeatMinutes,
    maxPending: config.requestMaxPending,
    listeners,
    closed: async () => {
      const spec = afs.selector.spec;
      if (!spec.startsWith('m/')) return false;
      const text = Buffer.from(await afs.blobs.mood.get(spec.slice(2))).toString('utf8');
      return REQUESTS_OFF.test(text);
    },
  };
}

/** The database, the tables and the command table: all a command needs (para_admin). */
export async function openCore(config: Config, logger: Logger): Promise<Core> {
  const { db, afs } = await openTables(config, logger);
  const schedule = await Schedule.open(db, afs, { zone: config.scheduleTimezone });
  const requests = await RequestQueue.open(db, afs, requestOptions(config, afs));
  const services: Services = {
    afs,
    server: { version: PARAWEB_VERSION, startedAt: new Date() },
    schedule,
    audience: new AudienceQueries(db),
    requests,
    // para_admin rendition make: renders ahead without a server (npm run up warms the demo)
    renditions: renditionStore(config, afs, logger),
  };
  return { db, afs, services, commands: buildCommandTable() };
}
