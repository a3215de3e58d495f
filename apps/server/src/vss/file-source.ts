// Where the stream engine gets its files: afs chooses and reads the next file (possibly a few
// seconds ahead, so that a busy afs never makes the next file late), counts the play when the file
// starts, and says when a file chosen ahead is no longer the right one (another mood, the file
// removed or changed).
import type { EventEmitter } from 'node:events';
import type { Afs, AfsEventMap, OpenedFile } from '../afs/index.js';
import { AFSI_KEYS } from '../afs/audio-file.js';
import type { MountFeed, MountFeeder } from '../senders/mounts/types.js';
import { MOUNT_CODECS } from '../senders/mounts/types.js';

/** A file chosen for the stream; `key` names it in started() and in the engine's snapshot. */
export interface NextFile {
  key: number;
  opened: OpenedFile;
  /** what the live mounts stream of it (none: the mounts play silence for it) */
  mounts?: MountFeed;
}

/** What the engine needs of the audio file selector, wherever the engine runs. */
export interface FileSource {
  /**
   * The next file to stream, not yet counted as played; undefined: nothing admissible.
   * `neededInMs`: how long until the file is needed (what a rendition may take to be ready).
   */
  next(neededInMs?: number): Promise<NextFile | undefined>;
  /** the file chosen as `key` starts streaming now */
  started(key: number): void;
  /**
   * The file being asked for is needed now (next, or the current file ended early): stop waiting
   * for the mounts' audio of it (the mounts skip it; `/` must not wait for a rendition).
   */
  hurry?(): void;
}

/** the mounts' audio of a file is waited for at least this long ... */
const FEED_MIN_WAIT_MS = 200;
/** ... and otherwise until this long before the file is needed */
const FEED_MARGIN_MS = 1000;

/** afs as the engine's FileSource, on the thread that owns afs. */
export class AfsFileSource implements FileSource {
  private seq = 0;
  /** files handed out (without their bytes): the current one and the one chosen ahead */
  private readonly chosen = new Map<number, OpenedFile>();
  private upcomingKey: number | undefined;
  /** the last play being counted: the next choice waits for it (its score must drop first) */
  private committing: Promise<unknown> = Promise.resolve();
  private readonly unwatch: (() => void)[] = [];
  /** counts the changes that make a choice stale */
  private version = 0;
  /** ends a wait for a readable file when the source closes */
  private readonly closing = new AbortController();
  /** ends the waits for the mounts' audio now (hurry) */
  private readonly hurries = new Set<() => void>();

  constructor(
    private readonly afs: Afs,
    /** a file chosen ahead is stale: the engine drops it and asks again */
    private readonly onStale: () => void,
    private readonly warn: (line: string) => void = () => {},
    /** attaches the live mounts' audio to each file (none: no mounts) */
    private readonly feeder?: MountFeeder,
  ) {
    const stale = (): void => this.stale();
    const ifUpcoming = (f: { id: number }): void => {
      if (f.id === this.upcomingFileId()) this.stale();
    };
    // an edited mood or playlist may be the current one
    const blob = (table: string): void => {
      if (table === 'mood' || table === 'pl') this.stale();
    };
    this.listen('mode:change', stale);
    this.listen('next:change', stale);
    this.listen('files:bulk-change', stale);
    this.listen('attribute:rename', stale);
    this.listen('attribute:remove', stale);
    this.listen('audio-file:remove', ifUpcoming);
    this.listen('audio-file:rename', ifUpcoming);
    this.listen('afhi:change', ifUpcoming);
    // a measured loudness (renditions) changes nothing of the choice; anything else may
    this.listen('afsi:change', (f, old) => {
      if (AFSI_KEYS.some((k) => k !== 'loudness' && f[k] !== old[k])) ifUpcoming(f);
    });
    this.listen('blob:add', blob);
    this.listen('blob:remove', blob);
    this.listen('blob:rename', blob);
  }

