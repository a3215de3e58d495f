// schedule: the weekly schedule of moods and playlists (issue #20), one command with subcommands.
import { z } from 'zod';
import { basename } from '../../afs/index.js';
import { previewSpec } from '../../afs/selection/index.js';
import { ParaError } from '../../errors.js';
import type { Schedule, ScheduleEntry } from '../../schedule/index.js';
import {
  entryText,
  localDate,
  localText,
  parseClock,
  parseWeekdays,
  TRANSITIONS,
  wallToInstant,
} from '../../schedule/index.js';
import { parseArgv } from '../argv.js';
import { permBits } from '../perms.js';
import { int } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';

const SUBCOMMANDS = ['add', 'ls', 'rm', 'mv', 'preview', 'now', 'default'] as const;

function scheduleOf(services: Services): Schedule {
  if (!services.schedule) throw new ParaError('E_UNSUPPORTED', 'schedule: not available here');
  return services.schedule;
}

/** "07:00-10:00" */
function parseSpan(text: string | undefined): { start: string; end: string } {
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(text ?? '');
  if (!m) throw new ParaError('E_INVALID', `not a time span HH:MM-HH:MM: ${text ?? '(none)'}`);
  return { start: m[1]!, end: m[2]! };
}

function parseId(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new ParaError('E_INVALID', `not an entry id: ${text ?? '(none)'}`);
  return n;
}

function days(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  try {
    return parseWeekdays(text);
  } catch (err) {
    throw new ParaError('E_INVALID', (err as Error).message);
  }
}

const dateList = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean);

/** "[YYYY-MM-DD] HH:MM" in the schedule's zone (the date defaults to today), or an ISO instant */
export function parseWhen(words: readonly string[], s: Schedule): number {
  const text = words.join(' ').trim();
  if (/^\d{4}-\d\d-\d\dT.*(Z|[+-]\d\d:\d\d)$/.test(text)) {
    const t = Date.parse(text);
    if (Number.isFinite(t)) return t;
  }
  const m = /^(?:(\d{4}-\d\d-\d\d)\s+)?(\d\d:\d\d)$/.exec(text);
  if (!m)
    throw new ParaError('E_INVALID', `not a time: ${text || '(none)'} (use [YYYY-MM-DD] HH:MM)`);
  const date = m[1] ?? localDate(s.now(), s.zone);
  try {
    return wallToInstant(date, parseClock(m[2]!), s.zone);
  } catch (err) {
    throw new ParaError('E_INVALID', (err as Error).message);
  }
}

const opt = (key: string, short: string, long: string, help: string) =>
  ({ key, short, long, arg: 'required', help }) as const;

const OPTIONS = [
  opt('days', 'd', 'days', 'weekdays: mon,tue,... or 1-7 (weekly)'),
  opt('dates', 'D', 'dates', 'one-off dates YYYY-MM-DD,...'),
  opt('priority', 'P', 'priority', 'the higher wins an overlap (default 0)'),
  opt('transition', 't', 'transition', 'next, fit or cut (default next)'),
  opt(
    'fitTolerance',
    'f',
    'fit-tolerance',
    'fit: seconds the last file may end from the start (default 10)',
  ),
  opt('count', 'n', 'count', 'preview: how many files (default 10)'),
  opt('mode', 'm', 'mode', 'mv: the new mode, m/<mood> or p/<playlist>'),
] as const;

const optionFields = {
  days: z.string().max(100).optional(),
  dates: z.string().max(4000).optional(),
  priority: int(0, 1000).optional(),
  transition: z.enum(TRANSITIONS).optional(),
  fitTolerance: int(0, 600).optional(),
  count: int(0, 1000).optional(),
  mode: z.string().max(300).optional(),
};
const scheduleInput = z.object({
  // the missing subcommand is named in run(): a bad option value is the first complaint
  args: z.array(z.string()).default([]),
  ...optionFields,
});
const subInput = z.object({ args: z.array(z.string()), ...optionFields });

