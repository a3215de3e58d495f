// Watched folders (issue #19): the server adds new and changed files of these trees, follows moves
// and marks deleted files missing, without a command. Kernel events (kernel.ts) or, where the
// kernel cannot serve, a periodic scan (scan.ts) name the paths; the settler waits until a file
// has stopped growing; then the normal `add` (worker threads: hash, rename detection, cover) takes
// it, so a moved file keeps its row, statistics, attributes and image. Missing rows are kept for a
// grace period, so that a file that comes back keeps its history.
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { AsyncSubscription } from '@parcel/watcher';
import { ParaError } from '../../errors.js';
import { pathProblem, refusal } from '../add/path-rules.js';
import { walk } from '../add/scan.js';
import type { Afs } from '../afs.js';
import type { AudioFileRecord } from '../audio-file.js';
import { hasAudioSuffix } from '../formats/index.js';
import type { KernelEvent } from './kernel.js';
import { describeKernelError, kernelProblem, subscribeKernel } from './kernel.js';
import type { FileStamp } from './scan.js';
import { scanTree } from './scan.js';
import { describeStatError, Settler } from './settle.js';
import { checkRoot, WatchedFolderStore } from './roots.js';
import { markMissing, purgeMissing } from './missing.js';
import type { WatchOptions, WatchRootStatus, WatchStatus } from './types.js';
import { AddQueue } from './add-queue.js';
import { FileErrors } from './file-errors.js';

interface Root {
  path: string;
  source: WatchRootStatus['source'];
  addedBy?: string;
  mode: WatchRootStatus['mode'];
  reason?: string;
  sub?: AsyncSubscription;
  timer?: NodeJS.Timeout;
  snapshot?: Map<string, FileStamp>;
  scanning?: Promise<void>;
  lastScan?: WatchRootStatus['lastScan'];
  error?: string;
}

export class FolderWatch {
  private readonly roots = new Map<string, Root>();
  private readonly store: WatchedFolderStore;
  private readonly settler: Settler;
  /** settled paths, waiting for or in `add` */
  private readonly adds: AddQueue;
  private readonly errors: FileErrors;
  private readonly abort = new AbortController();
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly counts = {
    added: 0,
    updated: 0,
    renamed: 0,
    restored: 0,
    missing: 0,
    purged: 0,
  };

  constructor(
    private readonly afs: Afs,
    private readonly opts: WatchOptions,
  ) {
    this.store = new WatchedFolderStore(afs.db);
    this.errors = new FileErrors(opts);
    this.adds = new AddQueue(afs, opts, this.abort.signal, this.errors, this.counts);
    this.settler = new Settler(
      opts.settleMs,
      (p) => this.adds.enqueue(p),
      (p, reason) => this.errors.fail(p, reason),
    );
  }

  get graceSeconds(): number {
    return this.opts.graceSeconds;
  }

  /** Watches the roots of the options and those `watch` stored (their first scans run in the
   * background) and starts the removal of rows missing for longer than the grace period. */
  async start(): Promise<void> {
    const stored = await this.store.list().catch((err: unknown) => {
      this.opts.log.warn(`the stored watched folders could not be read: ${String(err)}`);
      return [];
    });
    const option = new Set(this.opts.roots.map((p) => path.resolve(p)));
    const wanted = [
      ...this.opts.roots.map((p) => ({ path: p, source: 'option' as const, addedBy: undefined })),
      ...stored
        .filter((s) => !option.has(s.path))
        .map((s) => ({ path: s.path, source: 'watch' as const, addedBy: s.addedBy })),
    ];
    for (const w of wanted) {
      try {
        await this.watchRoot(w.path, w.source, w.addedBy);
      } catch (err) {
        // kept in the status (and in the database), so that it can be seen and retried or removed
        const error = err instanceof Error ? err.message : String(err);
        const p = path.resolve(w.path);
        this.roots.set(p, {
          path: p,
          source: w.source,
          addedBy: w.addedBy,
          mode: 'unavailable',
          error,
        });
        this.opts.log.warn(
          `${w.source === 'option' ? '--afs-watch' : 'watched folder'} ${w.path}: ${error}`,
        );
      }
    }
    const every = Math.min(3600, Math.max(1, this.opts.graceSeconds)) * 1000;
    this.purgeTimer = setInterval(() => void this.purge().catch(() => {}), every);
    this.purgeTimer.unref();
    await this.purge().catch((err: unknown) => this.opts.log.warn(`purge failed: ${String(err)}`));
  }

