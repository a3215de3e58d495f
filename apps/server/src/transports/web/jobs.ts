// Long-running commands started from the web (every mutation): an id, a cancel switch and
// progress that dashboards can follow (socket.io `afs:add-progress` and the jobs.* subscriptions).
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import { groupOf, type AnyCommand, type CommandGroup } from '../../commands/index.js';

export type JobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface JobInfo {
  id: string;
  command: string;
  group: CommandGroup;
  /** the command's permission bits: who may follow the job */
  perms: number;
  user: string;
  /** ISO date */
  startedAt: string;
}

export interface JobUpdate {
  job: JobInfo;
  state: JobState;
  /** the counters the command reported last (add: scanned, added, updated, skipped, ...) */
  progress: Record<string, number>;
  error?: string;
}

/** Progress values as counters: the numeric fields of whatever the command reports. */
export function counters(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  return out;
}

/** progress updates are passed on at most this often (the final state always) */
const PROGRESS_INTERVAL_MS = 100;

export class Job {
  readonly controller = new AbortController();
  private progressNow: Record<string, number> = {};
  private lastEmit = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    readonly info: JobInfo,
    private readonly emit: (u: JobUpdate) => void,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  progress(value: unknown): Record<string, number> {
    this.progressNow = counters(value);
    const wait = this.lastEmit + PROGRESS_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.pending ??= setTimeout(() => this.flush(), wait);
    return this.progressNow;
  }

  private flush(): void {
    this.pending = undefined;
    this.lastEmit = Date.now();
    this.emit({ job: this.info, state: 'running', progress: this.progressNow });
  }

  finish(state: Exclude<JobState, 'running'>, error?: string): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.emit({
      job: this.info,
      state,
      progress: this.progressNow,
      ...(error === undefined ? {} : { error }),
    });
  }
}

export class JobRegistry extends EventEmitter<{ update: [JobUpdate] }> {
  private readonly jobs = new Map<string, Job>();

  /** A job for one run; aborting `outer` (the client went away) cancels it too. */
  start(command: AnyCommand, user: string, outer?: AbortSignal): Job {
    const info: JobInfo = {
      id: crypto.randomUUID(),
      command: command.name,
      group: groupOf(command.name),
      perms: command.perms,
      user,
      startedAt: new Date().toISOString(),
    };
    // the outer signal lives as long as the connection: the listener must go when the job ends
    const onOuterAbort = (): void => job.controller.abort();
    const job = new Job(info, (u) => {
      if (u.state !== 'running') {
        this.jobs.delete(info.id);
        outer?.removeEventListener('abort', onOuterAbort);
      }
      this.emit('update', u);
    });
    this.jobs.set(info.id, job);
    if (outer) {
      if (outer.aborted) job.controller.abort();
      else outer.addEventListener('abort', onOuterAbort, { once: true });
    }
    return job;
  }

  /** Only the user who started a job may cancel it. */
  cancel(id: string, user: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.info.user !== user) return false;
    job.controller.abort();
    return true;
  }

  list(user?: string): JobInfo[] {
    return [...this.jobs.values()]
      .map((j) => j.info)
      .filter((i) => user === undefined || i.user === user);
  }

  /** aborts everything still running (server shutdown) */
  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }
}
