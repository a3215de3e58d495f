'use client';
// The public player of /listen and /embed: the shared player (components/player) fed by the
// station's event stream, with the stream sources of the server's HTTP sender, after the relay
// the server names for this listener when it has relays (GET /api/stream, issue #21).
import type { PublicNowPlaying } from '@paraweb/server/station';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useApiUrl, useStreamUrlOverride } from '@/app/providers';
import { hlsSupport, loadHls } from '@/components/player/hls-attach';
import { StreamPlayerView } from '@/components/player/stream-player';
import { playOfStatus } from '@/lib/station-feed';
import { streamSources, withRelay } from '@/lib/stream-sources';
import { streamUrl } from '@/lib/stream-url';
import { HeardTrack } from './heard-track';
import type { StationFeed } from './use-station-feed';

// Most browsers play the station's HLS through hls.js, a chunk of its own: its download starts
// when this module is evaluated, before the page hydrates. Started when the player showed, it
// was often still loading at the click (bench/hls-listen.bench.mjs: the playlist was asked for
// 200-600 ms after the click).
if (typeof window !== 'undefined' && hlsSupport() === 'hlsjs') void loadHls();

/**
 * The relay this listener is sent to, asked once: undefined while asking, null for none (no
 * relay healthy, or the answer failed: this server's own sources then).
 */
function useRelay(apiUrl: string, asked: boolean): string | null | undefined {
  const [relay, setRelay] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (!asked) return;
    let live = true;
    fetch(`${apiUrl}/api/stream`, { cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<{ url?: unknown }>) : { url: null }))
      .then((b) => live && setRelay(typeof b.url === 'string' ? b.url : null))
      .catch(() => live && setRelay(null));
    return () => {
      live = false;
    };
  }, [apiUrl, asked]);
  return relay;
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
  const relay = useRelay(apiUrl, relays);
  return useMemo(() => {
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
}

export function StationPlayer(props: {
  feed: StationFeed;
  compact?: boolean;
  children?: ReactNode;
}) {
  const apiUrl = useApiUrl();
  const { view, status } = props.feed;
  const sources = useSources(view);
  return (
    <StreamPlayerView
      sources={sources}
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
