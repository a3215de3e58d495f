// Forwarding of the commands that act on the playout leader (issue #21): a standby sends them to
// the leader over the Redis bus; the leader runs them and answers. run.ts decides what goes.
import type { PeerBus } from '../../afs/index.js';
import type { CommandTable } from '../run.js';
import type { LeaderForward, Services } from '../types.js';
import { Forwarder } from './forwarder.js';
import { throttledWarn } from './messages.js';
import { serveForwarded } from './serve.js';

export { RUN_TOPIC, REPLY_TOPIC } from './messages.js';

/** how long a standby waits for the leader's answer */
export const FORWARD_TIMEOUT_MS = 5000;

export interface ForwardingOptions {
  bus: PeerBus;
  /** the table forwarded commands run from on the leader (the server's own) */
  commands: CommandTable;
  /** with the election (services.leader): absent on SQLite, so nothing is forwarded */
  services: Services;
  timeoutMs?: number;
  /** the process log (pino) */
  logger: { warn(msg: string): void; error(obj: { err: unknown }, msg: string): void };
}

export interface Forwarding {
  /** what run.ts asks on a standby (Services.forward) */
  forward: LeaderForward;
  close(): void;
}

/** Both sides at once: every node may lead or stand by, and changes between them. */
export function startForwarding(opts: ForwardingOptions): Forwarding | undefined {
  const election = opts.services.leader;
  if (!election) return undefined;
  const warn = throttledWarn((msg) => opts.logger.warn(msg));
  const forwarder = new Forwarder(opts.bus, election, opts.timeoutMs ?? FORWARD_TIMEOUT_MS, warn);
  const stopServing = serveForwarded({
    ...opts,
    election,
    warn,
    error: (err, msg) => opts.logger.error({ err }, msg),
  });
  return {
    forward: forwarder,
    close() {
      forwarder.close();
      stopServing();
    },
  };
}