  async next(neededInMs = 0): Promise<NextFile | undefined> {
    await this.committing.catch(() => {});
    let opened: OpenedFile | undefined;
    for (;;) {
      const version = this.version;
      opened = await this.afs.prepareNext(this.warn, this.closing.signal);
      // chosen under a mode that changed while the file was read: choose again
      if (version === this.version || !opened) break;
    }
    if (!opened) return undefined;
    const key = ++this.seq;
    // the bytes go to the engine (possibly transferred to its thread); the status needs the rest
    this.chosen.set(key, { ...opened, data: new Uint8Array(0) });
    this.upcomingKey = key;
    const mounts = this.feeder && (await this.feed(this.feeder, opened, neededInMs));
    return { key, opened, mounts };
  }

  /**
   * The mounts' audio of `opened`, waited for at most until shortly before the file is needed; a
   * feeder that fails or is late skips the file on every mount (silence there), with the reason.
   */
  private async feed(
    feeder: MountFeeder,
    opened: OpenedFile,
    neededInMs: number,
  ): Promise<MountFeed> {
    const ac = new AbortController();
    const onClose = (): void => ac.abort();
    this.closing.signal.addEventListener('abort', onClose);
    const waitMs = Math.max(FEED_MIN_WAIT_MS, neededInMs - FEED_MARGIN_MS);
    let timer: NodeJS.Timeout | undefined;
    let hurry: (() => void) | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ac.abort();
        reject(new Error(`not ready within ${waitMs} ms`));
      }, waitMs);
      hurry = () => {
        ac.abort();
        reject(new Error('not ready when the file was needed (next)'));
      };
      this.hurries.add(hurry);
    });
    try {
      return await Promise.race([feeder.feed(opened, neededInMs, ac.signal), late]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.warn(`live mounts: ${opened.file.path} skipped: ${reason}`);
      const skip: MountFeed = {};
      for (const c of MOUNT_CODECS) skip[c] = { skipped: reason };
      return skip;
    } finally {
      clearTimeout(timer);
      if (hurry) this.hurries.delete(hurry);
      this.closing.signal.removeEventListener('abort', onClose);
    }
  }

  started(key: number): void {
    const opened = this.chosen.get(key);
    for (const k of this.chosen.keys()) if (k < key) this.chosen.delete(k);
    if (this.upcomingKey === key) this.upcomingKey = undefined;
    if (!opened) return;
    this.committing = this.afs.commitPlay(opened).then(
      (file) => {
        const entry = this.chosen.get(key);
        if (entry) entry.file = file;
      },
      (err: unknown) =>
        this.warn(`could not count the play of ${opened.file.path}: ${String(err)}`),
    );
  }

  hurry(): void {
    for (const h of [...this.hurries]) h();
  }

  /** settles once the last started file is counted (or its count failed): the play history
   * writes the play's row after it, so a process killed between the two leaves a count without
   * a row, which a takeover records (recordLostPlay), never a row without a count */
  counted(): Promise<unknown> {
    return this.committing;
  }

  /** what the status shows for the file streamed as `key` */
  get(key: number | undefined): OpenedFile | undefined {
    return key === undefined ? undefined : this.chosen.get(key);
  }

  close(): void {
    this.closing.abort();
    for (const off of this.unwatch) off();
    this.unwatch.length = 0;
  }

  private upcomingFileId(): number | undefined {
    return this.upcomingKey === undefined ? undefined : this.chosen.get(this.upcomingKey)?.file.id;
  }

  private listen<E extends keyof AfsEventMap>(
    name: E,
    fn: (...args: AfsEventMap[E]) => void,
  ): void {
    const ev: EventEmitter<AfsEventMap> = this.afs.events;
    ev.on(name, fn as never);
    this.unwatch.push(() => ev.off(name, fn as never));
  }

  private stale(): void {
    this.version++;
    if (this.upcomingKey === undefined) return;
    this.chosen.delete(this.upcomingKey);
    this.upcomingKey = undefined;
    this.onStale();
  }
}
