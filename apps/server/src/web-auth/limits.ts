// Counting events per key in a sliding time window: login failures and new connections per
// address. Memory stays bounded: old keys are dropped as the window moves on.

export class WindowCounter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** true while the key is below its limit within the window */
  allows(key: string): boolean {
    return this.count(key) < this.limit;
  }

  count(key: string): number {
    const t = this.now();
    const list = this.hits.get(key);
    if (!list) return 0;
    while (list.length > 0 && list[0]! <= t - this.windowMs) list.shift();
    if (list.length === 0) this.hits.delete(key);
    return list.length;
  }

  /** records an event; returns its time, which `remove` takes to take it back */
  add(key: string): number {
    const t = this.now();
    this.sweep(t);
    const list = this.hits.get(key);
    if (list) list.push(t);
    else this.hits.set(key, [t]);
    return t;
  }

  /** takes back one event recorded at time `t` (events of equal time are alike) */
  remove(key: string, t: number): void {
    const list = this.hits.get(key);
    const i = list?.lastIndexOf(t) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** records the event if allowed; false if the key is over its limit */
  take(key: string): boolean {
    if (!this.allows(key)) return false;
    this.add(key);
    return true;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  clear(): void {
    this.hits.clear();
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs) return;
    this.lastSweep = t;
    for (const [key, list] of this.hits) {
      if (list.length === 0 || list[list.length - 1]! <= t - this.windowMs) this.hits.delete(key);
    }
  }
}

/** One login attempt, counted before its password is checked. */
export interface LoginAttempt {
  /** the password was right: the attempt no longer counts (nothing else is forgotten) */
  succeeded(): void;
}

/**
 * Failed logins per address and per user name within a window. An attempt is counted when it
 * starts, before the slow password hash, so concurrent guesses cannot all pass the check before
 * the first one fails; a success takes back only its own attempt, so logging in to one's own
 * account between guesses does not reset anything. The per-user count stops guesses at one
 * account spread over many addresses.
 */
export class LoginLimiter {
  private readonly byAddress: WindowCounter;
  private readonly byUser: WindowCounter;

  constructor(max: number, windowMs: number, now: () => number = Date.now) {
    this.byAddress = new WindowCounter(max, windowMs, now);
    this.byUser = new WindowCounter(max, windowMs, now);
  }

  /** counts an attempt; undefined when the address or the user name is over its limit */
  begin(address: string, user: string): LoginAttempt | undefined {
    if (!this.byAddress.allows(address) || !this.byUser.allows(user)) return undefined;
    const ta = this.byAddress.add(address);
    const tu = this.byUser.add(user);
    return {
      succeeded: () => {
        this.byAddress.remove(address, ta);
        this.byUser.remove(user, tu);
      },
    };
  }

  /** forgets every count (tests, and an operator's fresh start) */
  clear(): void {
    this.byAddress.clear();
    this.byUser.clear();
  }
}
