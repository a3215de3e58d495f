'use client';
// How far behind the server the listener is, and what comes next on the stream.
import type { StatusObject } from '@paraweb/server/socket-events';
import styles from './player.module.css';

const seconds = (ms: number) => (ms / 1000).toFixed(1);

export function StreamDelay(props: {
  listening: boolean;
  lagMs: number;
  switchInMs: number | undefined;
  upcoming: StatusObject | undefined;
  url: string | undefined;
}) {
  const next = props.upcoming;
  const nextName = next?.path ? next.title || next.basename || 'the next file' : 'silence (stop)';
  return (
    <div className={`small ${styles.delay}`}>
      {props.listening ? (
        <p data-testid="player-lag" data-lag-ms={Math.round(props.lagMs)}>
          You hear the stream {seconds(props.lagMs)} s after the server sends it.
        </p>
      ) : null}
      {props.listening && next && props.switchInMs !== undefined ? (
        <p data-testid="player-up-next">
          Next: {nextName}, in {seconds(props.switchInMs)} s.
        </p>
      ) : null}
      {props.url ? (
        <p className="muted">
          Stream: <a href={props.url}>{props.url}</a>
        </p>
      ) : null}
    </div>
  );
}
