// Structured logs (pino) with paraslash's log levels mapped onto pino's.
import { pino } from 'pino';
import type { Config } from './config.js';
import { LOG_RING, type LogRing } from './log-ring.js';

export type Logger = pino.Logger;

const LEVELS: Record<Config['loglevel'], pino.Level> = {
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warning: 'warn',
  error: 'error',
  crit: 'fatal',
  emerg: 'fatal',
};

export interface LogHandle {
  logger: Logger;
  /** reopen the log file (SIGHUP) */
  reopen(): void;
  setLevel(level: Config['loglevel']): void;
}

export function createLogger(
  cfg: Pick<Config, 'loglevel' | 'logfile'>,
  ring: LogRing = LOG_RING,
): LogHandle {
  const dest = cfg.logfile
    ? pino.destination({ dest: cfg.logfile, sync: false, mkdir: true })
    : pino.destination(2);
  // the logger's level filters; both streams take whatever passes it (the ring feeds server.log)
  const streams = pino.multistream([
    { level: 'trace', stream: dest },
    { level: 'trace', stream: ring },
  ]);
  const logger = pino({ level: LEVELS[cfg.loglevel], base: { pid: process.pid } }, streams);
  return {
    logger,
    reopen: () => {
      if (cfg.logfile) dest.reopen();
    },
    setLevel: (level) => {
      logger.level = LEVELS[level];
    },
  };
}

/** A logger that drops everything, for tests and the CLI. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
