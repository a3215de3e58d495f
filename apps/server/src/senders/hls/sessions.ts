// HLS listeners: an HLS player holds no connection, it polls. A listener is a session that
// polled within the last two target durations. Its key is the session id the master playlist
// put into the variant URIs (`?s=`), else the cookie it set, else the client's address and
// User-Agent (a player opened on a media playlist directly). With a tap, each session is an
// audience session (listener-tap.ts) from its first poll to its last.
import crypto from 'node:crypto';
import { OUTPUTS, type ListenerTap } from '../listener-tap.js';

export const SESSION_COOKIE = 'paraweb_hls';
const ID = /^[A-Za-z0-9_-]{8,32}$/;
/** how often idle sessions are looked for while some are open (with a tap) */
const SWEEP_MS = 1000;

export function newSessionId(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export function validSessionId(id: string): boolean {
  return ID.test(id);
}

interface Seen {
  /** its own copy of the key (see touch) */
  key: string;
  at: number;
  /** the audience session (with a tap) */
  session: number | undefined;
  bytes: number;
  /** the sessions in order of last use (a list, so that a poll moves one without allocating) */
  older: Seen | undefined;
  newer: Seen | undefined;
}

export interface HlsSessionsAudience {
  tap: ListenerTap | undefined;
  now: () => number;
}

export class HlsSessions {
  private readonly seen = new Map<string, Seen>();
  /** the least and the most recently used */
  private oldest: Seen | undefined;
  private newest: Seen | undefined;
  private lastPrune = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    /** sessions tracked at most: beyond that the oldest idle ones go first, then new ones wait */
    private readonly max = 200_000,
    private readonly audience?: HlsSessionsAudience,
  ) {}

  /**
   * A request of `key` now, from `who` (its first request opens the audience session).
   * False: a new session over `limit` (the caller refuses it).
   */
  touch(
    key: string,
    nowMs: number,
    limit = Infinity,
    who?: { address: string; userAgent: string },
  ): boolean {
    let s = this.seen.get(key);
    if (!s) {
      this.prune(nowMs);
      if (this.seen.size >= Math.min(limit, this.max)) return false;
      // a copy: the key is a slice of the request's text, which it would keep for the session's
      // life (V8 slices strings), and every poll in between would age into the old generation
      const own = Buffer.from(key, 'latin1').toString('latin1');
      s = { key: own, at: nowMs, session: undefined, bytes: 0, older: undefined, newer: undefined };
      this.seen.set(own, s);
      const tap = this.audience?.tap;
      if (tap && who) {
        const seen = s;
        s.session = tap.opened({ output: OUTPUTS.hls, ...who, bytes: () => seen.bytes });
        this.sweep();
      }
    } else this.unlink(s);
    s.at = nowMs;
    this.link(s);
    return true;
  }

  /** bytes answered to the session `key` (its playlists and segments) */
  sent(key: string, bytes: number): void {
    const s = this.seen.get(key);
    if (s) s.bytes += bytes;
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
    for (let s = this.oldest; s && nowMs - s.at > this.idleMs; s = this.oldest) {
      this.unlink(s);
      this.seen.delete(s.key);
      // the listener stopped at its last poll
      if (s.session !== undefined) this.audience?.tap?.closed(s.session, 'client', s.at);
    }
  }

  /** `s` becomes the most recently used */
  private link(s: Seen): void {
    s.older = this.newest;
    s.newer = undefined;
    if (this.newest) this.newest.newer = s;
    else this.oldest = s;
    this.newest = s;
  }

  private unlink(s: Seen): void {
    if (s.older) s.older.newer = s.newer;
    else this.oldest = s.newer;
    if (s.newer) s.newer.older = s.older;
    else this.newest = s.older;
    s.older = s.newer = undefined;
  }

  /** With a tap, idle sessions end even when no request comes (one timer while any is open). */
  private sweep(): void {
    const a = this.audience;
    if (this.sweeper || !a) return;
    this.sweeper = setInterval(() => {
      this.prune(a.now());
      if (this.seen.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, SWEEP_MS);
    this.sweeper.unref();
  }
}
