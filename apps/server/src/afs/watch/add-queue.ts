// The settled paths of the watched folders, given to `add` in batches, one batch at a time; a
// batch that `add` refuses as a whole is tried again path by path.
import fs from 'node:fs';
import type { AddReport } from '../add/add.js';
import type { Afs } from '../afs.js';
import type { FileErrors } from './file-errors.js';
import type { WatchOptions } from './types.js';

/** paths given to one `add` */
const ADD_BATCH = 2000;

export class AddQueue {
  private readonly queue = new Set<string>();
  private running: Promise<void> | undefined;
  private addingNow = 0;

  constructor(
    private readonly afs: Afs,
    private readonly opts: Pick<WatchOptions, 'log'>,
    private readonly signal: AbortSignal,
    private readonly errors: FileErrors,
    /** what `add` did, since the server started */
    private readonly counts: { added: number; updated: number; renamed: number; restored: number },
  ) {}

  /** the batches being added, until the queue is empty */
  get adding(): Promise<void> | undefined {
    return this.running;
  }

  /** the paths waiting for or in `add` */
  get queued(): number {
    return this.queue.size + this.addingNow;
  }

  enqueue(p: string): void {
    this.queue.add(p);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.signal.aborted) {
      const batch = [...this.queue].slice(0, ADD_BATCH);
      for (const p of batch) this.queue.delete(p);
      this.addingNow = batch.length;
      await this.addBatch(batch);
      this.addingNow = 0;
    }
  }

  private async addBatch(paths: string[]): Promise<void> {
    const there = paths.filter((p) => fs.existsSync(p));
    if (there.length === 0) return;
    let report: AddReport;
    try {
      report = await this.afs.add(
        there,
        { all: false, lazy: false, force: false, verbose: false },
        { log: (line) => this.opts.log.info(line), signal: this.signal },
      );
    } catch (err) {
      // one path gone between the look and the add refuses the whole call: one by one then
      if (there.length > 1) {
        for (const p of there) await this.addBatch([p]);
        return;
      }
      this.errors.fail(there[0]!, err instanceof Error ? err.message : String(err));
      return;
    }
    const failed = new Set(report.errors.map((e) => e.path));
    for (const e of report.errors) this.errors.fail(e.path, e.reason);
    for (const p of there) if (!failed.has(p)) this.errors.clear(p);
    this.counts.added += report.added;
    this.counts.updated += report.updated;
    this.counts.renamed += report.renamed;
    this.counts.restored += report.restored;
  }
}
