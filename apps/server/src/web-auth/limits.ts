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

  add(key: string): void {
    const t = this.now();
    this.sweep(t);
    const list = this.hits.get(key);
    if (list) list.push(t);
    else this.hits.set(key, [t]);
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

  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs) return;
    this.lastSweep = t;
    for (const [key, list] of this.hits) {
      if (list.length === 0 || list[list.length - 1]! <= t - this.windowMs) this.hits.delete(key);
    }
  }
}
