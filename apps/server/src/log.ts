// Structured logs (pino) with paraslash's log levels mapped onto pino's.
import { pino } from 'pino';
import type { Config } from './config.js';

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

export function createLogger(cfg: Pick<Config, 'loglevel' | 'logfile'>): LogHandle {
  const dest = cfg.logfile
    ? pino.destination({ dest: cfg.logfile, sync: false, mkdir: true })
    : pino.destination(2);
  const logger = pino({ level: LEVELS[cfg.loglevel], base: { pid: process.pid } }, dest);
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
