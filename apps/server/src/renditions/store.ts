// The RenditionStore: what each live mount plays of a file (senders/mounts/types.ts MountFeeder).
// The file itself when it already fits the mount (senders/mounts/passthrough.ts), else its rendition from the
// cache, else one made now by ffmpeg when it can be ready before the file starts, else a skip with
// the reason (and the rendition is made anyway, for the next time). Nothing here throws into the
// stream: every failure becomes a MountSkip, is logged and kept for `rendition status`.
import type { OpenedFile } from '../afs/index.js';
import { fnmatch } from '../afs/index.js';
import { isSkip, passThrough } from '../senders/mounts/index.js';
import type {
  MountAudio,
  MountFeed,
  MountFeeder,
  MountProfile,
  MountSkip,
} from '../senders/mounts/index.js';
import { RenditionCache, type CacheEntry, type Sidecar } from './cache.js';
import { encode, type Encoded } from './encode.js';
import type { FfmpegOptions } from './ffmpeg.js';
import { LoudnessMeasures } from './loudness.js';
import { JobQueue } from './queue.js';
import { audioOf, sidecarOf } from './sidecar-audio.js';
import {
  DEFAULT_CACHE_LIMIT,
  profileKey,
  type RenditionFailure,
  type RenditionSource,
  type RenditionStatus,
  type RenditionStoreOptions,
  type WarmProgress,
} from './store-types.js';

export {
  DEFAULT_CACHE_LIMIT,
  profileKey,
  type RenditionFailure,
  type RenditionSource,
  type RenditionStatus,
  type RenditionStoreOptions,
  type WarmProgress,
} from './store-types.js';

const FAILURES_KEPT = 50;
/** a file ffmpeg could not render is not tried again on every play */
const RETRY_AFTER_MS = 10 * 60_000;

function skip(reason: string): MountSkip {
  return { skipped: reason };
}

type Made = { meta: Sidecar; data: Uint8Array };

export class RenditionStore implements MountFeeder {
  readonly cache: RenditionCache;
  /** renditions, and loudness measurements of files that pass through (undefined) */
  private readonly queue: JobQueue<Made | undefined>;
  private readonly failures = new Map<string, RenditionFailure>();
  private readonly loudness: LoudnessMeasures;
  private profiles: readonly MountProfile[];
  private made = 0;
  private speed = 0.15;
  private warm: { group: object; progress: WarmProgress; cancelled: boolean } | undefined;

  constructor(private readonly opts: RenditionStoreOptions) {
    this.profiles = opts.profiles;
    this.cache = new RenditionCache(opts.dir, opts.cacheLimitBytes ?? DEFAULT_CACHE_LIMIT, (m) =>
      opts.log?.warn(m),
    );
    this.queue = new JobQueue(opts.parallel ?? 1);
    this.loudness = new LoudnessMeasures(opts);
  }

  setProfiles(profiles: readonly MountProfile[]): void {
    this.profiles = profiles;
  }

  private keyOf(hash: string, p: MountProfile): string {
    return `${hash}-${profileKey(p, this.opts.target)}`;
  }

  /** MountFeeder: what each configured mount plays of this file. */
  async feed(opened: OpenedFile, neededInMs: number, signal: AbortSignal): Promise<MountFeed> {
    const feed: MountFeed = {};
    const loudness = opened.file.loudness;
    const src = {
      hash: opened.file.hash,
      path: opened.file.path,
      durationMs: opened.file.durationMs,
    };
    let passed = false;
    await Promise.all(
      this.profiles.map(async (p) => {
        const own = this.opts.levelPassthrough ? undefined : passThrough(opened, p);
        passed ||= own !== undefined && !isSkip(own);
        feed[p.codec] =
          own && !isSkip(own)
            ? { ...own, ...(loudness === null ? {} : { loudness }) }
            : await this.rendition(src, p, neededInMs, signal);
      }),
    );
    // a file no rendition is made of gets its loudness measured anyway (the web player levels `/`)
    if (passed && loudness === null) this.measureLater(src);
    return feed;
  }

