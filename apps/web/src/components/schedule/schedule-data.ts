'use client';
// The schedule page's calls: one `schedule` command of the command table (a mutation, so `ls` is
// asked through the client in a query), and the moods and playlists an entry may select.
import type { AppRouter } from '@paraweb/server/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '@/lib/trpc';

type ScheduleOutput = inferRouterOutputs<AppRouter>['afs']['schedule']['output'];
export type ScheduleInput = inferRouterInputs<AppRouter>['afs']['schedule'];
export type ScheduleListing = Extract<ScheduleOutput, { sub: 'ls' }>;
export type ScheduleEntry = ScheduleListing['entries'][number];
export type ScheduleConflict = ScheduleListing['conflicts'][number];
export type SchedulePreview = Extract<ScheduleOutput, { sub: 'preview' }>;
export type Transition = ScheduleEntry['transition'];

/** the fields the dialog edits (an entry without its id) */
export type EntryFields = Omit<ScheduleEntry, 'id'>;

export const SCHEDULE_KEY = ['schedule-ls'] as const;

/** `schedule ls` as a query (the moods page asks it too, before a delete) */
export async function fetchListing(
  client: ReturnType<typeof useTRPCClient>,
): Promise<ScheduleListing> {
  const out = (await client.afs.schedule.mutate({ args: ['ls'] })).output;
  if (out.sub !== 'ls') throw new Error('schedule ls: unexpected answer');
  return out;
}

export function useScheduleListing() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: SCHEDULE_KEY,
    queryFn: () => fetchListing(client),
    // changes made elsewhere (the CLI, another browser) show up within this
    refetchInterval: 30_000,
  });
}

/** the command's input for an entry: add (new) or mv (id), every field given */
export function entryInput(fields: EntryFields, id?: number): ScheduleInput {
  const span = `${fields.start}-${fields.end}`;
  const common = {
    days: fields.weekdays.join(','),
    dates: fields.dates.join(','),
    priority: fields.priority,
    transition: fields.transition,
    fitTolerance: fields.fitTolerance,
  };
  return id === undefined
    ? { args: ['add', fields.mode, span], ...common }
    : { args: ['mv', String(id), span], mode: fields.mode, ...common };
}

/** runs a `schedule` subcommand and reloads the listing after it (refused or not) */
export function useScheduleCommand() {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ScheduleInput) => client.afs.schedule.mutate(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SCHEDULE_KEY }),
  });
}

/** the stored moods and playlists as modes (m/<name>, p/<name>) */
export function useModes(): { moods: string[]; playlists: string[] } {
  const trpc = useTRPC();
  const moods = useQuery(trpc.afs.lsmood.queryOptions({ args: [] }));
  const pls = useQuery(trpc.afs.lspl.queryOptions({ args: [] }));
  return {
    moods: moods.data?.output.blobs.map((b) => b.name) ?? [],
    playlists: pls.data?.output.blobs.map((b) => b.name) ?? [],
  };
}

/** "m/calm" -> "calm (mood)" */
export function modeLabel(mode: string): string {
  if (mode.startsWith('m/')) return `${mode.slice(2)} (mood)`;
  if (mode.startsWith('p/')) return `${mode.slice(2)} (playlist)`;
  return mode;
}
