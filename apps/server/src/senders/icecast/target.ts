// Icecast target URLs, icecast://[user:]password@host[:port]/mount[?from=live.mp3] (or http://),
// for --icecast-target and `sender icecast add|delete`; shown without the password. `?from=`
// sends a live mount (/live.mp3, /live.aac, /live.opus) instead of `/`.
import net from 'node:net';
import type { MountCodec } from '../mounts/types.js';

export interface IcecastTarget {
  /** hostname or address, IPv6 without brackets */
  host: string;
  port: number;
  /** starts with "/" */
  mount: string;
  /** the source user, "source" unless the URL names another */
  user: string;
  password: string;
  /** ?from=live.<codec>: the live mount it carries; undefined: `/` */
  from?: MountCodec;
}

export type IcecastTargetResult =
  { ok: true; target: IcecastTarget } | { ok: false; error: string };

/** Icecast's own default port */
export const ICECAST_DEFAULT_PORT = 8000;
const SCHEMES = new Set(['icecast:', 'http:']);

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Parses one target. A URL with a single credential (icecast://pw@host/mount) means the password
 * of the user "source", which is what Icecast's source user almost always is.
 */
export function parseIcecastTarget(arg: string): IcecastTargetResult {
  let url: URL;
  try {
    url = new URL(arg);
  } catch {
    return { ok: false, error: `not a URL: "${arg}" (icecast://source:password@host:port/mount)` };
  }
  if (!SCHEMES.has(url.protocol))
    return { ok: false, error: `scheme must be icecast:// or http://, not ${url.protocol}//` };
  const from = /^\?from=live\.(mp3|aac|opus)$/.exec(url.search)?.[1] as MountCodec | undefined;
  if ((url.search !== '' && !from) || url.hash !== '')
    return {
      ok: false,
      error: 'the only query is ?from=live.mp3, ?from=live.aac or ?from=live.opus; no fragment',
    };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return { ok: false, error: `no host in "${arg}"` };
  if (url.hostname.startsWith('[') && !net.isIPv6(host))
    return { ok: false, error: `not an IPv6 address: "${host}"` };
  const mount = decode(url.pathname);
  if (mount === undefined || mount.length < 2 || !mount.startsWith('/'))
    return { ok: false, error: 'a mount point is needed, e.g. /live.mp3' };
  // Icecast takes the mount from the request line: no spaces or control characters
  if (/\s/.test(mount) || [...mount].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f'))
    return { ok: false, error: `bad mount point "${mount}"` };
  const user = decode(url.username);
  const pass = decode(url.password);
  if (user === undefined || pass === undefined)
    return { ok: false, error: 'bad %-escape in the credentials' };
  const [u, password] =
    url.password === '' && !arg.includes(':@') ? ['source', user] : [user, pass];
  if (password === '')
    return { ok: false, error: 'the source password is missing (source:password@host)' };
  if (u === '') return { ok: false, error: 'the source user is empty' };
  const port = url.port === '' ? ICECAST_DEFAULT_PORT : Number(url.port);
  if (port < 1) return { ok: false, error: `bad port "${url.port}"` };
  const target: IcecastTarget = { host, port, mount, user: u, password };
  if (from) target.from = from;
  return { ok: true, target };
}

/** host:port, IPv6 in brackets */
export function hostPort(t: Pick<IcecastTarget, 'host' | 'port'>): string {
  return net.isIPv6(t.host) ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/** icecast://user:***@host:port/mount: what status and logs show */
export function formatIcecastTarget(t: IcecastTarget): string {
  return `icecast://${t.user}:***@${hostPort(t)}${t.mount}${t.from ? `?from=live.${t.from}` : ''}`;
}

/** delete matches host (case-insensitive), port and mount; the credentials do not matter */
export function sameMount(a: IcecastTarget, b: IcecastTarget): boolean {
  return a.port === b.port && a.mount === b.mount && a.host.toLowerCase() === b.host.toLowerCase();
}

/** "user:password" for Basic authentication, e.g. --icecast-admin */
export function parseCredentials(s: string): { user: string; password: string } | undefined {
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) return undefined;
  return { user: s.slice(0, i), password: s.slice(i + 1) };
}

export function basicAuth(c: { user: string; password: string }): string {
  return `Basic ${Buffer.from(`${c.user}:${c.password}`, 'utf8').toString('base64')}`;
}
