// Whether a listener's request is accepted: every rule of issue #20 as one pure function, so that
// each refusal is tested on its own and the listener reads why (and when to try again).

export interface RequestRules {
  /** minutes between two requests of one listener, and of one address */
  intervalMin: number;
  /** a file played or requested this many minutes ago cannot be requested */
  repeatMin: number;
  /** at most this many requests wait (pending or queued) */
  maxPending: number;
}

/** a request as the rules see it (times in ms since the epoch) */
export interface RequestFact {
  fileId: number;
  createdAt: number;
  source: string;
  address: string;
  status: 'pending' | 'queued' | 'played' | 'rejected';
  artist: string;
}

export interface RequestAttempt {
  now: number;
  file: { id: number; requestable: boolean; lastPlayed: number; numPlayed: number; artist: string };
  /** "listener:<id>" */
  source: string;
  address: string;
  /** requests of the last day or so, newest last (the rules look back at most a day) */
  requests: readonly RequestFact[];
  /** the current mode closes requests (a mood with "# paraweb: requests off") */
  closed: boolean;
  /** the mood's artist separation and the artists played, newest last */
  artistSeparation: number;
  recentArtists: readonly string[];
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const MIN = 60_000;
const minutes = (ms: number): string => {
  const m = Math.max(1, Math.ceil(ms / MIN));
  return `${m} minute${m === 1 ? '' : 's'}`;
};

/** the first rule a request breaks, in words for the listener; or ok */
export function checkRequest(rules: RequestRules, a: RequestAttempt): Verdict {
  if (!a.file.requestable) return { ok: false, reason: 'this file cannot be requested' };
  if (a.closed) return { ok: false, reason: 'requests are closed during this programme' };
  const waiting = a.requests.filter((r) => r.status === 'pending' || r.status === 'queued');
  if (waiting.length >= rules.maxPending)
    return {
      ok: false,
      reason: `the request queue is full (${waiting.length} waiting); try again later`,
    };
  const interval = rules.intervalMin * MIN;
  for (const [who, same] of [
    ['you', (r: RequestFact) => r.source === a.source],
    ['your address', (r: RequestFact) => a.address !== '' && r.address === a.address],
  ] as const) {
    const last = a.requests.filter((r) => same(r) && r.status !== 'rejected').at(-1);
    if (last && a.now - last.createdAt < interval)
      return {
        ok: false,
        reason: `one request per ${minutes(interval)} from ${who}; try again in ${minutes(last.createdAt + interval - a.now)}`,
      };
  }
  const repeat = rules.repeatMin * MIN;
  if (a.file.numPlayed > 0 && a.now - a.file.lastPlayed * 1000 < repeat)
    return { ok: false, reason: `this file was played in the last ${minutes(repeat)}` };
  if (
    a.requests.some(
      (r) =>
        r.fileId === a.file.id &&
        r.status !== 'rejected' &&
        (r.status !== 'played' || a.now - r.createdAt < repeat),
    )
  )
    return { ok: false, reason: 'this file was requested already' };
  if (a.artistSeparation > 0 && a.file.artist.trim() !== '') {
    const artist = a.file.artist.trim().toLowerCase();
    const coming = waiting.map((r) => r.artist.trim().toLowerCase());
    const recent = a.recentArtists.slice(-a.artistSeparation);
    if (recent.includes(artist) || coming.includes(artist))
      return { ok: false, reason: 'this artist was played or requested too recently' };
  }
  return { ok: true };
}

/**
 * When the request `id` starts: `from` (the end of the current file) plus the exact durations of
 * the requests before it in play order; undefined when it does not wait.
 */
export function startOf(
  waiting: readonly { id: number; durationMs: number }[],
  id: number,
  from: number,
): number | undefined {
  let t = from;
  for (const r of waiting) {
    if (r.id === id) return t;
    t += r.durationMs;
  }
  return undefined;
}
