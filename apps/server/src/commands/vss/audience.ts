// audience (issue #17): the figures of the Audience page as one command with subcommands, so the
// dashboard (tRPC), the command port and the CLI read the same: chart, top, tuneouts, players,
// sessions, and now (the listeners this moment, across the relays). Ranges are -s/-u as for
// history (default: the last 24 hours).
import { z } from 'zod';
import type {
  AudienceNow,
  AudienceQueries,
  ChartPoint,
  LengthBucket,
  SessionPage,
  TimeRange,
  TopFile,
  TuneOutFile,
} from '../../audience/index.js';
import { bucketFor, checkRange } from '../../audience/index.js';
import { ParaError } from '../../errors.js';
import { parseArgv } from '../argv.js';
import { permBits } from '../perms.js';
import { int, issueText } from '../schema.js';
import type { Services } from '../types.js';
import { defineCommand } from '../types.js';
import { parseWhen } from './history.js';

export const AUDIENCE_SUBCOMMANDS = [
  'chart',
  'top',
  'tuneouts',
  'players',
  'sessions',
  'now',
] as const;
type Sub = (typeof AUDIENCE_SUBCOMMANDS)[number];

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

const opt = (key: string, short: string, long: string, help: string) =>
  ({ key, short, long, arg: 'required', help }) as const;

const OPTIONS = [
  opt('since', 's', 'since', 'start of the range (default 24h ago)'),
  opt('until', 'u', 'until', 'end of the range (default now)'),
  opt('num', 'n', 'num', 'top, tuneouts: how many files (20)'),
  opt('page', 'p', 'page', 'sessions: the page, from 1'),
  opt('size', 'z', 'size', 'sessions: rows per page (50, at most 500)'),
  opt('min', 'm', 'min', 'tuneouts: only files with at least this many listeners at starts (10)'),
] as const;

const optionFields = {
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
  num: int(1, 1000).optional(),
  page: int(1, 1_000_000).optional(),
  size: int(1, 500).optional(),
  min: int(0, 1_000_000).optional(),
};
const audienceInput = z.object({ args: z.array(z.string()).default([]), ...optionFields });
const subInput = z.object({ args: z.array(z.string()), ...optionFields });
type Options = Omit<z.output<typeof subInput>, 'args'>;

function queriesOf(services: Services): AudienceQueries {
  if (!services.audience) throw new ParaError('E_UNSUPPORTED', 'audience: no audience here');
  return services.audience;
}