/** the options may follow the subcommand too (schedule add -d mon ...), as with sender */
function withSubOptions(
  input: z.output<typeof scheduleInput>,
): z.output<typeof scheduleInput> & { sub: string; rest: string[] } {
  const [sub, ...after] = input.args;
  if (sub === undefined)
    throw new ParaError('E_INVALID', `schedule: a subcommand is needed: ${SUBCOMMANDS.join(', ')}`);
  const parsed = subInput.safeParse(parseArgv(`schedule ${sub}`, OPTIONS, after));
  if (!parsed.success)
    throw new ParaError(
      'E_INVALID',
      `schedule ${sub}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...input, ...given, sub, rest: parsed.data.args };
}

export const scheduleCommand = defineCommand({
  name: 'schedule',
  summary: '(paraweb) the weekly schedule of moods and playlists',
  synopsis:
    'schedule add [-d days] [-D dates] [-P prio] [-t next|fit|cut] [-f secs] <mode> <HH:MM-HH:MM> | ls | rm <id>... | mv <id> <HH:MM-HH:MM> [-d days] [-D dates] [-m mode] | preview [-n count] [<date>] <HH:MM> | now | default [<mode>|-]',
  description:
    'Entries select a mood (m/name) or playlist (p/name) at times of the schedule time zone (--schedule-timezone), on weekdays every week (-d mon,fri) and/or on dates (-D 2027-12-24). The higher priority wins an overlap; overlaps of equal priority, unknown moods and entries that never run are refused. Transitions: next (the next file comes from the new mode), cut (at the start, to the second), fit (files before the start are chosen so the last one ends within -f seconds of it). default sets the mode used when no entry is on.',
  perms: permBits('AFS_READ', 'AFS_WRITE'),
  kind: 'mutation',
  options: OPTIONS,
  input: scheduleInput,
  async run({ services, signal }, raw) {
    const s = scheduleOf(services);
    const { sub, rest, ...input } = withSubOptions(raw);
    const fields = {
      ...(input.priority === undefined ? {} : { priority: input.priority }),
      ...(input.transition === undefined ? {} : { transition: input.transition }),
      ...(input.fitTolerance === undefined ? {} : { fitTolerance: input.fitTolerance }),
    };
    switch (sub) {
      case 'add': {
        if (rest.length !== 2)
          throw new ParaError('E_INVALID', 'schedule add: <mode> <HH:MM-HH:MM> needed');
        const e = await s.add({
          mode: rest[0],
          ...parseSpan(rest[1]),
          weekdays: days(input.days) ?? [],
          dates: dateList(input.dates) ?? [],
          ...fields,
        });
        return { sub, entries: [e] } as const;
      }
      case 'ls':
        return {
          sub,
          entries: [...s.list()],
          conflicts: s.conflicts(),
          zone: s.zone,
          defaultMode: s.defaultMode,
        } as const;
      case 'rm':
        if (rest.length === 0) throw new ParaError('E_INVALID', 'schedule rm: <id>... needed');
        await s.remove(rest.map(parseId));
        return { sub, entries: [] } as const;
      case 'mv': {
        if (rest.length !== 2)
          throw new ParaError('E_INVALID', 'schedule mv: <id> <HH:MM-HH:MM> needed');
        const d = days(input.days);
        const dates = dateList(input.dates);
        const e = await s.update(parseId(rest[0]), {
          ...parseSpan(rest[1]),
          ...(d === undefined ? {} : { weekdays: d }),
          ...(dates === undefined ? {} : { dates }),
          ...(input.mode === undefined ? {} : { mode: input.mode }),
          ...fields,
        });
        return { sub, entries: [e] } as const;
      }
      case 'preview': {
        const at = parseWhen(rest, s);
        const active = s.active(at);
        const mode = active?.entry.mode ?? s.defaultMode ?? services.afs.selector.spec;
        const p = await previewSpec(services.afs.selector, mode, input.count ?? 10, signal);
        const files = p.files.map((f) => {
          const row = services.afs.files.get(f.id);
          return { id: f.id, path: row?.path ?? `#${f.id}`, durationMs: row?.durationMs ?? 0 };
        });
        return {
          sub,
          at,
          local: localText(at, s.zone),
          entry: active?.entry,
          mode,
          admissible: p.admissible,
          files,
        } as const;
      }
      case 'now': {
        const st = services.scheduler?.state() ?? {
          active: s.active(),
          next: s.next(),
          mode: s.modeAt(),
        };
        return {
          sub,
          zone: s.zone,
          local: localText(s.now(), s.zone),
          entry: st.active?.entry,
          until: st.active ? localText(st.active.end, s.zone) : undefined,
          mode: services.afs.selector.spec,
          next: st.next
            ? {
                at: localText(st.next.at, s.zone),
                entry: st.next.to?.entry,
                mode: st.next.to?.entry.mode ?? s.defaultMode,
              }
            : undefined,
        } as const;
      }
      case 'default': {
        if (rest.length > 1) throw new ParaError('E_INVALID', 'schedule default: at most one mode');
        if (rest.length === 1) await s.setDefaultMode(rest[0] === '-' ? undefined : rest[0]);
        return { sub, defaultMode: s.defaultMode } as const;
      }
      default:
        throw new ParaError(
          'E_INVALID',
          `schedule: unknown subcommand ${sub ?? ''}; use ${SUBCOMMANDS.join(', ')}`,
        );
    }
  },
  render(out) {
    const lines = (es: readonly ScheduleEntry[]): string =>
      es.map((e) => `${entryText(e)}\n`).join('');
    switch (out.sub) {
      case 'add':
      case 'mv':
      case 'rm':
        return lines(out.entries);
      case 'ls':
        return (
          `time zone ${out.zone}; default ${out.defaultMode ?? '(none)'}\n` +
          lines(out.entries) +
          out.conflicts.map((c) => `conflict: entry ${c.entry}: ${c.message}\n`).join('')
        );
      case 'preview':
        return (
          `${out.local}: ${out.mode}${out.entry ? ` (entry ${out.entry.id})` : ''}, ${out.admissible} admissible\n` +
          out.files
            .map((f, i) => `${i + 1}\t${Math.round(f.durationMs / 1000)}s\t${basename(f.path)}\n`)
            .join('')
        );
      case 'now':
        return (
          `${out.local} ${out.zone}: ${out.mode}` +
          (out.entry ? ` (entry ${out.entry.id} until ${out.until})` : ' (no entry)') +
          '\n' +
          (out.next
            ? `next: ${out.next.at} ${out.next.mode ?? 'nothing scheduled'}${out.next.entry ? ` (entry ${out.next.entry.id}, ${out.next.entry.transition})` : ''}\n`
            : 'next: none\n')
        );
      case 'default':
        return `default ${out.defaultMode ?? '(none)'}\n`;
    }
  },
});
