'use client';
// The public station's now playing, live: /api/nowplaying/events (server-sent events; the
// browser's EventSource reconnects by itself), and /api/nowplaying every 5 s while the events are
// refused (the server's limit of open streams). Each view also goes on the player's timeline.
import type { PublicNowPlaying } from '@paraweb/server/station';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { StatusTimeline } from '@/components/player/stream-player';
import { takeEarlyNowPlaying } from '@/lib/early-nowplaying';
import { skewOf, viewStatus } from '@/lib/station-feed';
import {
  addStatus,
  burstMs,
  nextOrigin,
  type StreamOrigin,
  type TimelineEntry,
} from '@/lib/stream-timeline';
import type { StatusObject } from '@paraweb/server/socket-events';

const POLL_MS = 5_000;
/** after the events were refused, try them again this much later */
const EVENTS_RETRY_MS = 30_000;

export interface StationFeed {
  view: PublicNowPlaying | undefined;
  /** why there is no view (the station is off, the server is not reachable) */
  error: string | undefined;
  status: StatusTimeline;
}

export function useStationFeed(apiUrl: string): StationFeed {
  const [view, setView] = useState<PublicNowPlaying>();
  const [error, setError] = useState<string>();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [skewMs, setSkew] = useState(0);
  const origin = useRef<StreamOrigin>({ kind: 'unknown' });
  const previous = useRef<StatusObject | undefined>(undefined);

  const apply = useCallback((v: PublicNowPlaying, receivedAt: number) => {
    setView(v);
    setError(undefined);
    setSkew(skewOf(v, receivedAt));
    const status = viewStatus(v);
    origin.current = nextOrigin(origin.current, previous.current, status, receivedAt);
    previous.current = status;
    setTimeline((t) => addStatus(t, status, receivedAt));
  }, []);

  useEffect(() => {
    let events: EventSource | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const fetchOnce = async (): Promise<void> => {
      try {
        const res = await fetch(`${apiUrl}/api/nowplaying`);
        if (res.status === 404) return setError('This station is not public at the moment.');
        if (!res.ok) return setError(`The station answered ${res.status}.`);
        apply((await res.json()) as PublicNowPlaying, Date.now());
      } catch {
        setError('The station is not reachable.');
      }
    };
    const open = (): void => {
      clearInterval(poll);
      events = new EventSource(`${apiUrl}/api/nowplaying/events`);
      events.addEventListener('nowplaying', (e) =>
        apply(JSON.parse((e as MessageEvent<string>).data) as PublicNowPlaying, Date.now()),
      );
      events.onerror = () => {
        // closed for good (refused: 404 off, 503 full): poll, and try the events again later
        if (events?.readyState !== EventSource.CLOSED) return;
        void fetchOnce();
        poll = setInterval(() => void fetchOnce(), POLL_MS);
        reopen = setTimeout(open, EVENTS_RETRY_MS);
      };
    };
    // the view the page asked for while it loaded, unless the event stream was quicker
    let fromEvents = false;
    void takeEarlyNowPlaying()?.then((early) => {
      if (early && !fromEvents) apply(early.view, early.receivedAt);
    });
    open();
    events?.addEventListener('nowplaying', () => (fromEvents = true));
    return () => {
      events?.close();
      clearInterval(poll);
      clearTimeout(reopen);
    };
  }, [apiUrl, apply]);

  const burstFor = useCallback((connectedAt: number) => burstMs(origin.current, connectedAt), []);
  const status = useMemo(
    () => ({ timeline, latest: timeline[timeline.length - 1]?.status, burstFor, skewMs }),
    [timeline, burstFor, skewMs],
  );
  return { view, error, status };
}
