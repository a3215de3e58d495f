'use client';
// The live position of the current file: recomputed on every status push, and advanced once a
// second in between while playing.
import { useEffect, useState } from 'react';
import type { StatusObject } from '@/lib/socket';
import { nextClock, positionAt, type PlayClock } from './play-clock';

const TICK_MS = 1000;

export function usePlayClock(status: StatusObject | undefined): {
  clock: PlayClock | undefined;
  position: number;
} {
  const [clock, setClock] = useState<PlayClock>();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!status) return;
    const at = Date.now();
    setClock((prev) => nextClock(prev, status, at));
    setNow(at);
  }, [status]);
  const playing = clock?.state === 'playing';
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [playing]);
  return { clock, position: clock ? positionAt(clock, now) : 0 };
}
