// How much recent audio each web player's connection got on connect, by the `?listen=<id>` it
// asked with: the web player cannot see it from <audio> (Chromium's `buffered` shows only what it
// decoded), and it needs it to show titles when they are heard (docs/web-player.md).

/** ids the player makes: letters, digits, - and _ */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** the newest this many connections are remembered */
const KEEP = 256;

/** The listen id of a request path like `/?listen=abc-1`, if it has a valid one. */
export function listenId(path: string): string | undefined {
  const q = path.indexOf('?');
  if (q < 0) return undefined;
  const id = new URLSearchParams(path.slice(q + 1)).get('listen');
  return id !== null && ID.test(id) ? id : undefined;
}

export class BurstLog {
  private readonly bursts = new Map<string, number>();

  record(id: string, burstUs: number): void {
    this.bursts.delete(id);
    this.bursts.set(id, burstUs);
    if (this.bursts.size > KEEP) {
      const oldest = this.bursts.keys().next().value;
      if (oldest !== undefined) this.bursts.delete(oldest);
    }
  }

  /** ms of audio the connection `id` got at once; undefined: unknown (not yet, or forgotten) */
  burstMs(id: string): number | undefined {
    const us = this.bursts.get(id);
    return us === undefined ? undefined : Math.round(us / 1000);
  }
}
