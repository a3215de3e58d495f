// HLS listeners: an HLS player holds no connection, it polls. A listener is a session that
// polled within the last two target durations. Its key is the session id the master playlist
// put into the variant URIs (`?s=`), else the cookie it set, else the client's address and
// User-Agent (a player opened on a media playlist directly).
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'paraweb_hls';
const ID = /^[A-Za-z0-9_-]{8,32}$/;

export function newSessionId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function validSessionId(id: string): boolean {
  return ID.test(id);
}

export class HlsSessions {
  private readonly seen = new Map<string, number>();
  private lastPrune = 0;

  constructor(
    private readonly idleMs: number,
    /** sessions tracked at most: beyond that the oldest idle ones go first, then new ones wait */
    private readonly max = 200_000,
  ) {}

  /** A request of `key` now. False: a new session over `limit` (the caller refuses it). */
  touch(key: string, nowMs: number, limit = Infinity): boolean {
    if (!this.seen.has(key)) {
      this.prune(nowMs);
      if (this.seen.size >= Math.min(limit, this.max)) return false;
    } else this.seen.delete(key); // re-inserted below: the map stays in order of last use
    this.seen.set(key, nowMs);
    return true;
  }

  /** sessions active now */
  count(nowMs: number): number {
    this.prune(nowMs);
    return this.seen.size;
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPrune < 250) return;
    this.lastPrune = nowMs;
    // in order of last use: stop at the first one still active
    for (const [key, at] of this.seen) {
      if (nowMs - at <= this.idleMs) break;
      this.seen.delete(key);
    }
  }
}
