'use client';
// The public player of /listen and /embed: the shared player (components/player) fed by the
// station's event stream, with the stream sources of the server's HTTP sender, after the relay
// the server names for this listener when it has relays (GET /api/stream, issue #21).
import type { PublicNowPlaying } from '@paraweb/server/station';
import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useApiUrl, useStreamUrlOverride } from '@/app/providers';
import { hlsSupport, loadHls } from '@/components/player/hls-attach';
import { StreamPlayerView } from '@/components/player/stream-player';
import { playOfStatus } from '@/lib/station-feed';
import { type StreamSource, streamSources, withRelay } from '@/lib/stream-sources';
import { streamUrl } from '@/lib/stream-url';
import { HeardTrack } from './heard-track';
import type { StationFeed } from './use-station-feed';

// Most browsers play the station's HLS through hls.js, a chunk of its own: its download starts
// when this module is evaluated, before the page hydrates. Started when the player showed, it
// was often still loading at the click (bench/hls-listen.bench.mjs: the playlist was asked for
// 200-600 ms after the click).
if (typeof window !== 'undefined' && hlsSupport() === 'hlsjs') void loadHls();

/**
 * The relay this listener is sent to: undefined while first asking, null for none (no relay
 * healthy, or the answer failed: this server's own sources then). `lost(url)`: that relay dropped
 * the stream; the server is asked again for another (?not=), and the player reconnects to it, or
 * to this server's own sources when there is none.
 */
function useRelay(
  apiUrl: string,
  asked: boolean,
): { relay: string | null | undefined; lost: (url: string) => void } {
  const [relay, setRelay] = useState<string | null | undefined>(undefined);
  const [lostUrl, setLostUrl] = useState<{ url: string } | undefined>(undefined);
  useEffect(() => {
    if (!asked) return;
    let live = true;
    const not = lostUrl ? `?not=${encodeURIComponent(lostUrl.url)}` : '';
    fetch(`${apiUrl}/api/stream${not}`, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<{ url?: unknown }>) : { url: null }))
      .then((b) => live && setRelay(typeof b.url === 'string' ? b.url : null))
      .catch(() => live && setRelay(null));
    return () => {
      live = false;
    };
  }, [apiUrl, asked, lostUrl]);
  const lost = useCallback(
    (url: string) => {
      // only the relay it was sent to: this server's own sources are not replaced
      if (url === relay) setLostUrl({ url });
    },
    [relay],
  );
  return { relay, lost };
}

const never = (): (() => void) => () => {};

/**
 * false on the server and while the page hydrates, true after: the sources need the browser
 * (its HLS support, the page's protocol), and the first render must match the server's HTML or
 * React throws away the page and renders it again (React error #418).
 */
function useOnClient(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/** the sources of the view's HTTP sender (PARAWEB_STREAM_URL wins), after its relay if any */
function useSources(view: PublicNowPlaying | undefined) {
  const onClient = useOnClient();
  const apiUrl = useApiUrl();
  const override = useStreamUrlOverride();
  const httpPort = view?.stream.httpPort;
  const relays = !override && view?.stream.relays === true;
  const { relay, lost } = useRelay(apiUrl, relays);
  const sources = useMemo(() => {
    if (!onClient) return;
    if (override) return streamSources(override, hlsSupport());
    if (httpPort === undefined || httpPort === null) return;
    if (relays && relay === undefined) return;
    const own = streamSources(
      streamUrl({ apiUrl, httpPort, protocol: window.location.protocol }),
      hlsSupport(),
    );
    return withRelay(relays ? (relay ?? null) : null, own, hlsSupport());
  }, [onClient, override, apiUrl, httpPort, relays, relay]);
  const onLost = useCallback((source: StreamSource) => lost(source.url), [lost]);
  return { sources, onLost };
}

export function StationPlayer(props: {
  feed: StationFeed;
  compact?: boolean;
  children?: ReactNode;
}) {
  const apiUrl = useApiUrl();
  const { view, status } = props.feed;
  const { sources, onLost } = useSources(view);
  return (
    <StreamPlayerView
      sources={sources}
      onLost={onLost}
      status={status}
      compact={props.compact}
      disabledWhy={
        view && view.stream.httpPort === null
          ? 'this station has no stream'
          : 'looking for the stream…'
      }
      mediaMeta={(heard) => {
        const play = playOfStatus(view, heard);
        if (!play) return undefined;
        const artwork = play.cover ?? view?.station.artwork ?? undefined;
        return {
          title: play.title || 'Untitled',
          artist: play.artist,
          album: play.album,
          artwork: artwork
            ? new URL(`${apiUrl}${artwork}`, window.location.href).toString()
            : undefined,
        };
      }}
      renderHeard={({ heard, playhead, listening }) => (
        <HeardTrack
          view={view}
          heard={heard}
          playhead={playhead}
          listening={listening}
          skewMs={status.skewMs}
          apiUrl={apiUrl}
          compact={props.compact}
        />
      )}
    >
      {props.children}
    </StreamPlayerView>
  );
}
