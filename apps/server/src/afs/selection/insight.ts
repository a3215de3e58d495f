// paraweb's answers to "why this file", "what comes next" and "what would this mood select":
// read-only views of the selector that change nothing.
import { ParaError } from '../../errors.js';
import type { AudioFileRecord } from '../audio-file.js';
import type { MoodContext } from '../mood/index.js';
import type { ScoreTerms } from '../score.js';
import { formulaScore, scoreStats, scoreTerms } from '../score.js';
import { admitAll } from './admit-all.js';
import type { LoadedMode } from './modes.js';
import { compileMood, loadMode, parseSpec } from './modes.js';
import type { ScoredFile } from './score-table.js';
import type { Selector } from './selector.js';
import { artistKey, pickBest } from './selector.js';

export interface Explanation {
  path: string;
  mode: string;
  admissible: boolean;
  /** the score in the table (after the percentile moves of earlier plays) */
  score?: number;
  /** 1 = the file the server would choose now */
  rank?: number;
  of: number;
  /** the formula today, term by term (docs/paraslash/moods.md §5.1) */
  terms?: ScoreTerms;
  numPlayed: number;
  lastPlayed: number;
}

export function explain(sel: Selector, file: AudioFileRecord): Explanation {
  const base = {
    path: file.path,
    mode: sel.spec,
    of: sel.table.size,
    numPlayed: file.numPlayed,
    lastPlayed: file.lastPlayed,
  };
  const score = sel.table.score(file.id);
  if (score === undefined) return { ...base, admissible: false };
  const terms = scoreTerms(
    file,
    sel.stats.snapshot(),
    Math.floor(Date.now() / 1000),
    sel.moodScores.get(file.id) ?? 0,
  );
  return {
    ...base,
    admissible: true,
    score,
    rank: sel.table.size - sel.table.rank(file.id),
    terms,
  };
}

/**
 * The next n files in the order the server would choose them if nothing else changed: each
 * chosen file sinks to the bottom, as a played file does.
 */
export function upcoming(sel: Selector, n: number): ScoredFile[] {
  const queue = [...sel.table.descending()];
  const recent = [...sel.recentArtists];
  const out: ScoredFile[] = [];
  while (out.length < n && queue.length > 0) {
    const next = pickBest(queue, new Set(), sel.tables.files, recent, sel.artistSeparation);
    if (!next) break;
    out.push(next);
    queue.splice(queue.indexOf(next), 1);
    queue.push(next);
    const f = sel.tables.files.get(next.id);
    if (f) recent.push(artistKey(f));
  }
  return out;
}

export interface Preview {
  admissible: number;
  files: ScoredFile[];
  artistSeparation: number;
}

/**
 * What a mood that is not stored yet would select: the count and the first n by score.
 * `signal` stops the work when the asker has gone (the editor previews as the user types).
 */
export async function preview(
  files: Iterable<AudioFileRecord>,
  text: string,
  ctx: MoodContext,
  n: number,
  signal?: AbortSignal,
): Promise<Preview> {
  if (n < 0) throw new ParaError('E_INVALID', 'negative count');
  return scoreMode(compileMood('(preview)', text, ctx), files, n, signal);
}

/** the count and the first n by score of a loaded mode (a playlist: in its order) */
async function scoreMode(
  mode: LoadedMode,
  files: Iterable<AudioFileRecord>,
  n: number,
  signal?: AbortSignal,
): Promise<Preview> {
  if (mode.order)
    return {
      admissible: mode.order.length,
      files: mode.order.slice(0, n).map((id, k) => ({ id, score: -k })),
      artistSeparation: mode.artistSeparation,
    };
  const admitted = [...(await admitAll(files, (f) => mode.admit(f), { signal })).values()];
  const st = scoreStats(admitted.map((a) => a.f));
  const now = Math.floor(Date.now() / 1000);
  const scored = admitted.map(({ f, ms }) => ({ id: f.id, score: formulaScore(f, st, now, ms) }));
  // partial selection would be faster, but a full sort of 100,000 numbers takes ~20 ms
  scored.sort((a, b) => b.score - a.score || a.id - b.id);
  return {
    admissible: scored.length,
    files: scored.slice(0, n),
    artistSeparation: mode.artistSeparation,
  };
}

/**
 * What a stored mode (m/<mood>, p/<playlist>, dummy) would select, without activating it: the
 * current mode answers with its own next plays (upcoming), another is loaded and scored aside.
 */
export async function previewSpec(
  sel: Selector,
  spec: string,
  n: number,
  signal?: AbortSignal,
): Promise<Preview> {
  const parsed = parseSpec(spec);
  if (parsed.spec === sel.spec)
    return {
      admissible: sel.table.size,
      files: upcoming(sel, n),
      artistSeparation: sel.artistSeparation,
    };
  const { files, moods, playlists, attributes } = sel.tables;
  const mode = await loadMode(parsed, {
    moods,
    playlists,
    attributes,
    fileByPath: (p) => files.getByPath(p),
  });
  return scoreMode(mode, files.all(), n, signal);
}
