// How late the chunks leave: the figures the lateness test and the listener benchmark print.

/** upper bounds (ms) of the lateness histogram's buckets; the last bucket is everything above.
 * Finer between 10 and 50 ms, where issue #18's targets (p99 < 20, max < 50) are judged. */
export const LATENESS_BUCKETS_MS = [1, 2, 5, 10, 15, 20, 30, 40, 50, 100] as const;

/** Chunk lateness since the last reset: how far after its due time each chunk left. */
export interface ChunkTiming {
  chunks: number;
  maxLateUs: number;
  sumLateUs: number;
  /** chunks that left before their due time: must stay 0 */
  early: number;
  /** chunks per LATENESS_BUCKETS_MS bucket, plus one for the rest */
  histogram: number[];
}

export function emptyTiming(): ChunkTiming {
  return {
    chunks: 0,
    maxLateUs: 0,
    sumLateUs: 0,
    early: 0,
    histogram: new Array<number>(LATENESS_BUCKETS_MS.length + 1).fill(0),
  };
}

export function recordLateness(t: ChunkTiming, lateUs: number): void {
  t.chunks++;
  t.sumLateUs += lateUs;
  if (lateUs > t.maxLateUs) t.maxLateUs = lateUs;
  if (lateUs < 0) t.early++;
  let b = 0;
  while (b < LATENESS_BUCKETS_MS.length && lateUs > LATENESS_BUCKETS_MS[b]! * 1000) b++;
  t.histogram[b]!++;
}