  /** Watches one more tree (the `watch` command, the dashboard), also after a restart: the
   * folder is stored once it is watched. */
  async addRoot(dir: string, addedBy = ''): Promise<WatchRootStatus> {
    const r = await this.watchRoot(dir, 'watch', addedBy);
    if (r.source === 'watch') {
      try {
        await this.store.add(r.path, addedBy);
      } catch (err) {
        await this.stopRoot(r);
        throw err;
      }
    }
    return this.rootStatus(r);
  }

  private async watchRoot(
    dir: string,
    source: Root['source'],
    addedBy: string | undefined,
  ): Promise<Root> {
    const before = this.roots.get(path.resolve(dir));
    // one that could not be watched at start is tried again
    const retry = before?.mode === 'unavailable' ? before.path : undefined;
    const root = checkRoot(
      dir,
      [...this.roots.keys()].filter((k) => k !== retry),
    );
    const r: Root = {
      path: root,
      source: before?.source ?? source,
      ...(addedBy === undefined ? {} : { addedBy: before?.addedBy ?? addedBy }),
      mode: 'starting',
    };
    this.roots.set(root, r);
    let problem = this.opts.scanOnly
      ? `${root}: scanned, not watched (--afs-watch-scan-only)`
      : kernelProblem(root);
    if (!problem) {
      try {
        r.sub = await subscribeKernel(
          root,
          (events) => this.onEvents(r, events),
          (err) => this.onKernelError(r, err),
        );
        r.mode = 'kernel';
      } catch (err) {
        problem = describeKernelError(root, err);
      }
    }
    if (problem) {
      r.mode = 'scan';
      r.reason = problem;
      // said once, when the tree is taken on
      this.opts.log.warn(
        `${problem}; scanning it every ${Math.round(this.opts.scanIntervalMs / 1000)} s instead`,
      );
      r.timer = setInterval(() => void this.scan(r), this.opts.scanIntervalMs);
      r.timer.unref();
    }
    void this.scan(r);
    return r;
  }

  /** Stops watching a tree and forgets it (the database too); its rows stay as they are. One of
   * --afs-watch is watched again at the next start: the options name it. */
  async removeRoot(dir: string): Promise<{ path: string; option: boolean }> {
    const p = path.resolve(dir);
    const r = this.roots.get(p);
    const stored = await this.store.remove(p);
    if (!r && !stored) throw new ParaError('E_NOT_FOUND', `${dir} is not watched`);
    if (r) await this.stopRoot(r);
    return { path: p, option: r?.source === 'option' };
  }

  private async stopRoot(r: Root): Promise<void> {
    this.roots.delete(r.path);
    clearInterval(r.timer);
    this.settler.forgetUnder(r.path);
    await r.sub?.unsubscribe().catch(() => {});
  }

  /** Scans a tree now (the first scan, the fallback's timer, after a kernel error). */
  scan(r: Root): Promise<void> {
    r.scanning ??= this.scanOnce(r).finally(() => (r.scanning = undefined));
    return r.scanning;
  }

  private async scanOnce(r: Root): Promise<void> {
    const t = performance.now();
    try {
      const result = await scanTree(r.path, this.afs.files, r.snapshot, {
        signal: this.abort.signal,
        fail: (p, reason) => this.errors.fail(p, reason),
      });
      if (this.abort.signal.aborted || !this.roots.has(r.path)) return;
      r.snapshot = result.seen;
      for (const p of result.changed) this.settler.touch(p);
      await this.markMissing(result.gone);
      r.error = undefined;
      r.lastScan = {
        at: new Date().toISOString(),
        ms: Math.round(performance.now() - t),
        files: result.seen.size,
        changed: result.changed.length,
        missing: result.gone.length,
      };
    } catch (err) {
      // the tree itself is away (unmounted, removed): nothing is marked missing for that
      r.error = describeStatError(err);
      this.opts.log.warn(`watched folder ${r.path}: ${r.error}`);
    }
  }

