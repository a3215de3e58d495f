// The public station as one service: its settings, the play log and the published view, with
// a change feed for the server-sent events. The view is rebuilt only when the status, the
// settings or the listener count changed, so thousands of readers cost one build per change.
import type { Afs } from '../afs/index.js';
import { upcoming } from '../afs/selection/index.js';
import type { SenderControl, SenderTable } from '../senders/index.js';
import type { StatusFeed } from '../status/feed.js';
import { PlayLog, RECENT_MAX, readStatus, type Play } from './plays.js';
import { publicView, publishedImages, type PublicNowPlaying } from './public-view.js';
import type { StationStore } from './settings.js';

export interface StationDeps {
  store: StationStore;
  afs: Afs;
  /** absent in tools without a stream (para_admin): nothing plays */
  feed?: StatusFeed | undefined;
  /** the senders now (a test may add them later) */
  senders?: () => SenderTable<SenderControl> | undefined;
  /** the latest plays of the play history table (audience/), newest first: read once at start */
  history?: ((limit: number) => Promise<readonly HistoryPlay[]>) | undefined;
  warn?: ((msg: string) => void) | undefined;
  /** the Icecast relays (--relay): the least loaded healthy one's public URL, null: none */
  relays?: { readonly size: number; pick(not?: string): string | null } | undefined;
  /** the listeners across this server and its relays (the audience's sum): the published count
   * when the server has relays */
  audienceSum?: (() => number) | undefined;
}

/** a row of the play history, as much of it as the station reads */
export interface HistoryPlay {
  fileId: number;
  path: string;
  startedAt: Date;
}

/** how often the listener count is looked at while someone follows the events */
const LISTENER_POLL_MS = 5_000;

export class Station {
  readonly store: StationStore;
  private readonly plays: PlayLog | undefined;
  private cache: { view: PublicNowPlaying; signature: string; images: Set<number> } | undefined;
  private readonly listeners = new Set<(view: PublicNowPlaying) => void>();
  private readonly unsubscribers: (() => void)[] = [];
  private poll: ReturnType<typeof setInterval> | undefined;
  /** the signature of the view the followers got last */
  private pushed: string | undefined;

  constructor(private readonly deps: StationDeps) {
    this.store = deps.store;
    this.plays = deps.feed && new PlayLog(deps.feed);
  }

  /**
   * Follows the status and the settings (app.ts calls it once the stream exists), and reads the
   * plays of earlier runs from the play history; resolves when they are in.
   */
  start(): Promise<void> {
    this.plays?.start();
    const changed = (): void => this.changed();
    if (this.deps.feed) this.unsubscribers.push(this.deps.feed.subscribe(changed));
    this.unsubscribers.push(this.store.subscribe(changed));
    return this.loadHistory();
  }

  private async loadHistory(): Promise<void> {
    const { history, afs } = this.deps;
    if (!history || !this.plays) return;
    try {
      // files deleted since are left out (a path is never published): read a few more
      const rows = await history(2 * RECENT_MAX);
      const plays: Play[] = [];
      for (const r of rows) {
        const f = afs.files.get(r.fileId);
        if (!f) continue;
        plays.push({
          key: f.path,
          title: f.title,
          artist: f.artist,
          album: f.album,
          duration: f.secondsTotal,
          imageId: f.imageId,
          startedAt: r.startedAt.getTime(),
        });
      }
      this.plays.seed(plays);
      this.changed();
    } catch (err) {
      this.deps.warn?.(`station: the play history could not be read: ${String(err)}`);
    }
  }

  stop(): void {
    for (const u of this.unsubscribers.splice(0)) u();
    this.plays?.stop();
    clearInterval(this.poll);
    this.listeners.clear();
  }

  /** the published view; built at most once per change */
  view(): PublicNowPlaying {
    return (this.cache ??= this.build()).view;
  }

  /** an image id the view shows (a cover of the playing, last 20 or published next file) */
  imageAllowed(id: number): boolean {
    this.view();
    return this.cache?.images.has(id) ?? false;
  }

  /** the image blob id of the station's artwork, if the setting names one that exists */
  artworkId(): number | undefined {
    const name = this.store.get().artwork;
    return name === undefined ? undefined : this.deps.afs.blobs.img.idOf(name);
  }

  /**
   * Calls `listener` with the new view after every change of what is published (not after a
   * status that changes nothing public). Returns the unsubscriber.
   */
  subscribe(listener: (view: PublicNowPlaying) => void): () => void {
    this.listeners.add(listener);
    // the listener count changes without a status: look at it now and then while anyone follows
    this.poll ??= setInterval(() => this.changed(), LISTENER_POLL_MS);
    this.poll.unref?.();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        clearInterval(this.poll);
        this.poll = undefined;
      }
    };
  }

  /** The stream a new listener should play: the least loaded healthy relay's public URL;
   * null: this server's own (no relay, or none healthy). `not`: a relay the listener lost. */
  pickStream(not?: string): string | null {
    return this.deps.relays?.pick(not) ?? null;
  }

  get followers(): number {
    return this.listeners.size;
  }

  private changed(): void {
    this.cache = undefined;
    if (this.listeners.size === 0) return;
    this.cache = this.build();
    const { view, signature } = this.cache;
    if (signature === this.pushed) return;
    this.pushed = signature;
    for (const l of this.listeners) l(view);
  }

  private build(): NonNullable<Station['cache']> {
    const settings = this.store.get();
    const now = this.deps.feed ? readStatus(this.deps.feed.items()) : readStatus([]);
    const recent = this.plays?.recent() ?? [];
    // the play's start as the log has it: one value for the whole play, which clients key it by
    if (now.play && recent[0]?.key === now.play.key)
      now.play = { ...now.play, startedAt: recent[0].startedAt };
    const senders = this.deps.senders?.();
    const http = senders?.get('http');
    const viaRelays = (this.deps.relays?.size ?? 0) > 0 ? this.deps.audienceSum : undefined;
    const listeners =
      viaRelays?.() ??
      (senders?.all() ?? [])
        .filter((s) => s.name === 'http')
        .reduce((n, s) => n + s.listenerCount(), 0);
    const view = publicView({
      settings,
      hasArtwork: this.artworkId() !== undefined,
      now,
      recent,
      listeners,
      next: settings.showNext ? this.nextTrack() : undefined,
      stream: {
        httpPort: http?.port ?? null,
        on: http?.isOn ?? false,
        relays: (this.deps.relays?.size ?? 0) > 0,
      },
    });
    // what a reader would see change: the start of the position, not the moment of the status
    const { serverTime, nowPlaying, ...rest } = view;
    const anchor = nowPlaying && Math.round((serverTime - nowPlaying.position * 1000) / 1000);
    const signature = JSON.stringify({
      ...rest,
      nowPlaying: nowPlaying && { ...nowPlaying, position: anchor },
    });
    return { view, signature, images: publishedImages(view) };
  }

  private nextTrack(): Parameters<typeof publicView>[0]['next'] {
    const [next] = upcoming(this.deps.afs.selector, 1);
    const f = next && this.deps.afs.files.get(next.id);
    if (!f) return undefined;
    return {
      title: f.title,
      artist: f.artist,
      album: f.album,
      duration: f.secondsTotal,
      imageId: f.imageId,
    };
  }
}
