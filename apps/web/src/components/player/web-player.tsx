'use client';
// The web player page: plays the stream (HLS, /live.mp3 or /, whichever the server has) and shows
// the file the listener hears, which is seconds behind the one the server sends
// (docs/web-player.md). The same player as the public /listen, fed by the dashboard's socket.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useSyncExternalStore } from 'react';
import { useApiUrl, useStreamUrlOverride } from '@/app/providers';
import { useAuth } from '@/lib/auth';
import { streamSources } from '@/lib/stream-sources';
import { streamUrl } from '@/lib/stream-url';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { hlsSupport } from './hls-attach';
import { NowPlaying } from './now-playing';
import { StreamPlayerView, type StatusTimeline } from './stream-player';
import { useStreamTimeline } from './use-stream-timeline';
import styles from './player.module.css';

/** the burst the HTTP sender counted for this connection (status.burst; VSS_READ) */
function useSenderBurst(listenId: string | undefined, connectedAt: number | undefined) {
  const trpc = useTRPC();
  const sent = useQuery({
    ...trpc.status.burst.queryOptions({ listen: listenId ?? '' }, { staleTime: Infinity }),
    enabled: connectedAt !== undefined && listenId !== undefined,
  });
  return sent.data?.burstMs;
}

const LEVEL_KEY = 'paraweb.player.level';

/** Web Audio levelling, off by default, remembered in localStorage where the browser allows */
const levelStore = {
  listeners: new Set<() => void>(),
  get: (): boolean => {
    try {
      return localStorage.getItem(LEVEL_KEY) === '1';
    } catch {
      return false; // storage disabled: off
    }
  },
  set: (v: boolean): void => {
    try {
      localStorage.setItem(LEVEL_KEY, v ? '1' : '0');
    } catch {
      // private mode: not remembered (and so not on)
    }
    for (const notify of levelStore.listeners) notify();
  },
  subscribe: (notify: () => void): (() => void) => {
    levelStore.listeners.add(notify);
    return () => levelStore.listeners.delete(notify);
  },
};

function useLevellingChoice() {
  const on = useSyncExternalStore(levelStore.subscribe, levelStore.get, () => false);
  return useMemo(() => ({ on, setOn: levelStore.set }), [on]);
}

export function WebPlayer() {
  const trpc = useTRPC();
  const apiUrl = useApiUrl();
  const override = useStreamUrlOverride();
  const auth = useAuth();
  const info = useQuery(trpc.server.info.queryOptions(undefined, { refetchInterval: 10_000 }));
  const timeline = useStreamTimeline();
  const status: StatusTimeline = useMemo(() => ({ ...timeline, skewMs: 0 }), [timeline]);
  const levelling = useLevellingChoice();

  const httpPort = info.data?.httpPort;
  const sources = useMemo(() => {
    if (typeof window === 'undefined') return;
    if (override) return streamSources(override, hlsSupport());
    if (httpPort === undefined || httpPort === null) return;
    // the operator hears `/`, the pass-through (every file as stored), whose titles the burst
    // lookup keeps exact; listeners' pages (/listen, /embed) try HLS and /live.mp3 first
    const base = streamUrl({ apiUrl, httpPort, protocol: window.location.protocol });
    return [{ kind: 'http' as const, url: base }];
  }, [override, apiUrl, httpPort]);

  const noSender = info.data !== undefined && httpPort === null && !override;
  return (
    <div className={styles.player}>
      <h1>Web player</h1>
      {info.isError ? (
        <ErrorAlert
          title="Cannot learn where the stream is"
          error={info.error}
          onRetry={() => void info.refetch()}
          retrying={info.isFetching}
        />
      ) : null}
      {noSender ? (
        <p className="alert">This server has no HTTP sender, so there is no stream to play.</p>
      ) : info.data && !info.data.httpOn && !override ? (
        <p className={styles.warn} data-testid="sender-off">
          The HTTP sender is off; the player connects once it is on again (
          <code>sender http on</code>).
        </p>
      ) : null}
      <section className={`card ${styles.card}`} aria-label="Now playing">
        <StreamPlayerView
          sources={sources}
          status={status}
          useServerBurst={useSenderBurst}
          levelling={levelling}
          disabledWhy={noSender ? 'no HTTP sender' : 'looking up the stream address…'}
          mediaMeta={(s) =>
            s?.path
              ? {
                  title: s.title || s.basename || 'Untitled',
                  artist: s.artist ?? '',
                  album: s.album ?? '',
                  artwork: undefined,
                }
              : undefined
          }
          renderHeard={({ heard }) =>
            auth.can('VSS_READ') ? (
              <NowPlaying status={heard} />
            ) : (
              <p className="muted">
                Your user may not read the status (VSS_READ), so titles are not shown.
              </p>
            )
          }
        >
          {timeline.error && !timeline.latest ? (
            <ErrorAlert title="The status is not available" error={timeline.error} />
          ) : null}
        </StreamPlayerView>
      </section>
    </div>
  );
}
