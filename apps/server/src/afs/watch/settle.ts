// Waits until a file has stopped growing before it is added: each event for a path pushes its
// check back; the check then wants the file's modification time at least `settleMs` old and its
// size unchanged since the last look, else it looks again later. So a file copied in one go is
// added once, settleMs after its last write, and one written slowly is added once, complete.
import fs from 'node:fs/promises';

interface Entry {
  timer: NodeJS.Timeout;
  /** size at the last look (-1: not looked at yet) */
  size: number;
}

export class Settler {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly settleMs: number,
    /** the file has settled: add it */
    private readonly ready: (path: string) => void,
    /** it could not be looked at (gone: ENOENT is not reported, the delete event tells) */
    private readonly failed: (path: string, reason: string) => void,
  ) {}

  get pending(): number {
    return this.entries.size;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /** An event for `path`: (re)start its wait. */
  touch(path: string): void {
    if (this.closed) return;
    const e = this.entries.get(path);
    if (e) {
      e.timer.refresh();
      return;
    }
    this.entries.set(path, { timer: this.arm(path, this.settleMs), size: -1 });
  }

  /** The path is gone (deleted or moved away): no longer waited for. */
  forget(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    clearTimeout(e.timer);
    this.entries.delete(path);
  }

  /** Forgets every path under a directory that went away. */
  forgetUnder(dir: string): void {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (const p of [...this.entries.keys()]) if (p.startsWith(prefix)) this.forget(p);
  }

  close(): void {
    this.closed = true;
    for (const e of this.entries.values()) clearTimeout(e.timer);
    this.entries.clear();
  }

  private arm(path: string, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => void this.check(path), ms);
    t.unref();
    return t;
  }

  private async check(path: string): Promise<void> {
    const e = this.entries.get(path);
    if (!e) return;
    let st;
    try {
      st = await fs.stat(path);
    } catch (err) {
      this.entries.delete(path);
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.failed(path, describeStatError(err));
      return;
    }
    if (this.entries.get(path) !== e) return; // forgotten or touched anew meanwhile
    const age = Date.now() - st.mtimeMs;
    const previous = e.size;
    e.size = st.size;
    const grew = previous !== -1 && previous !== st.size;
    // a modification time in the future (clock skew, a network file system) cannot say how long
    // ago the last write was: the file has settled when its size stays the same for one look
    const fresh = age <= -1000 ? previous === -1 : age < this.settleMs;
    if (grew || fresh) {
      const wait = age >= 0 && age < this.settleMs ? this.settleMs - age : this.settleMs;
      e.timer = this.arm(path, Math.max(100, wait));
      return;
    }
    this.entries.delete(path);
    this.ready(path);
  }
}

/** A stat or open failure in words, with the errno name for a search. */
export function describeStatError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ELOOP':
      return 'symbolic link loop (ELOOP): the link never reaches a file';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code}): the server's user cannot read it`;
    case 'ENAMETOOLONG':
      return 'name too long (ENAMETOOLONG)';
    default:
      return e.code ? `${e.message}` : String(err);
  }
}