  /** Measures a file's loudness in the queue, behind the renditions, and stores it. */
  private measureLater(src: RenditionSource): void {
    if (!this.opts.onLoudness || this.loudness.has(src.hash)) return;
    const key = `${src.hash}-loudness`;
    void this.queue
      .run({ key, path: src.path, codec: 'loudness', urgent: false }, async (signal) => {
        await this.loudness.of(src, this.ffmpegOpts(src.durationMs, signal));
        return undefined;
      })
      .catch((err: unknown) => this.opts.log?.warn(`${src.path}: no loudness: ${String(err)}`));
  }

  /** The cached rendition, or one made within `neededInMs`, or a skip; never throws. */
  async rendition(
    src: RenditionSource,
    p: MountProfile,
    neededInMs: number,
    signal?: AbortSignal,
  ): Promise<MountAudio | MountSkip> {
    const key = this.keyOf(src.hash, p);
    try {
      await this.cache.load();
      const hit = await this.cache.read(key);
      if (hit) return audioOf(hit.meta, hit.data);
      const failed = this.failures.get(key);
      if (failed && Date.now() - failed.at < RETRY_AFTER_MS) return skip(failed.reason);
      const job = this.make(src, p, true);
      const budget = neededInMs - (this.opts.marginMs ?? 2000);
      const estimate = this.estimateMs(src.durationMs);
      if (estimate > budget) {
        return this.skipped(
          src,
          p,
          `rendition not ready: about ${Math.ceil(estimate / 1000)} s of work, the file starts in ${Math.max(0, Math.round(neededInMs / 1000))} s (made for next time)`,
        );
      }
      const made = await this.within(job, budget, signal);
      if (made === 'late')
        return this.skipped(src, p, `rendition not ready in time (made for next time)`);
      return audioOf(made.meta, made.data);
    } catch (err) {
      return skip(err instanceof Error ? err.message : String(err));
    }
  }

  private skipped(src: RenditionSource, p: MountProfile, reason: string): MountSkip {
    this.opts.log?.warn(`${src.path}: skipped on /live.${p.codec}: ${reason}`);
    return skip(reason);
  }

