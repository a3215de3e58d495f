// Wires the subsystems in order: database, afs, commands, doors. Never listens by itself, so tests
// build the whole server in process; start() opens the ports.
import fs from 'node:fs';
import path from 'node:path';
import { Afs, RedisBus, startAfsSync } from './afs/index.js';
import type { CommandTable, ServerControl, Services } from './commands/index.js';
import { buildCommandTable, PARAWEB_VERSION } from './commands/index.js';
import type { Config } from './config.js';
import type { Database } from './db/index.js';
import { isPostgresUrl, migrate, openDatabase, startCheckpointer } from './db/index.js';
import { libraryIndexOf } from './library/index.js';
import type { Logger } from './log.js';
import { startApiServer } from './transports/http/api-server.js';
import type { CommandServer } from './transports/tcp/index.js';
import { startCommandServer } from './transports/tcp/index.js';
import { UserList } from './users/index.js';
import { StreamHost } from './vss/index.js';

export interface App {
  config: Config;
  db: Database;
  afs: Afs;
  services: Services;
  commands: CommandTable;
  /** hup / term / si / tasks; main.ts replaces hup and terminate with the signal handlers */
  control: ServerControl;
  /** the command port, once started */
  commandServer?: CommandServer;
  /** opens the ports */
  start(): Promise<void>;
  /** drains listeners and closes the database */
  stop(): Promise<void>;
  /** SIGHUP: re-read the user list and the tables changed by another process */
  reload(): Promise<void>;
}

export interface Core {
  db: Database;
  afs: Afs;
  services: Services;
  commands: CommandTable;
}

/** Database (created or migrated), afs tables and the command table: all a command needs. */
export async function openCore(config: Config, logger: Logger): Promise<Core> {
  if (!isPostgresUrl(config.databaseUrl)) fs.mkdirSync(config.afsDatabaseDir, { recursive: true });
  const db = await openDatabase(config.databaseUrl);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const afs = await Afs.open(db);
    logger.info({ files: afs.files.size, database: db.kind }, 'audio file table loaded');
    if (config.afsInitialMode) {
      try {
        logger.info((await afs.selector.select(config.afsInitialMode)).lines.join('; '));
      } catch (err) {
        logger.warn(
          { err: String(err) },
          `--afs-initial-mode ${config.afsInitialMode} failed; dummy mood active`,
        );
      }
    }
    const services: Services = { afs, server: { version: PARAWEB_VERSION, startedAt: new Date() } };
    return { db, afs, services, commands: buildCommandTable() };
  } catch (err) {
    await db.close();
    throw err;
  }
}

export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const { db, afs, services, commands } = await openCore(config, logger);
  // SQLite checkpoints (fsync) in a worker, off the stream clock's thread
  const checkpointer = await startCheckpointer(db, {
    onError: (message) => logger.warn({ err: message }, 'WAL checkpoint failed'),
  });
  afs.log = (line) => logger.info(line);
  // the web library's path order and search texts are built in the background a second after
  // start, so the dashboard's first library page does not wait for a sort of every file
  libraryIndexOf(afs);
  if (config.afsInitialMode) {
    try {
      logger.info((await afs.selector.select(config.afsInitialMode)).lines.join('; '));
    } catch (err) {
      logger.warn(
        { err: String(err) },
        `--afs-initial-mode ${config.afsInitialMode} failed; dummy mood active`,
      );
    }
  }
  const users = new UserList(config.userList, {
    warn: (msg) => logger.warn(msg),
    info: (msg) => logger.info(msg),
  });
  await users.load();
  services.users = users;
  // streaming: the engine and the senders run on a thread of their own (vss/worker/host.ts);
  // a malformed --udp-target or --icecast-target throws E_CONFIG here, so a bad config fails at boot
  const vss = await StreamHost.open({
    afs,
    senders: config,
    announceTimeMs: config.announceTime,
    autoplay: config.autoplay,
    autoplayDelayMs: config.autoplayDelay,
    logger,
  }).catch(async (err: unknown) => {
    await checkpointer?.close();
    await afs.close();
    await db.close();
    throw err;
  });
  services.senders = vss.senders;
  services.vss = vss;
  services.status = vss;
  // several server processes on one database keep their tables in step through Redis (afs/sync)
  const peers = config.redisUrl
    ? new RedisBus(config.redisUrl, config.redisPrefix, {
        info: (msg) => logger.info(msg),
        warn: (msg) => logger.warn(msg),
      })
    : undefined;
  const sync = peers && startAfsSync(afs, peers, logger);
  const closers: (() => Promise<void>)[] = [];
  const listeners: { name: string; status: string }[] = [];
  let stopped: Promise<void> | undefined;

  const control: ServerControl = {
    hup: () => app.reload(),
    terminate: () => void app.stop(),
    loglevel: () => config.loglevel,
    played: () => vss.numPlayed,
    connections: () => app.commandServer?.counters() ?? { active: 0, authenticated: 0, total: 0 },
    tasks: () => [
      ...listeners,
      ...(peers ? [{ name: 'peer sync (redis)', status: peers.describe() }] : []),
      ...(app.commandServer?.connections() ?? []).map((c) => ({
        name: `command handler #${c.id}`,
        status: `${c.state}${c.user === undefined ? '' : `, user ${c.user}`}${c.command === undefined ? '' : `, ${c.command}`}`,
      })),
    ],
  };
  services.server.control = control;

  const app: App = {
    config,
    db,
    afs,
    services,
    commands,
    control,
    async start() {
      const api = await startApiServer({
        host: config.apiListenAddress,
        port: config.apiPort,
        db,
        commands,
        services,
        users,
        logger,
        peers,
        allowedOrigins: config.allowedOrigins,
      });
      closers.push(() => api.close());
      listeners.push({ name: 'web API', status: `listening on port ${api.port}` });
      logger.info({ port: api.port }, 'web API listening');
      const tcp = await startCommandServer({
        port: config.port,
        hosts: config.listenAddress,
        users,
        commands,
        services,
        logger,
      });
      app.commandServer = tcp;
      closers.push(() => tcp.close());
      listeners.push({ name: 'command port', status: `listening on port ${tcp.port}` });
      logger.info({ port: tcp.port, users: users.size }, 'command port listening');
      listeners.push(...(await vss.start()));
      closers.push(() => vss.close());
    },
    stop() {
      stopped ??= (async () => {
        for (const close of closers.reverse())
          await close().catch((err: unknown) => logger.error({ err }, 'close failed'));
        sync?.close();
        peers?.close();
        await afs.close();
        await checkpointer?.close();
        await db.close();
      })();
      return stopped;
    },
    async reload() {
      await users.load();
      await afs.reload();
      logger.info({ files: afs.files.size }, 'tables reloaded');
    },
  };
  return app;
}

/** where the server leaves its pid, so the admin CLI can ask it to reload */
export function pidFile(config: Pick<Config, 'afsDatabaseDir'>): string {
  return path.join(config.afsDatabaseDir, 'para_server.pid');
}
