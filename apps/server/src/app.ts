// Wires the subsystems in order: database, afs, commands, doors. Never listens by itself, so tests
// build the whole server in process; start() opens the ports.
import { Afs, FolderWatch, openRedisBus, shareTables, startAfsSync } from './afs/index.js';
import type { CommandTable, ServerControl, Services } from './commands/index.js';
import { buildCommandTable, PARAWEB_VERSION, startForwarding } from './commands/index.js';
import type { Config, ConfigResult } from './config.js';
import type { Database } from './db/index.js';
import { startCheckpointer } from './db/index.js';
import { libraryIndexOf } from './library/index.js';
import { Station, StationStore, stationOptions } from './station/index.js';
import { Relays } from './relays/index.js';
import type { LogHandle } from './log.js';
import { RunningCommands } from './running-commands.js';
import { openTables, requestOptions } from './core.js';
import { RequestQueue } from './requests/index.js';
import { Schedule, Scheduler } from './schedule/index.js';
import { withItems } from './status/extra.js';
import { Audience, AudienceQueries, readiness } from './audience/index.js';
import { startApiServer } from './transports/http/api-server.js';
import { startMetricsServer } from './transports/http/observe.js';
import type { CommandServer } from './transports/tcp/index.js';
import { startCommandServer } from './transports/tcp/index.js';
import { UserList } from './users/index.js';
import { StreamHost } from './vss/index.js';
import type { MountFeeder } from './senders/mounts/index.js';
import { renditionStore } from './renditions/index.js';
import { electsLeader, gainLead, playoutLeader } from './playout-leader.js';
import { HlsLeader } from './hls-leader.js';
import { scheduleActions } from './schedule-actions.js';

export { scheduleActions };

export interface App {
  config: Config;
  db: Database;
  afs: Afs;
  services: Services;
  commands: CommandTable;
  /** listener sessions, plays, metrics (audience/) */
  audience: Audience;
  /** hup / term / si / tasks, as the commands see them */
  control: ServerControl;
  /** the command port, once started */
  commandServer?: CommandServer;
  /** opens the ports */
  start(): Promise<void>;
  /** cancels running commands, closes the doors, the stream, the tables, the database */
  stop(): Promise<void>;
  /** SIGHUP and hup: the log file, the config file (log level), the user list, the tables */
  reload(): Promise<void>;
}

export interface AppOptions {
  /** the process log; hup reopens its file and sets its level */
  log: LogHandle;
  /** hup: the configuration read again, the config file over the command line (server-main.ts);
   * without it hup keeps the configuration the app was built with */
  rereadConfig?: () => ConfigResult;
  /** term, after the clean stop (server-main.ts ends the process); without it term only stops */
  onTerminate?: () => void;
  /** the schedule's clock (ms since the epoch); tests inject one to reach a start in seconds */
  scheduleClock?: () => number;
}

/** how long shutdown waits for cancelled commands (an add writes the rows it has read); well
 * inside the 90 s a service manager (systemd) gives a stop before it kills */
const COMMANDS_STOP_MS = 30_000;
const MB = 1024 * 1024;

