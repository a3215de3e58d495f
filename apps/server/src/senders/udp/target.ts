// UDP target URLs, host[:port][/mps:k:n] (docs/paraslash/senders.md §4.2), for --udp-target and `sender udp add|delete`.
import net from 'node:net';
import type { FecParams } from './group.js';
import { DEFAULT_FEC } from './group.js';
import { FEC_HEADER_SIZE } from './packet.js';

export interface UdpTarget {
  /** hostname or address, IPv6 without brackets */
  host: string;
  port: number;
  fec: FecParams;
}

export type TargetResult = { ok: true; target: UdpTarget } | { ok: false; error: string };

/** the largest UDP payload over IPv4: a bigger slice could never be sent */
export const MAX_DATAGRAM = 65507;

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

function parseUint(s: string): number | undefined {
  return /^\d{1,6}$/.test(s) ? Number(s) : undefined;
}

function parseFec(spec: string): FecParams | string {
  const parts = spec.split(':');
  if (parts.length !== 3) return `FEC parameters must be mps:k:n, not "${spec}"`;
  const [mps, k, n] = parts.map(parseUint);
  if (mps === undefined || k === undefined || n === undefined)
    return `FEC parameters must be numbers: "${spec}"`;
  if (mps !== 0 && (mps <= FEC_HEADER_SIZE || mps > MAX_DATAGRAM))
    return `max slice bytes must be 0 or ${FEC_HEADER_SIZE + 1}..${MAX_DATAGRAM}, not ${mps}`;
  if (k < 1 || n < k || n > 255) return `need 0 < k <= n <= 255, not k=${k} n=${n}`;
  return { maxSliceBytes: mps, dataSlices: k, slicesPerGroup: n };
}

function parseHostPort(s: string, defaultPort: number): { host: string; port: number } | string {
  let host: string;
  let portText: string | undefined;
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0) return `missing "]" in "${s}"`;
    host = s.slice(1, end);
    const rest = s.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return `junk after "]" in "${s}"`;
      portText = rest.slice(1);
    }
    if (!net.isIPv6(host)) return `not an IPv6 address: "${host}"`;
  } else if (s.split(':').length > 2) {
    host = s; // a bare IPv6 address has no port
    if (!net.isIPv6(host)) return `bad host "${s}"`;
  } else {
    [host, portText] = s.split(':') as [string, string | undefined];
    if (!net.isIPv4(host) && !HOSTNAME.test(host)) return `bad host "${host}"`;
  }
  if (portText === undefined) return { host, port: defaultPort };
  const port = parseUint(portText);
  if (port === undefined || port < 1 || port > 65535) return `bad port "${portText}"`;
  return { host, port };
}

/** Parses one target; the FEC suffix defaults to 0:14:16, the port to --udp-default-port. */
export function parseTarget(arg: string, defaultPort: number): TargetResult {
  const slash = arg.indexOf('/');
  const where = slash < 0 ? arg : arg.slice(0, slash);
  let fec: FecParams = { ...DEFAULT_FEC };
  if (slash >= 0) {
    const parsed = parseFec(arg.slice(slash + 1));
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    fec = parsed;
  }
  const hp = parseHostPort(where, defaultPort);
  if (typeof hp === 'string') return { ok: false, error: hp };
  return { ok: true, target: { ...hp, fec } };
}

/** host:port, IPv6 in brackets */
export function targetName(t: Pick<UdpTarget, 'host' | 'port'>): string {
  return net.isIPv6(t.host) ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/** host:port/mps:k:n as the status text shows it */
export function formatTarget(t: UdpTarget): string {
  return `${targetName(t)}/${t.fec.maxSliceBytes}:${t.fec.dataSlices}:${t.fec.slicesPerGroup}`;
}

/** delete matches host (case-insensitive) and port */
export function sameEndpoint(a: UdpTarget, b: UdpTarget): boolean {
  return a.port === b.port && a.host.toLowerCase() === b.host.toLowerCase();
}

/** 224.0.0.0/4 and ff00::/8 */
export function isMulticast(address: string): boolean {
  if (net.isIPv4(address)) {
    const first = Number(address.split('.')[0]);
    return first >= 224 && first <= 239;
  }
  return net.isIPv6(address) && /^ff/i.test(address);
}
