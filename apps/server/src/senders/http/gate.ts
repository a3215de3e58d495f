// How many connections the stream port holds, per peer address and in all, so that slow or idle
// connections from one address (or from many) cannot take every file descriptor of the server
// (docs/streaming.md, "Who may connect").
import fs from 'node:fs';

/** descriptors left for files, the database and the other ports when the limit is derived */
const RESERVED_FDS = 256;

/**
 * The default total: the process's open-file limit less a reserve (Linux: /proc/self/limits);
 * unlimited (-1) where that cannot be read.
 */
export function defaultMaxConnections(): number {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+)/m.exec(limits);
    if (!m) return -1;
    return Math.max(16, Number(m[1]) - RESERVED_FDS);
  } catch {
    return -1;
  }
}

/** The address as people write it: IPv4-mapped IPv6 (::ffff:a.b.c.d) as a.b.c.d. */
export function plainAddress(address: string | undefined): string {
  if (!address) return '?';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export class ConnectionGate {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    /** <= 0: unlimited */
    private readonly maxTotal: number,
    /** <= 0: unlimited */
    private readonly maxPerAddress: number,
  ) {}

  /** Counts a new connection from `address`; false (and nothing counted) when over a limit. */
  enter(address: string): 'ok' | 'total' | 'address' {
    if (this.maxTotal > 0 && this.total >= this.maxTotal) return 'total';
    const n = this.byAddress.get(address) ?? 0;
    if (this.maxPerAddress > 0 && n >= this.maxPerAddress) return 'address';
    this.byAddress.set(address, n + 1);
    this.total++;
    return 'ok';
  }

  leave(address: string): void {
    const n = this.byAddress.get(address);
    if (n === undefined) return;
    if (n <= 1) this.byAddress.delete(address);
    else this.byAddress.set(address, n - 1);
    this.total--;
  }

  get count(): number {
    return this.total;
  }
}
