// The files that started on the stream, newest first. What this process streams comes from the
// status feed (at once, no database on the way); what streamed before it started, the plays of
// earlier runs, comes once from the play history table the audience writes (table Play), so the
// list survives a restart without a second store.
import type { StatusFeed } from '../status/feed.js';
import type { StatusItems } from '../status/items.js';

export const RECENT_MAX = 20;

/** One play as the station may publish it, plus what stays inside the server. */
export interface Play {
  /** the file's path: internal, never published */
  key: string;
  title: string;
  artist: string;
  album: string;
  /** seconds, 0 when unknown */
  duration: number;
  /** image blob id of the cover, 0 when none */
  imageId: number;
  /** server clock (ms since the epoch) when the file began on the stream */
  startedAt: number;
}

/** what the status says about the stream now */
export interface StreamNow {
  state: 'playing' | 'paused' | 'stopped';
  play: Play | undefined;
  /** position in the file (s) at `serverTime` */
  position: number;
  /** the server clock (ms) when the status was made */
  serverTime: number;
}

/** seconds.microseconds (status items stream_start, current_time) to ms */
function timevalMs(value: string | undefined): number | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(value ?? '');
  return m ? Number(m[1]) * 1000 + Number(m[2]) / 1000 : undefined;
}

function num(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** The stream as the status items describe it; `play` is undefined while no file is open. */
export function readStatus(items: StatusItems, nowMs: number = Date.now()): StreamNow {
  const s = new Map(items);
  const status = s.get('status');
  const state = status === 'playing' || status === 'paused' ? status : 'stopped';
  const serverTime = timevalMs(s.get('current_time')) ?? nowMs;
  const path = s.get('path') ?? '';
  if (state === 'stopped' || path === '')
    return { state, play: undefined, position: 0, serverTime };
  const offset = num(s.get('offset'));
  const start = timevalMs(s.get('stream_start'));
  const elapsed = state === 'playing' && start !== undefined ? Math.max(0, serverTime - start) : 0;
  const position = offset + elapsed / 1000;
  return {
    state,
    position,
    serverTime,
    play: {
      key: path,
      title: s.get('title') ?? '',
      artist: s.get('artist') ?? '',
      album: s.get('album') ?? '',
      duration: num(s.get('seconds_total')),
      imageId: num(s.get('image_id')),
      startedAt: Math.round(serverTime - position * 1000),
    },
  };
}

/** plays of the history and of the feed within this of each other, of the same file, are one */
const SAME_PLAY_MS = 5_000;

/**
 * Follows the status feed and keeps the last RECENT_MAX plays. A play is a new file on the
 * stream, or the same file again after the stream passed through "no file" (end of file, next,
 * stop): a pause, a jump or a tag change of the playing file is not a new play.
 */
export class PlayLog {
  private readonly ring: Play[] = [];
  private between = true;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly feed: StatusFeed) {}

  start(): void {
    this.unsubscribe ??= this.feed.subscribe(() => this.observe(this.feed.items()));
    this.observe(this.feed.items());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** newest first; the first is the playing file while one plays */
  recent(): readonly Play[] {
    return this.ring;
  }

  /**
   * Adds plays from the play history (any order): those the feed already gave (the same file
   * starting within SAME_PLAY_MS) are left out, the rest take their place by start time.
   */
  seed(history: readonly Play[]): void {
    const fresh = history.filter(
      (h) =>
        !this.ring.some(
          (p) => p.key === h.key && Math.abs(p.startedAt - h.startedAt) < SAME_PLAY_MS,
        ),
    );
    if (fresh.length === 0) return;
    const merged = [...this.ring, ...fresh].sort((a, b) => b.startedAt - a.startedAt);
    this.ring.splice(0, this.ring.length, ...merged.slice(0, RECENT_MAX));
  }

  /** takes one status; exported for tests through start() */
  observe(items: StatusItems, nowMs?: number): void {
    const { play } = readStatus(items, nowMs);
    if (!play) {
      this.between = true;
      return;
    }
    const last = this.ring[0];
    if (last && last.key === play.key && !this.between) {
      // the same play: tags or cover may have changed, the start stays
      this.ring[0] = { ...play, startedAt: last.startedAt };
      return;
    }
    this.between = false;
    this.ring.unshift(play);
    if (this.ring.length > RECENT_MAX) this.ring.length = RECENT_MAX;
  }
}