/** The whole server, built in dependency order; nothing is set on it afterwards. */
export async function buildApp(config: Config, opts: AppOptions): Promise<App> {
  const { logger } = opts.log;
  const { db, afs } = await openTables(config, logger);
  const undo: (() => Promise<void>)[] = [() => db.close(), () => afs.close()];
  const unwind = async (err: unknown): Promise<never> => {
    for (const close of undo.reverse()) await close().catch(() => {});
    throw err;
  };
  // SQLite checkpoints (fsync) in a worker, off the stream clock's thread; the worker runs only
  // while the log has something to checkpoint
  const checkpointer = startCheckpointer(db, {
    onError: (message) => logger.warn({ err: message }, 'WAL checkpoint failed'),
  });
  if (checkpointer) undo.push(() => checkpointer.close());
  afs.log = (line) => logger.info(line);
  // the web library's path order and search texts are built in the background a second after
  // start, so the dashboard's first library page does not wait for a sort of every file
  libraryIndexOf(afs);
  const users = new UserList(config.userList, {
    warn: (msg) => logger.warn(msg),
    info: (msg) => logger.info(msg),
  });
  await users.load().catch(unwind);
  // the audience: listener sessions, plays, metrics, dead air, webhooks (audience/); it hears
  // the stream thread through the host, and asks the host (vss, below) whether playing is
  // wanted; it asks only once started
  const log = {
    info: (msg: string) => logger.info(msg),
    warn: (msg: string) => logger.warn(msg),
    error: (msg: string) => logger.error(msg),
  };
  // the Icecast relays in front of this server (--relay): polled by the audience once started
  const relays = new Relays({ specs: config.relay, everyMs: config.relayInterval * 1000, log });
  const audience = new Audience({
    relays,
    db,
    afs,
    playing: () => vss.isPlaying,
    streamUp: () => vss.isAlive,
    deadAirSeconds: config.deadAir,
    addressMode: config.audienceAddresses,
    minuteDays: config.audienceMinuteDays,
    sessionDays: config.audienceSessionDays,
    webhooks: {
      urls: config.webhookUrl,
      secret: config.webhookSecret,
      listeners: config.webhookListeners,
    },
    log,
  });
  // streaming: the engine and the senders run on a thread of their own (vss/worker/host.ts);
  // a malformed --udp-target or --icecast-target throws E_CONFIG here, so a bad config fails at boot
  // what the live mounts stream of each file: the files already in a mount's format as they are,
  // the others as renditions (ffmpeg, off this thread, cached under the database directory)
  const renditions = renditionStore(config, afs, logger);
  audience.metrics.setRenditionSource(() => renditions.stateCounts());
  const mountFeeder: MountFeeder = renditions;
  // on PostgreSQL HLS follows the lead, its sequence kept for the next leader (hls-leader.ts)
  const hlsLeader = electsLeader(config) ? new HlsLeader(db, logger) : undefined;
  const vss: StreamHost = await StreamHost.open({
    afs,
    senders: config,
    feeder: mountFeeder,
    announceTimeMs: config.announceTime,
    // on PostgreSQL the elected leader alone plays (playout-leader.ts)
    autoplay: config.autoplay && !electsLeader(config),
    autoplayDelayMs: config.autoplayDelay,
    logger,
    audience,
    hls: hlsLeader?.hostOptions(),
  }).catch(unwind);
  const playout = playoutLeader(
    config,
    vss,
    logger,
    () => services.status?.changed?.(),
    (sawLeader) => gainLead(db, services, sawLeader, (line) => logger.info(line)),
  );
  if (playout)
    audience.metrics.setLeaderSource(() => ({
      node: playout.election.node,
      leads: playout.election.isLeader,
    }));
  // several server processes on one database keep their tables in step through Redis (afs/sync)
  const peers = config.redisUrl
    ? await openRedisBus(db, config.redisUrl, config.redisPrefix, {
        info: (msg) => logger.info(msg),
        warn: (msg) => logger.warn(msg),
      }).catch(unwind)
    : undefined;
  const sync = peers && startAfsSync(afs, peers, logger);
  if (playout && hlsLeader) hlsLeader.follow(playout.election, vss, peers);
  const schedule = await Schedule.open(db, afs, {
    zone: config.scheduleTimezone,
    now: opts.scheduleClock,
  }).catch(unwind);
  // watched folders (afs/watch): started with the doors, so a test can build without watching
  const watch = new FolderWatch(afs, {
    roots: config.afsWatch,
    settleMs: config.afsWatchSettle,
    scanIntervalMs: config.afsWatchScanInterval * 1000,
    graceSeconds: config.afsMissingGrace,
    scanOnly: config.afsWatchScanOnly,
    log: { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) },
  });
  // the public station: settings (options, then the dashboard's row), the log of recent plays
  const stationStore = new StationStore(db, stationOptions(config));
  await stationStore.load().catch(unwind);
  // the last plays: the feed from now on, the play history table (audience/) for earlier runs
  const station = new Station({
    store: stationStore,
    afs,
    feed: vss,
    senders: () => vss.senders,
    history: (limit) => new AudienceQueries(db).history({ limit }),
    warn: (msg) => logger.warn(msg),
    relays,
    audienceSum: () => audience.summed(),
  });
  await station.start();
  const requests = await RequestQueue.open(
    db,
    afs,
    requestOptions(config, afs, () =>
      vss.senders.all().reduce((n, sender) => n + sender.listenerCount(), 0),
    ),
  ).catch(unwind);
  // a schedule entry or a request taken by any process reaches the others (the leader acts on it)
  const unshare = peers && shareTables(peers, [schedule, requests], logger);

  const running = new RunningCommands();
  const commands = running.track(buildCommandTable());
  const closers: (() => Promise<void>)[] = [];
  const listeners: { name: string; status: string }[] = [];
  let commandServer: CommandServer | undefined;
  let loglevel = config.loglevel;
  let stopped: Promise<void> | undefined;

  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const left = await running.stop(COMMANDS_STOP_MS);
      if (left > 0) logger.warn({ commands: left }, 'commands still running at shutdown');
      renditions.close();
      await watch.close();
      for (const close of closers.reverse())
        await close().catch((err: unknown) => logger.error({ err }, 'close failed'));
      station.stop();
      forwarding?.close();
      unshare?.();
      sync?.close();
      peers?.close();
      await afs.close();
      await checkpointer?.close();
      await db.close();
    })());

  const reload = async (): Promise<void> => {
    opts.log.reopen();
    const again = opts.rereadConfig?.();
    if (again && !again.ok)
      logger.error({ errors: again.errors }, 'config file not reloaded; the old settings stay');
    else if (again && 'config' in again) {
      loglevel = again.config.loglevel;
      opts.log.setLevel(loglevel);
    }
    await users.load();
    await afs.reload();
    await schedule.load();
    await stationStore.load();
    await requests.load();
    logger.info({ files: afs.files.size }, 'tables reloaded');
  };

  const control: ServerControl = {
    hup: reload,
    terminate: () => {
      if (opts.onTerminate) opts.onTerminate();
      else void stop();
    },
    loglevel: () => loglevel,
    played: () => vss.numPlayed,
    connections: () => commandServer?.counters() ?? { active: 0, authenticated: 0, total: 0 },
    tasks: () => [
      ...listeners,
      ...(peers ? [{ name: 'peer sync (redis)', status: peers.describe() }] : []),
      ...(playout ? [playout.task()] : []),
      ...(commandServer?.connections() ?? []).map((c) => ({
        name: `command handler #${c.id}`,
        status: `${c.state}${c.user === undefined ? '' : `, user ${c.user}`}${c.command === undefined ? '' : `, ${c.command}`}`,
      })),
    ],
  };
  const services: Services = {
    afs,
    server: { version: PARAWEB_VERSION, startedAt: new Date(), control },
    users,
    senders: vss.senders,
    renditions,
    vss,
    // the stream's status items, then the schedule's
    status: withItems(vss, () => {
      const it = services.scheduler?.items();
      return [
        ['schedule_entry', it?.entry ?? ''],
        ['schedule_next', it?.next ?? ''],
        ...(playout?.items() ?? []),
      ];
    }),
    schedule,
    watch,
    station,
    audience: new AudienceQueries(db),
    listenersNow: () => audience.now(),
    metrics: audience.metrics,
    webhooks: audience.webhooks,
    requests,
    leader: playout?.election,
  };
  // a standby sends the stream's commands to the leader over Redis (commands/forward/)
  const forwarding = peers && startForwarding({ bus: peers, commands, services, logger });
  services.forward = forwarding?.forward;
  const observe = {
    metrics: audience.metrics,
    token: config.metricsToken,
    metricsOnApiPort: config.metricsPort === 0,
    ready: () =>
      readiness({
        db,
        streamUp: () => vss.isAlive,
        playing: () => vss.isPlaying,
        deadAirSince: () => audience.now().deadAirSince,
        ...(playout ? { leader: () => playout.task().status } : {}),
      }),
  };
  const scheduler = new Scheduler(
    schedule,
    scheduleActions(services, schedule, vss, (line) => logger.info(line)),
  );
  services.scheduler = scheduler;
  // plays name the schedule entry whose mode chose them
  audience.setScheduleSource(() => {
    const e = scheduler.state().active?.entry;
    return e && { id: e.id, mode: e.mode };
  });
  afs.setNextFilePolicy({
    ...scheduler.policy,
    front: () => requests.front(),
    unplayable: (id) => requests.unplayable(id),
  });

  const app: App = {
    config,
    db,
    afs,
    services,
    commands,
    audience,
    control,
    get commandServer() {
      return commandServer;
    },
    async start() {
      await audience.start();
      closers.push(() => audience.close());
      if (config.metricsPort !== 0) {
        const m = await startMetricsServer({
          ...observe,
          host: config.metricsListenAddress,
          port: config.metricsPort,
        });
        closers.push(() => m.close());
        listeners.push({ name: 'metrics', status: `listening on port ${m.port}` });
      }
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
        publicApi: { maxEvents: config.publicMaxEvents, rateLimit: config.publicRateLimit },
        observe,
        uploads: config.uploadDir
          ? {
              dir: config.uploadDir,
              subdir: config.uploadSubdir,
              maxBytes: config.uploadMaxSize * MB,
              dailyBytes: config.uploadDailyLimit * MB,
              extensions: config.uploadExtensions.map((e) => e.replace(/^\./, '').toLowerCase()),
              minFreeBytes: config.uploadMinFree * MB,
            }
          : undefined,
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
      commandServer = tcp;
      closers.push(() => tcp.close());
      listeners.push({ name: 'command port', status: `listening on port ${tcp.port}` });
      logger.info({ port: tcp.port, users: users.size }, 'command port listening');
      // the scheduled mode is selected before the stream starts
      await scheduler.start();
      closers.push(() => Promise.resolve(scheduler.stop()));
      listeners.push(...(await vss.start()));
      closers.push(() => vss.close());
      if (hlsLeader) closers.push(() => hlsLeader.settled());
      // after the stream, so that a leader can play; closed before it (closers run reversed)
      if (playout) {
        closers.push(() => playout.close());
        await playout.start();
      }
      await watch.start();
    },
    stop,
    reload,
  };
  return app;
}
