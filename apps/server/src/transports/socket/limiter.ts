// Bounds what one address can open on the live doors (socket.io and the tRPC websocket): a number
// of connections at once and a rate of new ones. Loopback is not exempt: tests and benchmarks
// raise the limits instead.
import { WindowCounter } from '../../web-auth/index.js';

export interface ConnectionLimits {
  /** open connections per address */
  maxPerAddress: number;
  /** new connections per address within `windowMs` */
  maxNew: number;
  windowMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxPerAddress: 50,
  maxNew: 30,
  windowMs: 10_000,
};

export class ConnectionLimiter {
  private readonly open = new Map<string, number>();
  private readonly recent: WindowCounter;
  /** connections refused since start */
  refused = 0;

  constructor(readonly limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS) {
    this.recent = new WindowCounter(limits.maxNew, limits.windowMs);
  }

  /** Why a new connection from `address` is refused now, or undefined if it may open. */
  check(address: string): string | undefined {
    if ((this.open.get(address) ?? 0) >= this.limits.maxPerAddress)
      return `too many connections from ${address}`;
    if (!this.recent.allows(address)) return `too many new connections from ${address}`;
    return undefined;
  }

  /** Counts a connection that opened; returns its release function (idempotent). */
  opened(address: string): () => void {
    this.recent.add(address);
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.open.get(address) ?? 1) - 1;
      if (n <= 0) this.open.delete(address);
      else this.open.set(address, n);
    };
  }

  /** check + opened in one step; undefined when refused */
  acquire(address: string): (() => void) | undefined {
    if (this.check(address) !== undefined) {
      this.refused++;
      return undefined;
    }
    return this.opened(address);
  }

  openCount(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
