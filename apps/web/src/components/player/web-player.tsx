'use client';
// The web player page: plays the HTTP stream in an <audio> element and shows the file the
// listener hears, which is seconds behind the one the server sends (docs/web-player.md).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useApiUrl, useStreamUrlOverride } from '@/app/providers';
import { useAuth } from '@/lib/auth';
import { heardEntry, listenerLagMs, nextSwitchInMs } from '@/lib/stream-timeline';
import { streamUrl } from '@/lib/stream-url';
import { useTRPC } from '@/lib/trpc';
import { ErrorAlert } from '@/components/ui/error-alert';
import { NowPlaying } from './now-playing';
import { PlayerControls } from './player-controls';
import { StreamDelay } from './stream-delay';
import { useStreamPlayer } from './use-stream-player';
import { useStreamTimeline } from './use-stream-timeline';
import styles from './player.module.css';

/** Samples the clock and the playhead while `on`, so the shown file follows the audio. */
function usePlayhead(audio: RefObject<HTMLAudioElement | null>, on: boolean) {
  const [sample, setSample] = useState({ now: 0, currentTimeS: 0 });
  useEffect(() => {
    if (!on) return;
    const tick = () =>
      setSample({ now: Date.now(), currentTimeS: audio.current?.currentTime ?? 0 });
    tick();
    const id = setInterval(tick, 250);
    return () => clearInterval(id);
  }, [audio, on]);
  return sample;
}

export function WebPlayer() {
  const trpc = useTRPC();
  const apiUrl = useApiUrl();
  const override = useStreamUrlOverride();
  const auth = useAuth();
  const info = useQuery(trpc.server.info.queryOptions(undefined, { refetchInterval: 10_000 }));
  const audioRef = useRef<HTMLAudioElement>(null);
  const timeline = useStreamTimeline();

  const httpPort = info.data?.httpPort;
  const url = useMemo(() => {
    if (override) return override;
    if (httpPort === undefined || httpPort === null || typeof window === 'undefined') return;
    return streamUrl({ apiUrl, httpPort, protocol: window.location.protocol });
  }, [override, apiUrl, httpPort]);

  const serverState = timeline.latest?.status;
  const player = useStreamPlayer(audioRef, url, serverState === 'playing');
  const { connectedAt } = player;
  const listening =
    connectedAt !== undefined && (player.phase === 'playing' || player.phase === 'buffering');
  const { now, currentTimeS } = usePlayhead(audioRef, listening);
  const { burstFor } = timeline;
  // the burst this connection got is fixed when it began: the server says how much it sent;
  // without an answer (another server behind PARAWEB_STREAM_URL) the statuses seen tell
  const sent = useQuery({
    ...trpc.status.burst.queryOptions({ listen: player.listenId ?? '' }, { staleTime: Infinity }),
    enabled: connectedAt !== undefined && player.listenId !== undefined,
  });
  const serverBurst = sent.data?.burstMs;
  const burst = useMemo(() => {
    if (connectedAt === undefined) return 0;
    return serverBurst ?? burstFor(connectedAt);
  }, [connectedAt, burstFor, serverBurst]);
  const lagMs =
    listening && now >= connectedAt ? listenerLagMs({ burst, connectedAt, now, currentTimeS }) : 0;
  // not listening: nothing is heard, so the server's own status is the truth
  const heard = listening ? heardEntry(timeline.timeline, now - lagMs)?.status : timeline.latest;
  const switchIn = listening ? nextSwitchInMs(timeline.timeline, now, lagMs) : undefined;
  const upcoming = timeline.latest !== heard ? timeline.latest : undefined;

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
        {auth.can('VSS_READ') ? (
          <NowPlaying status={heard} />
        ) : (
          <p className="muted">
            Your user may not read the status (VSS_READ), so titles are not shown.
          </p>
        )}
        <PlayerControls
          player={player}
          disabled={!url}
          disabledWhy={noSender ? 'no HTTP sender' : 'looking up the stream address…'}
          serverState={serverState}
        />
        <StreamDelay
          listening={listening}
          lagMs={lagMs}
          switchInMs={switchIn}
          upcoming={upcoming}
          url={url}
        />
        {timeline.error && !timeline.latest ? (
          <ErrorAlert title="The status is not available" error={timeline.error} />
        ) : null}
      </section>
      {/* CORS lets the page analyse the audio too (the sender allows any origin) */}
      <audio ref={audioRef} crossOrigin="anonymous" preload="none" data-testid="player-audio" />
    </div>
  );
}
