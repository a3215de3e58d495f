'use client';
// One sender through the `sender` command (vss.sender, a mutation needing VSS_WRITE): its help
// and status texts as queries, and its subcommands. A sender answers a malformed argument with
// its help text instead of an error; that is turned into an error here.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPCClient } from '@/lib/trpc';
import { parseHelp } from './sender-text';

export class SenderRefusal extends Error {}

export interface SenderCommand {
  sub: string;
  arg?: string;
}

export function senderKey(name: string, what: 'help' | 'status') {
  return ['sender', name, what] as const;
}

export function useSender(name: string, enabled: boolean) {
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const text = async (what: 'help' | 'status') =>
    (await client.vss.sender.mutate({ args: [name, what] })).output.text;
  const help = useQuery({
    queryKey: senderKey(name, 'help'),
    queryFn: () => text('help'),
    select: parseHelp,
    staleTime: Infinity,
    enabled,
  });
  const status = useQuery({
    queryKey: senderKey(name, 'status'),
    queryFn: () => text('status'),
    enabled,
  });
  const command = useMutation({
    mutationFn: async ({ sub, arg }: SenderCommand) => {
      const args = arg === undefined ? [name, sub] : [name, sub, arg];
      const out = (await client.vss.sender.mutate({ args })).output.text;
      if (out.trim() !== '') {
        const what = arg === undefined ? sub : `${sub} ${arg}`;
        const usage = out
          .split('\n')
          .filter((l) => l.startsWith('usage:') && l.includes(sub))
          .join('; ');
        throw new SenderRefusal(
          `The ${name} sender did not accept “${what}”${usage ? ` (${usage})` : ''}.`,
        );
      }
      return out;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: senderKey(name, 'status') }),
  });
  return { help, status, command };
}
