// Pure shaping of the audience figures for the page and its charts (uPlot wants columns of
// numbers, x in seconds): ranges of the presets, the live line, and how a play's reason reads.
export const PRESETS = ['1h', '24h', '7d', '30d', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABEL: Record<Preset, string> = {
  '1h': 'Last hour',
  '24h': '24 h',
  '7d': '7 days',
  '30d': '30 days',
  custom: 'Custom',
};

const PRESET_MS: Record<Exclude<Preset, 'custom'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** The command's -s/-u (seconds since the epoch) of a preset, or of a custom range given as
 * `datetime-local` values (the browser's local time); an error text for a range that cannot be. */
export function rangeArgs(
  preset: Preset,
  nowMs: number,
  custom?: { from: string; to: string },
): { since: string; until: string } | { error: string } {
  if (preset !== 'custom') {
    const to = Math.floor(nowMs / 1000);
    return { since: String(to - PRESET_MS[preset] / 1000), until: String(to) };
  }
  const from = custom?.from ? new Date(custom.from).getTime() : NaN;
  const to = custom?.to ? new Date(custom.to).getTime() : NaN;
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { error: 'Give a start and an end.' };
  if (from >= to) return { error: 'The start must be before the end.' };
  return { since: String(Math.floor(from / 1000)), until: String(Math.floor(to / 1000)) };
}

export interface Point {
  t: number;
  listeners: number;
  sessions: number;
  listenerHours: number;
  medianS: number;
}

export type SeriesKey = 'listeners' | 'sessions' | 'listenerHours' | 'medianS';

/** One uPlot data set: x in seconds, y the chosen figure (median lengths in minutes). */
export function toColumns(points: readonly Point[], key: SeriesKey): [number[], number[]] {
  const xs = points.map((p) => p.t / 1000);
  const ys = points.map((p) => (key === 'medianS' ? p[key] / 60 : p[key]));
  return [xs, ys];
}

/** Listeners now: every sender's own listeners plus those of its live mounts. */
export function listenersNow(
  senders: readonly { listeners: number; mounts: readonly { listeners: number }[] }[],
): number {
  return senders.reduce(
    (n, s) => n + s.listeners + s.mounts.reduce((m, x) => m + x.listeners, 0),
    0,
  );
}

export interface LiveSample {
  t: number;
  n: number;
}

/** The live line: a new sample (a second's step at most once), older than `windowMs` dropped. */
export function addSample(
  line: readonly LiveSample[],
  sample: LiveSample,
  windowMs = 3_600_000,
): LiveSample[] {
  const last = line[line.length - 1];
  const kept = line.filter((s) => s.t > sample.t - windowMs);
  if (last && Math.floor(last.t / 1000) === Math.floor(sample.t / 1000)) kept.pop();
  kept.push(sample);
  return kept;
}

/** The live line seeded with the stored minutes, followed by the samples pushed since. */
export function liveColumns(
  minutes: readonly { t: number; listeners: number }[],
  samples: readonly LiveSample[],
): [number[], number[]] {
  const firstLive = samples[0]?.t ?? Infinity;
  const before = minutes.filter((m) => m.t < firstLive);
  return [
    [...before.map((m) => m.t / 1000), ...samples.map((s) => s.t / 1000)],
    [...before.map((m) => m.listeners), ...samples.map((s) => s.n)],
  ];
}

/** "3:05", "1:02:03" */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Why a file played, from the play's mode (m/<mood>, p/<playlist>) and, where the server
 * records one, its request or schedule entry. */
export function reasonOf(play: { mode: string; reason?: string | null }): {
  kind: string;
  name: string;
} {
  if (play.reason) {
    const [kind = '', ...rest] = play.reason.split(':');
    if (kind === 'request' || kind === 'schedule') return { kind, name: rest.join(':') };
  }
  if (play.mode.startsWith('m/')) return { kind: 'mood', name: play.mode.slice(2) };
  if (play.mode.startsWith('p/')) return { kind: 'playlist', name: play.mode.slice(2) };
  return { kind: 'other', name: play.mode };
}

/** Percent with one decimal. */
export const percent = (rate: number): string => `${(rate * 100).toFixed(1)} %`;
