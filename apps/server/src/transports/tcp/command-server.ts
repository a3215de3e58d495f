// The command port listener: accepts connections on every listen address, keeps the counters
// `si` shows and the list `tasks` shows, and closes everything on shutdown.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { CommandTable, Services } from '../../commands/index.js';
import type { Logger } from '../../log.js';
import type { User } from '../../users/index.js';
import type { ConnectionDeps } from './server-connection.js';
import { ServerConnection } from './server-connection.js';

export interface CommandServerOptions {
  port: number;
  /** listen addresses; empty: all addresses */
  hosts: readonly string[];
  users: { get(name: string): User | undefined };
  commands: CommandTable;
  services: Services;
  logger: Logger;
  /** default 10 s (docs/paraslash/protocol.md §3.6); tests make it short */
  authTimeoutMs?: number;
  lingerMs?: number;
  maxBlobBytes?: number;
  maxQueuedBytes?: number;
}

export interface ConnectionInfo {
  id: number;
  user: string | undefined;
  command: string | undefined;
  state: string;
  since: Date;
}

export interface CommandServer {
  addresses(): AddressInfo[];
  /** the port of the first listener (the one the OS picked when asked for port 0) */
  readonly port: number;
  counters(): { active: number; authenticated: number; total: number };
  connections(): ConnectionInfo[];
  /** stops listening, ends every connection and waits (briefly) until they are gone */
  close(): Promise<void>;
}

export const DEFAULTS = {
  authTimeoutMs: 10_000,
  lingerMs: 3_000,
  /** paraslash bounds blobs by its shared memory; the spec wants at least 8 MiB */
  maxBlobBytes: 64 * 1024 * 1024,
  maxQueuedBytes: 64 * 1024 * 1024,
} as const;

function listen(server: net.Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startCommandServer(opts: CommandServerOptions): Promise<CommandServer> {
  const live = new Map<number, ServerConnection>();
  let total = 0;
  let authenticated = 0;
  let nextId = 1;
  const deps: ConnectionDeps = {
    users: opts.users,
    commands: opts.commands,
    services: opts.services,
    logger: opts.logger,
    authTimeoutMs: opts.authTimeoutMs ?? DEFAULTS.authTimeoutMs,
    lingerMs: opts.lingerMs ?? DEFAULTS.lingerMs,
    maxBlobBytes: opts.maxBlobBytes ?? DEFAULTS.maxBlobBytes,
    maxQueuedBytes: opts.maxQueuedBytes ?? DEFAULTS.maxQueuedBytes,
    onAuthenticated: () => void authenticated++,
  };
  const onConnection = (socket: net.Socket): void => {
    total++;
    const conn = new ServerConnection(nextId++, socket, deps);
    live.set(conn.id, conn);
    void conn.closed.then(() => live.delete(conn.id));
  };

  const servers: net.Server[] = [];
  const hosts = opts.hosts.length > 0 ? opts.hosts : [undefined];
  let port = opts.port;
  try {
    for (const host of hosts) {
      const server = net.createServer(onConnection);
      // accept errors (EMFILE and the like) must not take the process down
      server.on('error', (err) => opts.logger.error({ err }, 'command port error'));
      await listen(server, port, host);
      servers.push(server);
      // with port 0 every further address uses the port the first one got
      port = (server.address() as AddressInfo).port;
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }

  return {
    port,
    addresses: () => servers.map((s) => s.address() as AddressInfo),
    counters: () => ({ active: live.size, authenticated, total }),
    connections: () =>
      [...live.values()].map((c) => ({
        id: c.id,
        user: c.user,
        command: c.command,
        state: c.state,
        since: c.since,
      })),
    async close() {
      const stopped = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      // a connection that already sent its exit packet gets a moment to deliver it (term)
      for (const c of live.values()) c.shutdown(false);
      const gone = Promise.all([...live.values()].map((c) => c.closed));
      await Promise.race([gone, new Promise<void>((r) => setTimeout(r, 1000).unref())]);
      for (const c of live.values()) c.shutdown(true);
      await Promise.all(stopped);
    },
  };
}
