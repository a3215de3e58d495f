// The rendition work queue: at most `parallel` ffmpeg jobs at once (each a child process, niced),
// the ones a stream waits for ahead of the warming ones. A job runs once however many callers
// wait for it; a waiting caller gives up on its own deadline without cancelling the job, so the
// rendition is in the cache the next time the file comes.

export interface JobInfo {
  key: string;
  path: string;
  codec: string;
  state: 'queued' | 'running';
  /** true: a stream is waiting for it */
  urgent: boolean;
  since: number;
}

interface Job<T> extends JobInfo {
  work: (signal: AbortSignal) => Promise<T>;
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
  controller: AbortController;
  /** the warm run that asked for it, if any (cancelled with it) */
  group?: object;
}

export class JobQueue<T> {
  private readonly jobs = new Map<string, Job<T>>();
  private running = 0;

  constructor(public parallel: number) {}

  /** The job for `key`, queued now if it is not there yet; urgent jobs go first. */
  run(
    info: Omit<JobInfo, 'state' | 'since'>,
    work: (signal: AbortSignal) => Promise<T>,
    group?: object,
  ): Promise<T> {
    const have = this.jobs.get(info.key);
    if (have) {
      if (info.urgent) have.urgent = true;
      if (!group) delete have.group;
      return have.promise;
    }
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // nobody may be waiting (a warm-up for next time): the rejection is recorded by the caller
    promise.catch(() => {});
    const job: Job<T> = {
      ...info,
      state: 'queued',
      since: Date.now(),
      work,
      promise,
      resolve,
      reject,
      controller: new AbortController(),
      ...(group ? { group } : {}),
    };
    this.jobs.set(info.key, job);
    this.pump();
    return promise;
  }

  /** Jobs before an urgent one could start: running ones plus queued urgent ones, per slot. */
  waitAhead(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (j.state === 'running' || j.urgent) n++;
    return Math.floor(n / Math.max(1, this.parallel));
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map(({ key, path, codec, state, urgent, since }) => ({
      key,
      path,
      codec,
      state,
      urgent,
      since,
    }));
  }

  /** Cancels the jobs of a warm run (those no stream waits for). */
  cancelGroup(group: object): number {
    let n = 0;
    for (const j of this.jobs.values()) {
      if (j.group !== group) continue;
      n++;
      if (j.state === 'running') j.controller.abort();
      else {
        this.jobs.delete(j.key);
        j.reject(new Error('cancelled'));
      }
    }
    return n;
  }

  /** Cancels everything (shutdown). */
  cancelAll(): void {
    for (const j of this.jobs.values()) {
      if (j.state === 'running') j.controller.abort();
      else j.reject(new Error('cancelled'));
    }
    this.jobs.clear();
  }

  private next(): Job<T> | undefined {
    let pick: Job<T> | undefined;
    for (const j of this.jobs.values()) {
      if (j.state !== 'queued') continue;
      if (j.urgent) return j;
      pick ??= j;
    }
    return pick;
  }

  private pump(): void {
    while (this.running < Math.max(1, this.parallel)) {
      const job = this.next();
      if (!job) return;
      job.state = 'running';
      this.running++;
      job
        .work(job.controller.signal)
        .then(job.resolve, job.reject)
        .finally(() => {
          this.running--;
          this.jobs.delete(job.key);
          this.pump();
        });
    }
  }
}
