'use client';
// Web Audio levelling of the <audio> element (off by default): the element goes through a
// GainNode set to the heard file's levelling gain (lib/levelling.ts). Once an element is routed
// through the AudioContext it stays so (the browser allows one source node per element); off
// then means a gain of 1. The element has crossOrigin="anonymous" and the HTTP sender allows any
// origin, so the audio is not muted by the cross-origin rules.
import { useEffect, useRef, type RefObject } from 'react';
import { dbToGain } from '@/lib/levelling';

interface Graph {
  ctx: AudioContext;
  gain: GainNode;
}

/** seconds over which a new gain is reached: no click at a file change */
const RAMP_S = 0.05;

export function useLevelling(
  audioRef: RefObject<HTMLAudioElement | null>,
  /** the listener turned levelling on */
  on: boolean,
  /** the player was started (Play: a user gesture, so the AudioContext may run) */
  started: boolean,
  gainDb: number,
): void {
  const graph = useRef<Graph | undefined>(undefined);

  useEffect(() => {
    const audio = audioRef.current;
    if (!on || !started || !audio || graph.current || typeof AudioContext === 'undefined') return;
    try {
      const ctx = new AudioContext();
      const source = ctx.createMediaElementSource(audio);
      const gain = ctx.createGain();
      source.connect(gain).connect(ctx.destination);
      graph.current = { ctx, gain };
    } catch {
      // no Web Audio here: the player plays on without levelling
    }
  }, [audioRef, on, started]);

  useEffect(() => {
    const g = graph.current;
    if (!g) return;
    // a context made before a user gesture starts suspended; Play is one
    if (started && g.ctx.state === 'suspended') void g.ctx.resume().catch(() => undefined);
    g.gain.gain.setTargetAtTime(on ? dbToGain(gainDb) : 1, g.ctx.currentTime, RAMP_S);
  }, [on, started, gainDb]);

  useEffect(
    () => () => {
      void graph.current?.ctx.close().catch(() => undefined);
      graph.current = undefined;
    },
    [],
  );
}
