// The server-side services both web doors (tRPC and socket.io) read from; app.ts wires them.
import type { CommandTable, Services } from '../../commands/index.js';
import type { LoginLimiter, UserDirectory, WebAuth } from '../../web-auth/index.js';
import type { JobRegistry } from './jobs.js';

/** The server-side services the web API reads from; app.ts wires the real ones in. */
export interface ApiServices {
  commands: CommandTable;
  services: Services;
  auth: WebAuth;
  users: UserDirectory;
  jobs: JobRegistry;
  /** failed logins per address and per user name */
  loginFailures: LoginLimiter;
  /** add `Secure` to the session cookie (when the API is served over https) */
  secureCookies: boolean;
  /** what an operator reads in the log: logins and failed logins (requests themselves are debug) */
  log: WebLog;
}

/** the part of the process logger the web doors write to */
export interface WebLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}