  private onKernelError(r: Root, err: Error): void {
    // e.g. the event queue overflowed: events were lost, a scan finds what they said
    this.opts.log.warn(`watched folder ${r.path}: ${err.message}; scanning it`);
    void this.scan(r);
  }

  private onEvents(r: Root, events: KernelEvent[]): void {
    const gone: AudioFileRecord[] = [];
    const dirs: string[] = [];
    for (const ev of events) {
      if (ev.type === 'delete') {
        this.settler.forget(ev.path);
        r.snapshot?.delete(ev.path);
        const rec = this.afs.files.getByPath(ev.path);
        if (rec) gone.push(rec);
        else {
          this.settler.forgetUnder(ev.path);
          dirs.push(`${ev.path}/`);
        }
      } else void this.seen(ev.path);
    }
    // a directory deleted or moved away: the rows under it (one pass for the whole batch)
    if (dirs.length > 0)
      for (const f of this.afs.files.all())
        if (f.missingSince === undefined && dirs.some((d) => f.path.startsWith(d))) gone.push(f);
    if (gone.length > 0) void this.markMissing(gone);
  }

  /** A created or changed path: a file waits in the settler; a directory moved in is walked. */
  private async seen(p: string): Promise<void> {
    const problem = pathProblem(p);
    if (problem) {
      if (hasAudioSuffix(p)) this.errors.fail(p, refusal(problem));
      return;
    }
    if (this.settler.has(p)) {
      this.settler.touch(p);
      return;
    }
    let st;
    try {
      st = await fsp.lstat(p);
      if (st.isSymbolicLink()) {
        if (!hasAudioSuffix(p)) return; // a link to a directory is not followed, as in add
        st = await fsp.stat(p);
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        this.errors.fail(p, describeStatError(err));
      return;
    }
    if (st.isDirectory()) {
      const onError = (q: string, err: Error): void => this.errors.fail(q, describeStatError(err));
      for await (const f of walk(p, hasAudioSuffix, this.abort.signal, onError))
        this.settler.touch(f);
    } else if (!hasAudioSuffix(p)) return;
    else if (!st.isFile()) this.errors.fail(p, 'not a regular file (a FIFO, socket or device)');
    else this.settler.touch(p);
  }

  private async markMissing(files: AudioFileRecord[]): Promise<void> {
    this.counts.missing += await markMissing(this.afs, files, this.opts);
  }

  /** Removes the rows missing for longer than the grace period. */
  async purge(): Promise<number> {
    const n = await purgeMissing(this.afs, this.opts);
    this.counts.purged += n;
    return n;
  }

  private rootStatus(r: Root): WatchRootStatus {
    return {
      path: r.path,
      source: r.source,
      ...(r.addedBy ? { addedBy: r.addedBy } : {}),
      mode: r.mode,
      ...(r.reason === undefined ? {} : { reason: r.reason }),
      ...(r.error === undefined ? {} : { error: r.error }),
      scanning: r.scanning !== undefined,
      ...(r.lastScan === undefined ? {} : { lastScan: r.lastScan }),
    };
  }

  status(): WatchStatus {
    let missing = 0;
    for (const f of this.afs.files.all()) if (f.missingSince !== undefined) missing++;
    return {
      roots: [...this.roots.values()].map((r) => this.rootStatus(r)),
      pending: this.settler.pending,
      queued: this.adds.queued,
      missing,
      counts: { ...this.counts },
      settleMs: this.opts.settleMs,
      scanIntervalMs: this.opts.scanIntervalMs,
      graceSeconds: this.opts.graceSeconds,
      errors: this.errors.list(),
    };
  }

  /** Resolves once nothing waits: no pending path, no add running, no scan (tests, bench). */
  async idle(): Promise<void> {
    for (;;) {
      const scans = [...this.roots.values()].map((r) => r.scanning).filter(Boolean);
      if (scans.length === 0 && !this.adds.adding && this.settler.pending === 0) return;
      await Promise.all([...scans, this.adds.adding]);
      if (this.settler.pending > 0) await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    clearInterval(this.purgeTimer);
    this.settler.close();
    for (const r of this.roots.values()) {
      clearInterval(r.timer);
      await r.sub?.unsubscribe().catch(() => {});
    }
    await Promise.allSettled([
      this.adds.adding,
      ...[...this.roots.values()].map((r) => r.scanning),
    ]);
    this.roots.clear();
  }
}
