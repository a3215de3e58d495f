// A merge sort that gives the event loop a turn every few milliseconds of work, so sorting a
// 100,000-file library for the web view never makes a stream chunk late (issue 4).
import { yieldToEventLoop } from '../event-loop.js';

/** elements sorted or merged between two turns of the event loop (about 1-3 ms of compares) */
const WORK_PER_TURN = 4096;
const RUN = 2048;

/**
 * Sorts `items` (positions, ids: small integers) by `cmp` and returns the sorted array, which
 * may be `items` itself. `cmp` must break ties itself when a stable order matters.
 */
export async function sortInTurns(
  items: Int32Array,
  cmp: (a: number, b: number) => number,
): Promise<Int32Array> {
  const n = items.length;
  let work = 0;
  const step = async (done: number): Promise<void> => {
    work += done;
    if (work < WORK_PER_TURN) return;
    work = 0;
    await yieldToEventLoop();
  };
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    items.subarray(lo, hi).sort(cmp);
    await step(hi - lo);
  }
  let src: Int32Array = items;
  let dst: Int32Array = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      await merge(src, dst, lo, mid, hi, cmp, step);
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Merges two sorted runs; the last merges span the whole array, so they take turns too. */
async function merge(
  src: Int32Array,
  dst: Int32Array,
  lo: number,
  mid: number,
  hi: number,
  cmp: (a: number, b: number) => number,
  step: (done: number) => Promise<void>,
): Promise<void> {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    // `<= 0` keeps equal elements in their run order (stable)
    if (cmp(src[i]!, src[j]!) <= 0) dst[k++] = src[i++]!;
    else dst[k++] = src[j++]!;
    if ((k - lo) % WORK_PER_TURN === 0) await step(WORK_PER_TURN);
  }
  while (i < mid) dst[k++] = src[i++]!;
  while (j < hi) dst[k++] = src[j++]!;
}