  private within<T>(job: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | 'late'> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('late'), Math.max(0, ms));
      const onAbort = (): void => resolve('late');
      signal?.addEventListener('abort', onAbort, { once: true });
      job.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
    });
  }

  /** Queue wait plus the work, from what earlier renditions took. */
  private estimateMs(durationMs: number): number {
    const per = 300 + durationMs * this.speed;
    return per * (1 + this.queue.waitAhead());
  }

  /** The job making one rendition (queued once; its failure is recorded, and rethrown). */
  private make(
    src: RenditionSource,
    p: MountProfile,
    urgent: boolean,
    group?: object,
  ): Promise<Made> {
    const key = this.keyOf(src.hash, p);
    const made = this.queue.run(
      { key, path: src.path, codec: p.codec, urgent },
      async (signal) => {
        try {
          return await this.render(src, p, key, signal);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          if (!signal.aborted) {
            this.failures.set(key, { path: src.path, codec: p.codec, reason, at: Date.now() });
            while (this.failures.size > FAILURES_KEPT)
              this.failures.delete(this.failures.keys().next().value!);
            this.opts.log?.warn(`${src.path}: no ${p.codec} rendition: ${reason}`);
          }
          throw err;
        }
      },
      group,
    );
    const out = made.then((r) => {
      if (!r) throw new Error('no rendition made');
      return r;
    });
    out.catch(() => {}); // as the queue's own: a job nobody waits for fails quietly (recorded)
    return out;
  }

  private ffmpegOpts(durationMs: number, signal: AbortSignal): FfmpegOptions {
    // a 4-minute file takes seconds; real time is far beyond any healthy run
    const timeoutMs = Math.max(30_000, durationMs);
    return { timeoutMs, signal, ...(this.opts.ffmpeg ? { binary: this.opts.ffmpeg } : {}) };
  }

  private async render(
    src: RenditionSource,
    p: MountProfile,
    key: string,
    signal: AbortSignal,
  ): Promise<Made> {
    const ff = this.ffmpegOpts(src.durationMs, signal);
    const target = this.opts.target;
    const m = await this.loudness.of(src, ff);
    const started = Date.now();
    const e: Encoded = await encode(src.path, p, target, ff, m);
    this.speed = 0.7 * this.speed + 0.3 * ((Date.now() - started) / Math.max(1, src.durationMs));
    const meta = sidecarOf(key, src, p, target, e);
    this.made++;
    this.failures.delete(key);
    try {
      await this.cache.write(meta, e.data);
    } catch (err) {
      // the rendition still plays this time; the reason shows in the status
      const reason = err instanceof Error ? err.message : String(err);
      this.failures.set(key, { path: src.path, codec: p.codec, reason, at: 0 });
      this.opts.log?.warn(`${src.path}: ${reason}`);
    }
    return { meta, data: e.data };
  }

  /**
   * Renders ahead for these files and every configured mount (`rendition make`): one run at a
   * time, cancelled by `signal` or cancelWarm(). Files that fit a mount are not rendered unless
   * the passthrough is levelled; `fits` tells.
   */
  async warmUp(
    files: readonly (RenditionSource & { fits?: (p: MountProfile) => boolean })[],
    signal: AbortSignal,
    onProgress?: (p: WarmProgress) => void,
  ): Promise<WarmProgress> {
    if (this.warm)
      throw new Error('a rendition make is running already (rendition cancel stops it)');
    await this.cache.load();
    const group = {};
    const progress: WarmProgress = { total: 0, done: 0, cached: 0, failed: 0 };
    this.warm = { group, progress, cancelled: false };
    const warm = this.warm;
    const onAbort = (): void => void this.queue.cancelGroup(group);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const work: Promise<void>[] = [];
      for (const f of files) {
        for (const p of this.profiles) {
          if (!this.opts.levelPassthrough && f.fits?.(p)) continue;
          progress.total++;
          if (this.cache.has(this.keyOf(f.hash, p))) {
            progress.cached++;
            progress.done++;
            continue;
          }
          work.push(
            this.make(f, p, false, group)
              .then(
                () => {},
                () => void progress.failed++,
              )
              .finally(() => {
                progress.done++;
                onProgress?.({ ...progress });
              }),
          );
        }
      }
      onProgress?.({ ...progress });
      await Promise.all(work);
      if (signal.aborted || warm.cancelled) throw new Error('rendition make cancelled');
      return { ...progress };
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.warm = undefined;
    }
  }

  /** Stops the running `rendition make`; false if none runs. */
  cancelWarm(): boolean {
    if (!this.warm) return false;
    this.warm.cancelled = true;
    this.queue.cancelGroup(this.warm.group);
    return true;
  }

  /** Drops the cache entries whose file path matches the pattern (wildcards as in ls). */
  async remove(pattern: string): Promise<CacheEntry[]> {
    await this.cache.load();
    const gone = this.cache
      .list()
      .filter((e) => fnmatch(pattern, e.meta.path) || e.meta.hash === pattern);
    for (const e of gone) await this.cache.remove(e.key);
    return gone;
  }

  async entries(): Promise<CacheEntry[]> {
    await this.cache.load();
    return this.cache.list();
  }

  async status(): Promise<RenditionStatus> {
    await this.cache.load();
    return {
      parallel: this.queue.parallel,
      queue: this.queue.list(),
      cache: {
        entries: this.cache.list().length,
        bytes: this.cache.totalBytes,
        limitBytes: this.cache.limitBytes,
        dir: this.cache.dir,
      },
      failures: [...this.failures.values()].reverse(),
      made: this.made,
      warming: this.warm ? { ...this.warm.progress } : undefined,
      speed: this.speed,
    };
  }

  /** renditions per state, for the metrics (paraweb_renditions{state}); cheap and synchronous */
  stateCounts(): Record<string, number> {
    const counts: Record<string, number> = { queued: 0, running: 0 };
    for (const j of this.queue.list()) counts[j.state] = (counts[j.state] ?? 0) + 1;
    counts.cached = this.cache.list().length;
    counts.failed = this.failures.size;
    return counts;
  }

  close(): void {
    this.queue.cancelAll();
  }
}
