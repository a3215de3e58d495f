'use client';
// Before a mood or playlist is deleted: which schedule entries (and the default mode) use it, so
// the question can say so, and the removal of those uses when the user confirms. The `rmmood`
// and `rmpl` commands refuse while the schedule uses the blob.
import { useQuery } from '@tanstack/react-query';
import { fetchListing, SCHEDULE_KEY } from '@/components/schedule/schedule-data';
import { useTRPCClient } from '@/lib/trpc';
import type { BlobKind } from './blob-actions';

export interface ScheduleUses {
  /** ids of the entries that select the blob */
  entries: number[];
  /** it is the schedule's default mode */
  isDefault: boolean;
}

export const modeOf = (kind: BlobKind, name: string): string =>
  `${kind === 'mood' ? 'm' : 'p'}/${name}`;

/** the schedule's uses of a blob, asked only once `asking` (the question is open) */
export function useScheduleUses(kind: BlobKind, name: string, asking: boolean) {
  const client = useTRPCClient();
  const listing = useQuery({
    queryKey: SCHEDULE_KEY,
    queryFn: () => fetchListing(client),
    enabled: asking,
    staleTime: 0,
    retry: false,
  });
  const mode = modeOf(kind, name);
  const uses: ScheduleUses | undefined = listing.data
    ? {
        entries: listing.data.entries.filter((e) => e.mode === mode).map((e) => e.id),
        isDefault: listing.data.defaultMode === mode,
      }
    : undefined;
  /** removes the uses, then the caller removes the blob */
  const release = async (u: ScheduleUses): Promise<void> => {
    if (u.entries.length > 0)
      await client.afs.schedule.mutate({ args: ['rm', ...u.entries.map(String)] });
    if (u.isDefault) await client.afs.schedule.mutate({ args: ['default', '-'] });
  };
  // no schedule here, or this user may not read it: ask plainly; rm names the reason if it refuses
  return { uses, checking: asking && listing.isFetching, release };
}

/** the question before deleting, naming the schedule's uses */
export function deleteQuestion(what: string, name: string, uses: ScheduleUses | undefined): string {
  const parts = [
    ...(uses?.entries.length
      ? [`schedule ${uses.entries.length === 1 ? 'entry' : 'entries'} ${uses.entries.join(', ')}`]
      : []),
    ...(uses?.isDefault ? ['the schedule’s default mode'] : []),
  ];
  if (parts.length === 0) return `Delete ${what} ${name}?`;
  return `The schedule uses ${what} ${name} (${parts.join(' and ')}). Delete it and remove it from the schedule?`;
}
