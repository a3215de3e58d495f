// The access control list of the http (and dccp) sender (docs/paraslash/senders.md §2.1): IPv4 networks that
// are refused (default) or, with --X-default-deny, the only ones admitted.

export interface Network {
  /** the network address, host bits cleared */
  addr: number;
  /** prefix length 0..32 */
  bits: number;
}

function mask(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** a.b.c.d as an unsigned 32-bit number, or undefined */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** `a.b.c.d[/n]` (n defaults to 32), or undefined when malformed */
export function parseNetwork(text: string): Network | undefined {
  const m = /^([\d.]+)(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const ip = parseIpv4(m[1]!);
  const bits = m[2] === undefined ? 32 : Number(m[2]);
  if (ip === undefined || bits > 32) return undefined;
  return { addr: (ip & mask(bits)) >>> 0, bits };
}

export function formatNetwork(n: Network): string {
  const a = n.addr;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${n.bits}`;
}

/** The IPv4 address of a peer; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function peerIpv4(address: string | undefined): number | undefined {
  if (!address) return undefined;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return parseIpv4(v4);
}

function contains(net: Network, ip: number): boolean {
  return (ip & mask(net.bits)) >>> 0 === net.addr;
}

export class AccessList {
  private entries: Network[] = [];

  constructor(
    /** true: the list names the only networks admitted; false: the networks refused */
    readonly defaultDeny: boolean,
    initial: readonly string[] = [],
  ) {
    for (const text of initial) {
      const net = parseNetwork(text);
      if (!net) throw new Error(`invalid access list entry ${text} (want a.b.c.d/n)`);
      this.add(net);
    }
  }

  /** `sender X allow net`: add to an allow list, remove from a deny list */
  allow(net: Network): void {
    if (this.defaultDeny) this.add(net);
    else this.remove(net);
  }

  /** `sender X deny net`: add to a deny list, remove from an allow list */
  deny(net: Network): void {
    if (this.defaultDeny) this.remove(net);
    else this.add(net);
  }

  /**
   * May a peer connect? Peers without an IPv4 address (pure IPv6) match no entry: an allow list
   * refuses them, a deny list lets them in (paraslash's behaviour here is unconfirmed).
   */
  admits(address: string | undefined): boolean {
    const ip = peerIpv4(address);
    const listed = ip !== undefined && this.entries.some((n) => contains(n, ip));
    return this.defaultDeny ? listed : !listed;
  }

  /** "allow" or "deny" and the entries, for the status text */
  describe(): string {
    const list = this.entries.map(formatNetwork).join(' ');
    return `access ${this.defaultDeny ? 'allow' : 'deny'} list: ${list || '(empty)'}`;
  }

  list(): Network[] {
    return this.entries.map((n) => ({ ...n }));
  }

  private add(net: Network): void {
    if (!this.entries.some((n) => n.addr === net.addr && n.bits === net.bits))
      this.entries.push(net);
  }

  /** removes the entries that overlap `net` (paraslash's acl_del_entry compares min(masks) bits) */
  private remove(net: Network): void {
    this.entries = this.entries.filter(
      (n) => ((n.addr ^ net.addr) & mask(Math.min(n.bits, net.bits))) !== 0,
    );
  }
}
