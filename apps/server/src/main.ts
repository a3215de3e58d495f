#!/usr/bin/env node
// para_server: reads the configuration, builds the app, listens, handles signals. Nothing else.
import fs from 'node:fs';
import { buildApp, pidFile } from './app.js';
import { PARAWEB_VERSION } from './commands/index.js';
import { helpText, loadConfig } from './config.js';
import { createLogger } from './log.js';

async function main(): Promise<number> {
  const loaded = loadConfig(process.argv.slice(2));
  if (!loaded.ok) {
    process.stderr.write(
      `para_server: invalid configuration:\n${loaded.errors.map((e) => `  ${e}\n`).join('')}`,
    );
    return 2;
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
  const app = await buildApp(config, log.logger);
  await app.start();
  fs.writeFileSync(pidFile(config), `${process.pid}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.logger.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => {
        fs.rmSync(pidFile(config), { force: true });
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  let loglevel = config.loglevel;
  // SIGHUP and the hup command: config file (log level), log file, user list, tables
  const hup = async (): Promise<void> => {
    log.reopen();
    const again = loadConfig(process.argv.slice(2));
    if (again.ok && 'config' in again) {
      loglevel = again.config.loglevel;
      log.setLevel(loglevel);
    } else if (!again.ok) log.logger.error({ errors: again.errors }, 'config file not reloaded');
    await app.reload();
  };
  app.control.hup = hup;
  app.control.loglevel = () => loglevel;
  app.control.terminate = () => stop('term');
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    hup().catch((err: unknown) => log.logger.error({ err }, 'reload failed'));
  });
  log.logger.info({ version: PARAWEB_VERSION }, 'para_server started');
  return -1; // keep running
}

main()
  .then((code) => {
    if (code >= 0) process.exit(code);
  })
  .catch((err: unknown) => {
    process.stderr.write(`para_server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
