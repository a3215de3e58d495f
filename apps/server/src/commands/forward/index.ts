// Forwarding of the commands that act on the playout leader (issue #21): a standby sends them to
// the leader over the Redis bus; the leader runs them and answers. run.ts decides what goes.
import type { PeerBus } from '../../afs/index.js';
import type { CommandTable } from '../run.js';
import type { LeaderControl, LeaderForward, Services } from '../types.js';
import { Forwarder } from './forwarder.js';
import { throttledWarn } from './messages.js';
import { serveForwarded } from './serve.js';

export { RUN_TOPIC, REPLY_TOPIC } from './messages.js';

/** how long a standby waits for the leader's answer */
export const FORWARD_TIMEOUT_MS = 5000;

export interface ForwardingOptions {
  bus: PeerBus;
  election: LeaderControl;
  /** the table forwarded commands run from on the leader (the server's own) */
  commands: CommandTable;
  services: Services;
  timeoutMs?: number;
  log: { warn(msg: string): void; error(err: unknown, msg: string): void };
}

export interface Forwarding {
  /** what run.ts asks on a standby (Services.forward) */
  forward: LeaderForward;
  close(): void;
}

/** Both sides at once: every node may lead or stand by, and changes between them. */
export function startForwarding(opts: ForwardingOptions): Forwarding {
  const warn = throttledWarn((msg) => opts.log.warn(msg));
  const forwarder = new Forwarder(
    opts.bus,
    opts.election,
    opts.timeoutMs ?? FORWARD_TIMEOUT_MS,
    warn,
  );
  const stopServing = serveForwarded({
    ...opts,
    warn,
    error: (err, msg) => opts.log.error(err, msg),
  });
  return {
    forward: forwarder,
    close() {
      forwarder.close();
      stopServing();
    },
  };
}
