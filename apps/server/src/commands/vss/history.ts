// history (issue #17): what played when, with its listeners and how it ended, newest first.
// paraslash-style options: -n how many, -s/-u a time range, -l the long listing.
import { z } from 'zod';
import type { PlayRow } from '../../audience/index.js';
import { ParaError } from '../../errors.js';
import { permBits } from '../perms.js';
import { flag, int, noArgs } from '../schema.js';
import { defineCommand } from '../types.js';

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "1733450000" (seconds since the epoch), "2026-12-06", "2026-12-06T03:00", or "2h" / "7d" ago */
export function parseWhen(text: string, nowMs = Date.now()): Date | undefined {
  const t = text.trim();
  const ago = /^(\d{1,6})([smhdw])$/.exec(t);
  if (ago) return new Date(nowMs - Number(ago[1]) * UNIT_S[ago[2]!]! * 1000);
  if (/^\d{1,12}$/.test(t)) return new Date(Number(t) * 1000);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t))
    return undefined;
  const d = new Date(t.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const when = z
  .string()
  .transform((v, ctx) => {
    const d = parseWhen(v);
    if (!d) {
      ctx.addIssue({
        code: 'custom',
        message: `not a time: ${v} (seconds since the epoch, YYYY-MM-DD[THH:MM[:SS]], or 30m, 2h, 7d ago)`,
      });
      return z.NEVER;
    }
    return d;
  })
  .optional();

const stamp = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

function duration(p: PlayRow): string {
  if (!p.endedAt) return 'playing';
  const s = Math.round((p.endedAt.getTime() - p.startedAt.getTime()) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const historyCommand = defineCommand({
  name: 'history',
  summary: 'list the files played, newest first, with their listeners',
  synopsis: 'history [-n num] [-s since] [-u until] [-l]',
  description:
    'Times: seconds since the epoch, YYYY-MM-DD[THH:MM[:SS]] (UTC unless an offset is given), or an age such as 30m, 2h, 7d. -l adds the end, the length, how it ended (ended, skipped, stopped), the mood or playlist, listeners at start/peak/end and tune-outs.',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: [
    { key: 'num', short: 'n', long: 'num', arg: 'required', help: 'how many plays (20)' },
    {
      key: 'since',
      short: 's',
      long: 'since',
      arg: 'required',
      help: 'plays that started then or later',
    },
    { key: 'until', short: 'u', long: 'until', arg: 'required', help: 'plays that started before' },
    { key: 'long', short: 'l', long: 'long', arg: 'none', help: 'long listing' },
  ],
  input: z
    .object({
      num: int(1, 10_000).default(20),
      since: when,
      until: when,
      long: flag,
      args: noArgs,
    })
    .refine((i) => !i.since || !i.until || i.since < i.until, {
      message: 'the range is empty: --since must be before --until',
      path: ['since'],
    }),
  async run({ services }, input) {
    if (!services.audience) throw new ParaError('E_UNSUPPORTED', 'history: no play history here');
    const plays = await services.audience.history({
      limit: input.num,
      since: input.since,
      until: input.until,
    });
    return { plays };
  },
  render({ plays }, input) {
    return plays
      .map((p) =>
        input.long
          ? [
              stamp(p.startedAt),
              p.endedAt ? stamp(p.endedAt) : '-',
              duration(p),
              p.endReason ?? 'playing',
              p.mode,
              `${p.listenersStart}/${p.listenersPeak}/${p.listenersEnd ?? '-'}`,
              `-${p.tuneOuts}`,
              p.path,
            ].join('\t')
          : `${stamp(p.startedAt)}\t${p.path}`,
      )
      .map((l) => `${l}\n`)
      .join('');
  },
});
