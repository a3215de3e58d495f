// The public station's now playing as the player's status timeline: the view of
// /api/nowplaying/events turned into the status objects lib/stream-timeline.ts keeps in step with
// the audio. Pure functions; the hook is components/station/use-station-feed.ts.
import type { StatusObject } from '@paraweb/server/socket-events';
import type { PublicNowPlaying } from '@paraweb/server/station';

/** ms since the epoch as a status timeval ("sec.usec") */
function timeval(ms: number): string {
  const us = Math.max(0, Math.round(ms * 1000));
  return `${Math.floor(us / 1e6)}.${us % 1e6}`;
}

/**
 * The status the timeline understands: a play's key is its start (no path is published), the
 * stream start is when the file began, `current_time` the server clock of the view.
 */
export function viewStatus(view: PublicNowPlaying): StatusObject {
  const np = view.nowPlaying;
  if (!np || view.state === 'stopped') return { status: 'stopped', path: '' };
  return {
    status: view.state,
    path: `play:${np.startedAt}`,
    title: np.title,
    artist: np.artist,
    album: np.album,
    seconds_total: String(np.duration),
    offset: String(Math.floor(np.position)),
    stream_start: timeval(np.startedAt),
    current_time: timeval(view.serverTime),
  };
}

/** the server's clock minus this browser's, from a view received at `receivedAt` */
export function skewOf(view: PublicNowPlaying, receivedAt: number): number {
  return view.serverTime - receivedAt;
}

/** where the file that began at `startedAt` (server ms) is at local time `playhead`, seconds */
export function positionAt(
  startedAt: number,
  duration: number,
  playhead: number,
  skewMs: number,
): number {
  const pos = Math.max(0, (playhead + skewMs - startedAt) / 1000);
  return duration > 0 ? Math.min(pos, duration) : pos;
}

/** the play of the view a timeline status stands for (by its key) */
export function playOfStatus(
  view: PublicNowPlaying | undefined,
  status: StatusObject | undefined,
): PublicNowPlaying['recent'][number] | undefined {
  const key = status?.path;
  if (!view || !key?.startsWith('play:')) return undefined;
  const startedAt = Number(key.slice(5));
  return (
    view.recent.find((p) => p.startedAt === startedAt) ??
    (view.nowPlaying?.startedAt === startedAt ? view.nowPlaying : undefined)
  );
}
