'use client';
// Play/stop, the volume, and what the connection does (connecting, buffering, reconnecting).
import type { StreamPlayer } from './use-stream-player';
import styles from './player.module.css';

const PHASE_TEXT: Record<StreamPlayer['phase'], string> = {
  stopped: 'Stopped',
  connecting: 'Connecting…',
  buffering: 'Buffering…',
  playing: 'Playing',
  reconnecting: 'Reconnecting…',
  blocked: 'The browser blocked playback: press Play',
};

export function PlayerControls(props: {
  player: StreamPlayer;
  disabled: boolean;
  disabledWhy: string | undefined;
  serverState: string | undefined;
}) {
  const { player } = props;
  const on = player.phase !== 'stopped' && player.phase !== 'blocked';
  let detail = '';
  if (player.phase === 'reconnecting')
    detail = `attempt ${player.attempt}${player.lastError ? ` (${player.lastError})` : ''}`;
  else if (on && player.phase !== 'playing' && props.serverState && props.serverState !== 'playing')
    detail = `the server is ${props.serverState}`;
  return (
    <div className={styles.controls}>
      <button
        type="button"
        className={styles.playButton}
        onClick={on ? player.stop : player.play}
        disabled={props.disabled}
        title={props.disabled ? props.disabledWhy : undefined}
        data-testid="player-toggle"
      >
        {on ? 'Stop' : 'Play'}
      </button>
      <div className={styles.volume}>
        <label htmlFor="player-volume">Volume</label>
        <input
          id="player-volume"
          type="range"
          min={0}
          max={100}
          step={5}
          value={Math.round(player.volume * 100)}
          aria-valuetext={`${Math.round(player.volume * 100)} %`}
          onChange={(e) => player.setVolume(Number(e.target.value) / 100)}
        />
      </div>
      <p
        className={`${styles.phase} ${styles[`phase-${player.phase}`] ?? ''}`}
        role="status"
        aria-live="polite"
        data-testid="player-phase"
        data-phase={player.phase}
      >
        {PHASE_TEXT[player.phase]}
        {detail ? <span className="muted"> — {detail}</span> : null}
      </p>
    </div>
  );
}
