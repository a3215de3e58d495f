'use client';
// The public player of /listen and /embed: the shared player (components/player) fed by the
// station's event stream, with the stream sources of the server's HTTP sender.
import type { PublicNowPlaying } from '@paraweb/server/station';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useApiUrl, useStreamUrlOverride } from '@/app/providers';
import { hlsSupport, loadHls } from '@/components/player/hls-attach';
import { StreamPlayerView } from '@/components/player/stream-player';
import { playOfStatus } from '@/lib/station-feed';
import { streamSources } from '@/lib/stream-sources';
import { streamUrl } from '@/lib/stream-url';
import { HeardTrack } from './heard-track';
import type { StationFeed } from './use-station-feed';

// Most browsers play the station's HLS through hls.js, a chunk of its own: its download starts
// when this module is evaluated, before the page hydrates. Started when the player showed, it
// was often still loading at the click (bench/hls-listen.bench.mjs: the playlist was asked for
// 200-600 ms after the click).
if (typeof window !== 'undefined' && hlsSupport() === 'hlsjs') void loadHls();

/** the sources of the view's HTTP sender (PARAWEB_STREAM_URL wins) */
function useSources(view: PublicNowPlaying | undefined) {
  const apiUrl = useApiUrl();
  const override = useStreamUrlOverride();
  const httpPort = view?.stream.httpPort;
  return useMemo(() => {
    if (typeof window === 'undefined') return;
    if (override) return streamSources(override, hlsSupport());
    if (httpPort === undefined || httpPort === null) return;
    return streamSources(
      streamUrl({ apiUrl, httpPort, protocol: window.location.protocol }),
      hlsSupport(),
    );
  }, [override, apiUrl, httpPort]);
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
