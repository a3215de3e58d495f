// The score formula of paraslash 0.6.3+ (docs/paraslash/moods.md §5.1): files played rarely and long ago score
// high. Floating point for clarity, rounded to integers; only the order matters.
import type { AudioFileRecord } from './audio-file.js';

export interface ScoreStats {
  n: number;
  meanN: number;
  meanL: number;
  sigmaN: number;
  sigmaL: number;
}

export function scoreStats(
  files: readonly Pick<AudioFileRecord, 'numPlayed' | 'lastPlayed'>[],
): ScoreStats {
  const n = files.length;
  if (n === 0) return { n: 0, meanN: 0, meanL: 0, sigmaN: 0, sigmaL: 0 };
  let sn = 0;
  let sl = 0;
  for (const f of files) {
    sn += f.numPlayed;
    sl += f.lastPlayed;
  }
  const meanN = sn / n;
  const meanL = sl / n;
  let qn = 0;
  let ql = 0;
  for (const f of files) {
    qn += (f.numPlayed - meanN) ** 2;
    ql += (f.lastPlayed - meanL) ** 2;
  }
  return { n, meanN, meanL, sigmaN: Math.sqrt(qn / n), sigmaL: Math.sqrt(ql / n) };
}

export interface ScoreTerms {
  /** how rarely the file was played, relative to the admissible set */
  numPlayed: number;
  /** how long ago it was played, relative to the admissible set */
  lastPlayed: number;
  /** the mood's own share (version 1 score lines), 0 otherwise */
  mood: number;
  total: number;
}

/**
 * s = -[(now - mean_l)(np - mean_n) + mean_n (lp - mean_l)] / (sigma_n sigma_l), scaled by 100,
 * split into its two terms; a term whose deviation is zero contributes nothing.
 */
export function scoreTerms(
  f: Pick<AudioFileRecord, 'numPlayed' | 'lastPlayed'>,
  st: ScoreStats,
  now: number,
  moodScore = 0,
): ScoreTerms {
  if (st.n === 0) return { numPlayed: 0, lastPlayed: 0, mood: moodScore, total: moodScore };
  const nn = st.sigmaN > 0 ? -(f.numPlayed - st.meanN) / st.sigmaN : 0;
  const nl = st.sigmaL > 0 ? -(f.lastPlayed - st.meanL) / st.sigmaL : 0;
  const hn = st.sigmaN > 0 ? st.meanN / st.sigmaN : 0;
  const hl = st.sigmaL > 0 ? -(now - st.meanL) / st.sigmaL : 0;
  // with only one varying quantity, rank by that one alone
  const wn = st.sigmaL > 0 ? -hl : 1;
  const wl = st.sigmaN > 0 ? hn : 1;
  const numPlayed = Math.round(100 * nn * wn);
  const lastPlayed = Math.round(100 * nl * wl);
  return { numPlayed, lastPlayed, mood: moodScore, total: numPlayed + lastPlayed + moodScore };
}

export function formulaScore(
  f: Pick<AudioFileRecord, 'numPlayed' | 'lastPlayed'>,
  st: ScoreStats,
  now: number,
  moodScore = 0,
): number {
  return scoreTerms(f, st, now, moodScore).total;
}
