// The stream thread's chunk lateness histograms as the real server publishes them on /metrics:
// one scrape, and what happened between two scrapes (the benchmarks' window).
import { fmt } from './http-servers.mjs';

/**
 * A chunk lateness histogram of the stream thread: cumulative counts per upper bound (ms).
 * `paraweb_chunk_lateness_seconds` is `/`'s, `paraweb_mount_chunk_lateness_seconds` the live
 * mounts' (vss/mount-clock.ts: each mount chunk against its due time, on the stream thread).
 */
export async function scrapeLateness(port, metric = 'paraweb_chunk_lateness_seconds') {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const buckets = [];
  const re = new RegExp(`^${metric}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm');
  for (const m of text.matchAll(re)) {
    buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]) * 1000, n: Number(m[2]) });
  }
  if (!buckets.length) throw new Error(`no ${metric} on /metrics`);
  // the sum of the lateness (s) rides along: the mean is finer than the bucket bounds
  const sum = new RegExp(`^${metric}_sum (\\S+)`, 'm').exec(text);
  buckets.sum = Number(sum?.[1] ?? 0);
  return buckets;
}

/** p99 and max of the chunks between two scrapes, as the bucket bounds they fall in (the
 * bound's text, and its upper end in ms: Infinity past the last bucket) */
export function histogramFigures(a, b) {
  const counts = b.map((x, i) => x.n - a[i].n);
  const total = counts.at(-1);
  const bound = (i) => (b[i].le === Infinity ? `> ${b[i - 1].le} ms` : `<= ${b[i].le} ms`);
  const p99 = counts.findIndex((n) => n >= 0.99 * total);
  const max = counts.findIndex((n) => n === total);
  const meanMs = total > 0 ? ((b.sum - a.sum) / total) * 1000 : 0;
  return {
    total,
    p99: bound(p99),
    max: bound(max),
    p99Ms: b[p99].le,
    maxMs: b[max].le,
    mean: fmt(meanMs, 1),
  };
}
