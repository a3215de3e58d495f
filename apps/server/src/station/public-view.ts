// What the public station publishes: built from the status, the play log and the settings. Only
// the fields below leave the server: never paths, user names, moods, scores or attributes; the
// listener count and the next file only when the settings say so.
import type { Play, StreamNow } from './plays.js';
import type { StationSettings } from './settings.js';

/** the path of the public cover route: /api/cover/<image id> */
export const COVER_PATH = '/api/cover/';
export const ARTWORK_PATH = '/api/station/artwork';

export interface PublicTrack {
  title: string;
  artist: string;
  album: string;
  /** seconds; 0 when unknown */
  duration: number;
  /** path of the cover on the API (relative to the API's origin); null: none */
  cover: string | null;
}

export interface PublicPlay extends PublicTrack {
  /** when the file began on the stream, ms since the epoch (server clock) */
  startedAt: number;
}

export interface PublicNowPlaying {
  station: { name: string; description: string; artwork: string | null };
  state: 'playing' | 'paused' | 'stopped';
  /** the server clock when this was made (ms since the epoch): with `position`, the live progress */
  serverTime: number;
  nowPlaying: (PublicPlay & { position: number }) | null;
  /** the last plays, newest first, the playing one included (at most 20) */
  recent: PublicPlay[];
  /** present only when the operator publishes it */
  listeners?: number;
  next?: PublicTrack | null;
  /** where the audio is: the HTTP sender's port on the API's host; null: no HTTP sender.
   * relays: GET /api/stream names a relay to play (issue #21) */
  stream: { httpPort: number | null; on: boolean; relays: boolean };
}

export interface ViewInput {
  settings: StationSettings;
  /** the artwork blob exists */
  hasArtwork: boolean;
  now: StreamNow;
  recent: readonly Play[];
  listeners: number;
  next: Omit<Play, 'startedAt' | 'key'> | undefined;
  stream: { httpPort: number | null; on: boolean; relays: boolean };
}

function track(p: Omit<Play, 'startedAt' | 'key'>): PublicTrack {
  return {
    title: p.title,
    artist: p.artist,
    album: p.album,
    duration: p.duration,
    cover: p.imageId > 0 ? `${COVER_PATH}${p.imageId}` : null,
  };
}

const played = (p: Play): PublicPlay => ({ ...track(p), startedAt: p.startedAt });

export function publicView(v: ViewInput): PublicNowPlaying {
  const { settings: s, now } = v;
  const out: PublicNowPlaying = {
    station: {
      name: s.name,
      description: s.description,
      artwork: v.hasArtwork ? ARTWORK_PATH : null,
    },
    state: now.state,
    serverTime: Math.round(now.serverTime),
    nowPlaying: now.play
      ? { ...played(now.play), position: Math.round(now.position * 10) / 10 }
      : null,
    recent: v.recent.map(played),
    stream: v.stream,
  };
  if (s.showListeners) out.listeners = v.listeners;
  if (s.showNext) out.next = v.next ? track(v.next) : null;
  return out;
}

/** The image ids the public cover route may serve: those the view shows, nothing else. */
export function publishedImages(view: PublicNowPlaying): Set<number> {
  const ids = new Set<number>();
  const add = (t: PublicTrack | null | undefined): void => {
    if (t?.cover) ids.add(Number(t.cover.slice(COVER_PATH.length)));
  };
  add(view.nowPlaying);
  view.recent.forEach(add);
  add(view.next);
  return ids;
}
