// para_server (started by main.ts once its V8 flags are set): reads the configuration, takes the pid file, builds the app, listens, handles
// signals. Nothing else. Exit status as para_server's: 0 after --help/--version and a clean
// shutdown, 1 (EXIT_FAILURE) for a bad configuration or a failed start.
import os from 'node:os';
import { buildApp } from './app.js';
import { PARAWEB_VERSION } from './commands/index.js';
import { helpText, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { claimServerLocks } from './pid-file.js';

const EXIT_FAILURE = 1;
const argv = process.argv.slice(2);

async function main(): Promise<number> {
  const loaded = loadConfig(argv);
  if (!loaded.ok) {
    process.stderr.write(
      `para_server: invalid configuration:\n${loaded.errors.map((e) => `  ${e}\n`).join('')}`,
    );
    return EXIT_FAILURE;
  }
  if ('exit' in loaded) {
    process.stdout.write(
      loaded.exit === 'version'
        ? `para_server ${PARAWEB_VERSION} (paraweb)\n`
        : helpText(loaded.exit === 'detailed-help'),
    );
    return 0;
  }
  const { config, warnings } = loaded;
  const log = createLogger(config);
  for (const w of warnings) log.logger.warn(w);
  if (config.priority !== 0) {
    try {
      os.setPriority(config.priority);
    } catch (err) {
      log.logger.warn({ err: String(err) }, `--priority ${config.priority} not applied`);
    }
  }
  // the lock against a second server on this directory (and SQLite file), and how para_admin
  // finds this one
  const pid = claimServerLocks(config.afsDatabaseDir, config.databaseUrl);

  // signals that arrive while the app is built are acted on once it is there
  let stopping: string | undefined;
  let hupPending = false;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const stop = (signal: string): void => {
    if (stopping !== undefined) return;
    stopping = signal;
    if (!app) return;
    log.logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => {
        pid.release();
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.logger.error({ err }, 'shutdown failed');
        pid.release();
        process.exit(EXIT_FAILURE);
      });
  };
  const hup = (): void => {
    if (!app) {
      hupPending = true;
      return;
    }
    app.reload().catch((err: unknown) => log.logger.error({ err }, 'reload failed'));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', hup);

  try {
    const built = await buildApp(config, {
      log,
      rereadConfig: () => loadConfig(argv, undefined, { reload: true }),
      onTerminate: () => stop('term'),
    });
    if (stopping === undefined) await built.start();
    app = built;
  } catch (err) {
    pid.release();
    throw err;
  }
  if (stopping !== undefined) {
    const signal = stopping;
    stopping = undefined;
    stop(signal);
    return -1;
  }
  if (hupPending) hup();
  log.logger.info({ version: PARAWEB_VERSION }, 'para_server started');
  return -1; // keep running
}

main()
  .then((code) => {
    if (code >= 0) process.exit(code);
  })
  .catch((err: unknown) => {
    process.stderr.write(`para_server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT_FAILURE);
  });
