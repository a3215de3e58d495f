// What the HTTP sender answers: paraslash's exact lines for para_recv, a player's response head,
// refusals, the CORS preflight, and the sender command's help.
import type net from 'node:net';
import type { StreamFile } from '../types.js';
import { contentType } from '../web-stream.js';
import { ICY_METAINT } from './icy.js';

/** paraslash's exact answer, which para_recv's http receiver looks for */
export const PARASLASH_OK = 'HTTP/1.0 200 OK\nContent-Type: application/octet-stream\n\n';
const CORS = 'Access-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: icy-metaint\r\n';

export const PREFLIGHT = `HTTP/1.0 204 No Content\r\n${CORS}Access-Control-Allow-Headers: Icy-MetaData\r\n\r\n`;

/** The response head of a web or stream player: `file`'s content type, or the one given. */
export function playerHead(file: StreamFile | string, icy: boolean): string {
  const type = typeof file === 'string' ? file : contentType(file);
  return (
    `HTTP/1.0 200 OK\r\nContent-Type: ${type}\r\n` +
    'Cache-Control: no-cache, no-store\r\nPragma: no-cache\r\n' +
    CORS +
    (icy ? `icy-name: paraweb\r\nicy-metaint: ${ICY_METAINT}\r\n` : '') +
    'Connection: close\r\n\r\n'
  );
}

/** An error answer: paraslash's one line for para_recv, a short text for others. */
export function errorAnswer(status: string, body: string, paraslash: boolean, extra = ''): string {
  return paraslash
    ? `HTTP/1.0 ${status}\n`
    : `HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\n${CORS}${extra}Connection: close\r\n\r\n${body}\n`;
}

/** Ends a connection; one whose peer does not close within a few seconds is destroyed. */
export function endSocket(socket: net.Socket, last?: string): void {
  socket.setTimeout(5000, () => socket.destroy());
  if (last === undefined) socket.end();
  else socket.end(last);
}

/** `sender http status` */
export function statusText(s: {
  on: boolean;
  ports: string[];
  port: number;
  clients: string[];
  maxClients: number;
  acl: string;
  /** a line per live mount */
  mounts: string[];
}): string {
  const max = s.maxClients;
  return (
    `status: ${s.on ? 'on' : 'off'}\n` +
    `port: ${s.ports.length > 0 ? [...new Set(s.ports)].join(' ') : s.port}\n` +
    `number of connected clients: ${s.clients.length}\n` +
    `maximal number of clients: ${max > 0 ? max : `${max} (unlimited)`}\n` +
    `connected clients: ${s.clients.length > 0 ? s.clients.join(' ') : '(none)'}\n` +
    `${s.acl}\n` +
    s.mounts.map((m) => `${m}\n`).join('')
  );
}

export const HELP = `usage: {on|off}
usage: {allow|deny} IP[/netmask]
\twhere mask defaults to 32
example: allow 192.168.0.1/24
`;
