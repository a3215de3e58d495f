// The HTTP sender's listening sockets: one per --http-listen-address (all addresses when none),
// all or nothing (a port that cannot be had on one address closes the others).
import net from 'node:net';
import { ParaError } from '../../errors.js';
import type { HttpSenderOptions } from './options.js';
import { BACKLOG } from './options.js';

export async function listenAll(
  opts: Pick<HttpSenderOptions, 'port' | 'listenAddresses' | 'log'>,
  accept: (socket: net.Socket) => void,
): Promise<net.Server[]> {
  const hosts = opts.listenAddresses?.length ? opts.listenAddresses : [undefined];
  const servers: net.Server[] = [];
  try {
    for (const host of hosts) {
      const server = net.createServer({ noDelay: true }, accept);
      server.on('error', (err) => opts.log?.error({ err }, 'http sender: listen error'));
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: opts.port, host, backlog: BACKLOG }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw new ParaError('E_IO', `http sender: cannot listen on port ${opts.port}: ${String(err)}`);
  }
  return servers;
}