/** the options may follow the subcommand too (audience chart -s 7d), as with schedule */
function subAndOptions(input: z.output<typeof audienceInput>): Options & { sub: Sub } {
  const [sub, ...after] = input.args;
  if (sub === undefined || !(AUDIENCE_SUBCOMMANDS as readonly string[]).includes(sub))
    throw new ParaError(
      'E_INVALID',
      `audience: ${sub === undefined ? 'a subcommand is needed' : `unknown subcommand ${sub}`}: ${AUDIENCE_SUBCOMMANDS.join(', ')}`,
    );
  const parsed = subInput.safeParse(parseArgv(`audience ${sub}`, OPTIONS, after), {
    error: issueText,
  });
  if (!parsed.success)
    throw new ParaError(
      'E_INVALID',
      `audience ${sub}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (parsed.data.args.length > 0)
    throw new ParaError(
      'E_INVALID',
      `audience ${sub}: no arguments allowed: ${parsed.data.args.join(' ')}`,
    );
  const pick = (o: Options): Options =>
    Object.fromEntries(Object.entries(o).filter(([k, v]) => k !== 'args' && v !== undefined));
  return { ...pick(input), ...pick(parsed.data), sub: sub as Sub };
}

function when(text: string | undefined, what: string, fallback: number, nowMs: number): Date {
  if (text === undefined) return new Date(fallback);
  const d = parseWhen(text, nowMs);
  if (!d)
    throw new ParaError(
      'E_INVALID',
      `audience: ${what}: not a time: ${text} (seconds since the epoch, YYYY-MM-DD[THH:MM[:SS]], or 30m, 2h, 7d ago)`,
    );
  return d;
}

/** The range of the options (default: the last 24 hours). */
export function rangeOf(o: Options, nowMs = Date.now()): TimeRange {
  return checkRange({
    from: when(o.since, '-s', nowMs - 24 * HOUR_MS, nowMs),
    to: when(o.until, '-u', nowMs, nowMs),
  });
}

export interface AudiencePoint extends ChartPoint {
  /** median length of the sessions that started in the bucket and ended (seconds) */
  medianS: number;
}

/** The chart: listeners from the per-minute counts (short ranges) or the hourly roll-ups, with
 * the median session length of each bucket. The start moves back to a bucket boundary. */
async function chart(q: AudienceQueries, range: TimeRange) {
  const bucketMs = bucketFor(range);
  const from = new Date(range.from.getTime() - (range.from.getTime() % bucketMs));
  const aligned = { from, to: range.to };
  const [points, lengths] = await Promise.all([
    bucketMs === MINUTE_MS ? minutePoints(q, aligned) : q.chart(aligned, bucketMs / HOUR_MS),
    q.lengths(aligned, bucketMs),
  ]);
  const byT = new Map<number, LengthBucket>(lengths.buckets.map((b) => [b.t, b]));
  const withMedian: AudiencePoint[] = points.map((p) => {
    const l = byT.get(p.t);
    // per-minute charts count the sessions started from the sessions themselves
    const sessions = bucketMs === MINUTE_MS ? (l?.sessions ?? 0) : p.sessions;
    return { ...p, sessions, medianS: l?.medianS ?? 0 };
  });
  return {
    from,
    to: range.to,
    bucketMs,
    points: withMedian,
    totals: {
      peak: withMedian.reduce((m, p) => Math.max(m, p.listeners), 0),
      sessions: withMedian.reduce((s, p) => s + p.sessions, 0),
      listenerHours: withMedian.reduce((s, p) => s + p.listenerHours, 0),
      medianS: lengths.medianS,
      /** the medians come from every k-th session (1: all of them) */
      lengthsSampledEvery: lengths.sampledEvery,
    },
  };
}

/** Per-minute points: the peak listeners of each minute; sessions started come from the
 * lengths query (by minute), listening hours are estimated from the minute's peak. */
async function minutePoints(q: AudienceQueries, range: TimeRange): Promise<ChartPoint[]> {
  const minutes = await q.minutes(range);
  const byT = new Map(minutes.map((m) => [m.t, m.listeners]));
  const out: ChartPoint[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += MINUTE_MS) {
    const listeners = byT.get(t) ?? 0;
    out.push({ t, listeners, sessions: 0, listenerHours: listeners / 60 });
  }
  return out;
}

type Output =
  | ({ sub: 'chart' } & Awaited<ReturnType<typeof chart>>)
  | { sub: 'top'; from: Date; to: Date; files: TopFile[] }
  | { sub: 'tuneouts'; from: Date; to: Date; files: TuneOutFile[] }
  | {
      sub: 'players';
      from: Date;
      to: Date;
      families: { family: string; sessions: number }[];
      outputs: { output: string; sessions: number; listenerHours: number }[];
    }
  | ({ sub: 'sessions'; from: Date; to: Date } & SessionPage)
  | ({ sub: 'now' } & AudienceNow);

const stamp = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');
const hours = (h: number): string => h.toFixed(1);
const mmss = (s: number): string =>
  `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

function renderNow(n: AudienceNow): string {
  const up = n.relays.filter((r) => r.healthy);
  const relayListeners = up.reduce((s, r) => s + r.listeners, 0);
  return (
    `listeners: ${n.summed}` +
    (n.relays.length > 0
      ? ` (this server ${n.total} less ${up.length} relay connections, relays ${relayListeners})`
      : '') +
    '\n' +
    Object.entries(n.listeners)
      .map(([output, k]) => `${output}\t${k}\n`)
      .join('') +
    n.relays
      .map(
        (r) =>
          `relay ${r.name}\t${r.healthy === null ? 'not asked yet' : r.healthy ? 'healthy' : 'unhealthy'}\t${r.healthy ? r.listeners : '-'}\t${r.url}\t${r.error ?? ''}\n`,
      )
      .join('')
  );
}

export const audienceCommand = defineCommand({
  name: 'audience',
  summary: '(paraweb) listeners over time, top files, tune-outs, players, sessions',
  synopsis:
    'audience chart|top|tuneouts|players|sessions|now [-s since] [-u until] [-n num] [-m min] [-p page] [-z size]',
  description:
    'chart: peak listeners, sessions started, listening hours and median session length per bucket (a minute up to 3 h, an hour up to 8 days, 6 hours up to 62 days, else a day). top: files by listeners at their starts. tuneouts: files by tune-outs per listener (files with at least -m listeners at their starts). players: sessions per player family and per output. sessions: one page of sessions, newest first. now: the listeners this moment per output, each relay (--relay: health, listeners) and the sum across them (not counting the connections of the relays to the tier above). Times as for history; the range defaults to the last 24 hours and is at most 400 days.',
  perms: permBits('AFS_READ'),
  kind: 'query',
  options: OPTIONS,
  input: audienceInput,
  async run({ services }, raw): Promise<Output> {
    const q = queriesOf(services);
    const o = subAndOptions(raw);
    if (o.sub === 'now') {
      if (!services.listenersNow)
        throw new ParaError('E_UNSUPPORTED', 'audience now: no stream here');
      return { sub: 'now', ...services.listenersNow() };
    }
    const range = rangeOf(o);
    const { from, to } = range;
    switch (o.sub) {
      case 'chart':
        return { sub: 'chart', ...(await chart(q, range)) };
      case 'top':
        return { sub: 'top', from, to, files: await q.topFiles(range, o.num ?? 20) };
      case 'tuneouts':
        return {
          sub: 'tuneouts',
          from,
          to,
          files: await q.tuneOuts(range, o.num ?? 20, o.min ?? 10),
        };
      case 'players': {
        const [fams, split] = await Promise.all([q.families(range), q.split(range)]);
        return { sub: 'players', from, to, families: fams, outputs: split.outputs };
      }
      case 'sessions':
        return {
          sub: 'sessions',
          from,
          to,
          ...(await q.sessionPage(range, o.page ?? 1, o.size ?? 50)),
        };
    }
  },
  render(out) {
    if (out.sub === 'now') return renderNow(out);
    const head = `${stamp(out.from)} - ${stamp(out.to)} UTC\n`;
    switch (out.sub) {
      case 'chart':
        return (
          head +
          `peak ${out.totals.peak}, sessions ${out.totals.sessions}, listening hours ${hours(out.totals.listenerHours)}, median session ${mmss(out.totals.medianS)}\n` +
          out.points
            .map(
              (p) =>
                `${stamp(new Date(p.t))}\t${p.listeners}\t${p.sessions}\t${hours(p.listenerHours)}\t${mmss(p.medianS)}\n`,
            )
            .join('')
        );
      case 'top':
        return (
          head +
          out.files
            .map((f) => `${f.listeners}\t${f.plays}\t${f.peak}\t-${f.tuneOuts}\t${f.path}\n`)
            .join('')
        );
      case 'tuneouts':
        return (
          head +
          out.files
            .map(
              (f) =>
                `${(f.tuneOutRate * 100).toFixed(1)}%\t${f.tuneOuts}/${f.listeners}\t${f.plays}\t${f.path}\n`,
            )
            .join('')
        );
      case 'players':
        return (
          head +
          out.families.map((f) => `${f.family}\t${f.sessions}\n`).join('') +
          out.outputs
            .map((p) => `${p.output}\t${p.sessions}\t${hours(p.listenerHours)} h\n`)
            .join('')
        );
      case 'sessions':
        return (
          head +
          `page ${out.page} of ${Math.max(1, Math.ceil(out.total / out.size))} (${out.total} sessions)\n` +
          out.rows
            .map(
              (r) =>
                `${stamp(r.startedAt)}\t${r.endedAt ? mmss((r.endedAt.getTime() - r.startedAt.getTime()) / 1000) : 'connected'}\t${r.output}\t${r.family}\t${r.address ?? '-'}\t${r.bytes}\t${r.endReason ?? '-'}\n`,
            )
            .join('')
        );
    }
  },
});
