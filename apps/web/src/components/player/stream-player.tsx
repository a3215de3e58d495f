'use client';
// The one player of the admin's /player, the public /listen and /embed: the <audio> element, the
// source fallback (HLS, /live.mp3, /), play/stop and volume, and the file the listener hears,
// kept in step with the audio on the status timeline (docs/web-player.md). Pages give it their
// status source and draw the file themselves.
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { StatusObject } from '@paraweb/server/socket-events';
import {
  heardEntry,
  listenerLagMs,
  nextSwitchInMs,
  type TimelineEntry,
} from '@/lib/stream-timeline';
import type { StreamSource } from '@/lib/stream-sources';
import { LEVEL_TARGET_LUFS, levellingGainDb } from '@/lib/levelling';
import { PlayerControls } from './player-controls';
import { StreamDelay } from './stream-delay';
import { useLevelling } from './use-levelling';
import { useMediaSession, type MediaMeta } from './use-media-session';
import { useStreamPlayer, type StreamPlayer } from './use-stream-player';

/** the statuses the player shows from: the dashboard's socket, or the public event stream */
export interface StatusTimeline {
  timeline: readonly TimelineEntry[];
  latest: StatusObject | undefined;
  /** the burst a connection that began at `connectedAt` (local ms) got, ms of audio */
  burstFor: (connectedAt: number) => number;
  /** the server's clock minus this browser's (ms), for HLS program dates; 0 when unknown */
  skewMs: number;
}

/** no server answer about the burst: the timeline's estimate is used */
const noServerBurst = (): number | null | undefined => undefined;

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

export interface HeardState {
  /** the status of the file the listener hears (the server's own when not listening) */
  heard: StatusObject | undefined;
  /** the local time the heard audio left the server (now - lag); sampled only while listening */
  playhead: number;
  listening: boolean;
  player: StreamPlayer;
}

export function StreamPlayerView(props: {
  sources: readonly StreamSource[] | undefined;
  status: StatusTimeline;
  /** status.burst for the admin (the sender's own count); the public pages estimate */
  useServerBurst?: (
    listenId: string | undefined,
    connectedAt: number | undefined,
  ) => number | null | undefined;
  /** the file as the page draws it */
  renderHeard: (state: HeardState) => ReactNode;
  /** title, artist, cover for the lock screen */
  mediaMeta: (heard: StatusObject | undefined) => MediaMeta | undefined;
  disabledWhy: string | undefined;
  /** the small /embed layout: no delay line, no stream URL */
  compact?: boolean;
  /** a source that had played dropped (use-stream-player.ts): /listen asks for another relay */
  onLost?: (source: StreamSource) => void;
  /** Web Audio levelling of the pass-through by the heard file's loudness (the admin's player) */
  levelling?: { on: boolean; setOn: (on: boolean) => void };
  children?: ReactNode;
}) {
  const { status } = props;
  const audioRef = useRef<HTMLAudioElement>(null);
  const serverState = status.latest?.status;
  const player = useStreamPlayer(audioRef, props.sources, serverState === 'playing', props.onLost);
  const { connectedAt } = player;
  const listening =
    connectedAt !== undefined && (player.phase === 'playing' || player.phase === 'buffering');
  const { now, currentTimeS } = usePlayhead(audioRef, listening);
  const useBurst = props.useServerBurst ?? noServerBurst;
  const serverBurst = useBurst(player.listenId, connectedAt);
  const { burstFor } = status;
  const burst = useMemo(() => {
    if (connectedAt === undefined) return 0;
    return serverBurst ?? burstFor(connectedAt);
  }, [connectedAt, burstFor, serverBurst]);
  let lagMs = 0;
  if (listening && now >= connectedAt) {
    // HLS says which moment of the server's clock the playhead is at; the HTTP stream does not
    const programDate = player.programDate();
    lagMs =
      programDate !== undefined
        ? Math.max(0, now - (programDate - status.skewMs))
        : listenerLagMs({ burst, connectedAt, now, currentTimeS });
  }
  // not listening: nothing is heard, so the server's own status is the truth
  const heard = listening ? heardEntry(status.timeline, now - lagMs)?.status : status.latest;
  const switchIn = listening ? nextSwitchInMs(status.timeline, now, lagMs) : undefined;
  const upcoming = status.latest !== heard ? status.latest : undefined;
  useMediaSession(props.mediaMeta(heard), player.phase === 'playing', player);
  const levelDb = levellingGainDb(heard?.loudness);
  const levelOn = props.levelling?.on ?? false;
  useLevelling(audioRef, levelOn, player.phase !== 'stopped', levelDb);

  return (
    <>
      {props.renderHeard({
        heard,
        playhead: now - lagMs,
        listening,
        player,
      })}
      <PlayerControls
        player={player}
        disabled={!props.sources || props.sources.length === 0}
        disabledWhy={props.disabledWhy}
        serverState={serverState}
      />
      {props.compact ? null : (
        <StreamDelay
          listening={listening}
          lagMs={lagMs}
          switchInMs={switchIn}
          upcoming={upcoming}
          url={player.source?.url ?? props.sources?.[0]?.url}
        />
      )}
      {props.levelling ? (
        <p className="muted" data-testid="player-levelling">
          <label>
            <input
              type="checkbox"
              checked={levelOn}
              onChange={(e) => props.levelling?.setOn(e.target.checked)}
            />{' '}
            Level loudness to {LEVEL_TARGET_LUFS} LUFS (Web Audio)
          </label>
          {levelOn ? (
            <span data-testid="player-levelling-gain" data-gain-db={levelDb.toFixed(1)}>
              {' — '}
              {heard?.loudness
                ? `this file: ${Number(heard.loudness).toFixed(1)} LUFS, gain ${levelDb >= 0 ? '+' : ''}${levelDb.toFixed(1)} dB`
                : 'this file has no measured loudness yet (gain 0 dB)'}
            </span>
          ) : null}
        </p>
      ) : null}
      {props.children}
      {/* CORS lets the page analyse the audio too (the sender allows any origin) */}
      <audio ref={audioRef} crossOrigin="anonymous" preload="none" data-testid="player-audio" />
    </>
  );
}
