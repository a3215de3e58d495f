// Who hears about status changes (docs/paraslash/status.md §1.1): subscribers are called once per burst of
// changes, at least once a minute, and when afs changes what the current file's items show.
import type { Afs } from '../afs/index.js';
import type { Logger } from '../log.js';

/** docs/paraslash/status.md §1.1: clients get a fresh status at least this often */
const REFRESH_MS = 60_000;

export class StatusNotifier {
  private readonly listeners = new Set<() => void>();
  private pending = false;
  private refresh: NodeJS.Timeout | undefined;
  private readonly unwatch: (() => void)[] = [];

  constructor(
    afs: Afs,
    /** id of the file whose items the status shows */
    currentId: () => number | undefined,
    private readonly log?: Pick<Logger, 'error'>,
  ) {
    const ev = afs.events;
    const ifCurrent = (f: { id: number }): void => {
      if (f.id === currentId()) this.changed();
    };
    const always = (): void => this.changed();
    const watch = <A extends unknown[]>(
      on: (fn: (...a: A) => void) => void,
      off: (fn: (...a: A) => void) => void,
      fn: (...a: A) => void,
    ): void => {
      on(fn);
      this.unwatch.push(() => off(fn));
    };
    for (const name of [
      'afsi:change',
      'afhi:change',
      'audio-file:rename',
      'audio-file:remove',
    ] as const) {
      watch(
        (f) => ev.on(name, f),
        (f) => ev.off(name, f),
        ifCurrent,
      );
    }
    for (const name of ['files:bulk-change', 'attribute:rename', 'attribute:remove'] as const) {
      watch(
        (f) => ev.on(name, f),
        (f) => ev.off(name, f),
        always,
      );
    }
    for (const name of ['blob:rename', 'blob:remove'] as const) {
      watch(
        (f) => ev.on(name, f),
        (f) => ev.off(name, f),
        always,
      );
    }
  }

  start(): void {
    this.refresh = setInterval(() => this.changed(), REFRESH_MS);
    this.refresh.unref();
  }

  close(): void {
    clearInterval(this.refresh);
    for (const off of this.unwatch) off();
    this.unwatch.length = 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something the status shows changed: subscribers hear it once this turn is over. */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      for (const l of [...this.listeners]) {
        try {
          l();
        } catch (err) {
          this.log?.error({ err }, 'status listener failed');
        }
      }
    });
  }
}
