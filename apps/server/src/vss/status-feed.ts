// The live status of the vss, on the thread that owns afs: the engine's latest snapshot plus the
// afs rows of the file it streams, and the subscribers who hear of changes. The in-process Vss
// and the StreamHost (engine on its own thread) both show their status through it.
import type { Afs, OpenedFile } from '../afs/index.js';
import type { Logger } from '../log.js';
import type { MountFeeder } from '../senders/mounts/types.js';
import type { StatusFeed } from '../status/feed.js';
import type { StatusItems } from '../status/items.js';
import { nowUs } from './clock.js';
import type { EngineSnapshot } from './engine.js';
import { AfsFileSource } from './file-source.js';
import { StatusNotifier } from './notifier.js';
import { statusItems } from './status.js';

export class VssStatus implements StatusFeed {
  /** afs as the engine's file source: the status reads the streamed file's rows from it */
  readonly source: AfsFileSource;
  private readonly notifier: StatusNotifier;

  constructor(
    private readonly afs: Afs,
    /** the engine's latest snapshot */
    private readonly snapshot: () => EngineSnapshot,
    /** a file chosen ahead went stale: the engine must drop it */
    onStale: () => void,
    log?: Pick<Logger, 'warn' | 'error'>,
    /** attaches the live mounts' audio to each file chosen */
    feeder?: MountFeeder,
  ) {
    this.source = new AfsFileSource(afs, onStale, (line) => log?.warn(line), feeder);
    this.notifier = new StatusNotifier(afs, () => this.current()?.file.id, log);
  }

  /** the status refresh every minute */
  start(): void {
    this.notifier.start();
  }

  close(): void {
    this.notifier.close();
    this.source.close();
  }

  items(): StatusItems {
    const s = this.snapshot();
    return statusItems(this.afs, { ...s, nowUs: nowUs(), opened: this.source.get(s.key) });
  }

  subscribe(listener: () => void): () => void {
    return this.notifier.subscribe(listener);
  }

  changed(): void {
    this.notifier.changed();
  }

  /** when the streamed file ends if it plays on (a scheduled fit chooses files by it) */
  currentEndsAtMs(): number | undefined {
    const s = this.snapshot();
    const opened = this.source.get(s.key);
    if (!opened || !s.flags.playing) return undefined;
    return s.streamStartUs / 1000 + opened.file.durationMs - s.offsetMs;
  }

  /** the file the engine streams, as afs chose it */
  current(): OpenedFile | undefined {
    return this.source.get(this.snapshot().key);
  }
}
