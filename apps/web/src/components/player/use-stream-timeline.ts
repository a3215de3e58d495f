'use client';
// The server's statuses as they arrive, on a timeline of stream time (lib/stream-timeline.ts), so
// the player can show what the listener hears rather than what the server sends now.
import type { StatusObject } from '@paraweb/server/socket-events';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSocketEvent } from '@/lib/socket';
import {
  addStatus,
  burstMs,
  isBetweenFiles,
  nextOrigin,
  type StreamOrigin,
  type TimelineEntry,
} from '@/lib/stream-timeline';
import { useTRPC } from '@/lib/trpc';

/** `stat` prints `name: value` lines (docs/paraslash/status.md); the status object keyed by item name */
function parseStat(text: string): StatusObject {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+): ?(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2] ?? '';
  }
  return out;
}

export interface StreamTimeline {
  timeline: readonly TimelineEntry[];
  /** the newest status: what the server streams now */
  latest: StatusObject | undefined;
  /** the seed query failed (no VSS_READ, server gone); the socket may still deliver */
  error: unknown;
  /** the burst a connection that began at `connectedAt` (local ms) got, ms of audio */
  burstFor: (connectedAt: number) => number;
}

export function useStreamTimeline(): StreamTimeline {
  const trpc = useTRPC();
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const origin = useRef<StreamOrigin>({ kind: 'unknown' });
  const previous = useRef<StatusObject | undefined>(undefined);

  const apply = useCallback((status: StatusObject, receivedAt: number) => {
    if (isBetweenFiles(status)) return;
    origin.current = nextOrigin(origin.current, previous.current, status, receivedAt);
    previous.current = status;
    setTimeline((t) => addStatus(t, status, receivedAt));
  }, []);

  // every vss:status push, stamped when it arrived (useVssStatus keeps only the last one)
  useSocketEvent('vss:status', (status) => apply(status, Date.now()));

  // the socket sends the status on connect only: a page opened later asks once
  const seed = useQuery({
    ...trpc.server.stat.queryOptions({ num: 1 }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const seeded = useRef(false);
  useEffect(() => {
    if (!seed.data || seeded.current) return;
    seeded.current = true;
    if (previous.current === undefined) apply(parseStat(seed.data.text), seed.dataUpdatedAt);
  }, [seed.data, seed.dataUpdatedAt, apply]);

  const burstFor = useCallback((connectedAt: number) => burstMs(origin.current, connectedAt), []);
  return {
    timeline,
    latest: timeline[timeline.length - 1]?.status,
    error: seed.error,
    burstFor,
  };
}
