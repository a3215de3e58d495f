'use client';
// The live position of the current file: recomputed on every status push, and advanced once a
// second in between while playing.
import { useEffect, useState } from 'react';
import { useSocket, useSocketEvent } from '@/lib/socket';
import { nextClock, positionAt, type PlayClock } from './play-clock';

const TICK_MS = 1000;

interface Clocked {
  clock: PlayClock | undefined;
  /** local time (ms) the position is shown for */
  now: number;
}

export function usePlayClock(): { clock: PlayClock | undefined; position: number } {
  const { latest } = useSocket();
  // a page opened later starts from the last status the socket had
  const [{ clock, now }, setClocked] = useState<Clocked>(() => {
    const at = Date.now();
    return { clock: latest.status ? nextClock(undefined, latest.status, at) : undefined, now: at };
  });
  useSocketEvent('vss:status', (status) => {
    const at = Date.now();
    setClocked((prev) => ({ clock: nextClock(prev.clock, status, at), now: at }));
  });
  const playing = clock?.state === 'playing';
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setClocked((prev) => ({ ...prev, now: Date.now() })), TICK_MS);
    return () => clearInterval(timer);
  }, [playing]);
  return { clock, position: clock ? positionAt(clock, now) : 0 };
}
