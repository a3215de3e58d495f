'use client';
// The `audience` command (vss.audience, a query needing AFS_READ) for one range: each
// subcommand a query of its own, so the tables do not wait for the charts.
import { useQuery } from '@tanstack/react-query';
import { useTRPCClient } from '@/lib/trpc';

export interface RangeArgs {
  since: string;
  until: string;
}

type Client = ReturnType<typeof useTRPCClient>;
type AudienceOut = Awaited<ReturnType<Client['vss']['audience']['query']>>['output'];
export type Of<S extends AudienceOut['sub']> = Extract<AudienceOut, { sub: S }>;

export function useAudience<S extends AudienceOut['sub']>(
  sub: S,
  range: RangeArgs | undefined,
  extra: { page?: number; size?: number; num?: number } = {},
) {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ['audience', sub, range, extra],
    queryFn: async () =>
      (await client.vss.audience.query({ args: [sub], ...range, ...extra })).output as Of<S>,
    enabled: range !== undefined,
    placeholderData: (prev) => prev,
  });
}

/** The last hour per minute: the live line's start. */
export function useLastHour() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ['audience', 'last-hour'],
    queryFn: async () => {
      const out = (await client.vss.audience.query({ args: ['chart'], since: '1h' })).output;
      return out.sub === 'chart' ? out.points.map((p) => ({ t: p.t, listeners: p.listeners })) : [];
    },
    refetchInterval: 60_000,
  });
}
