// The chunk lateness histogram of the stream thread as a Prometheus histogram. The stream thread
// counts chunks per bucket (vss/chunk-timing.ts) and sends the counts, not the values, so this
// histogram adds counts instead of observing values (prom-client's Histogram only observes).
import { Histogram } from 'prom-client';
import { LATENESS_BUCKETS_MS } from '../vss/index.js';

const BUCKETS_S = LATENESS_BUCKETS_MS.map((ms) => ms / 1000);

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

export class LatenessHistogram extends Histogram {
  private readonly counts = new Array<number>(BUCKETS_S.length + 1).fill(0);
  private sumS = 0;
  private total = 0;

  constructor(
    private readonly metric: string,
    private readonly helpText: string,
  ) {
    super({ name: metric, help: helpText, buckets: BUCKETS_S, registers: [] });
  }

  /** `histogram`: chunks per bucket of LATENESS_BUCKETS_MS and one for the rest */
  addCounts(histogram: readonly number[], sumLateUs: number): void {
    for (let i = 0; i < this.counts.length; i++) {
      const n = histogram[i] ?? 0;
      this.counts[i]! += n;
      this.total += n;
    }
    this.sumS += Math.max(0, sumLateUs) / 1e6;
  }

  /** what the registry writes (prom-client calls this instead of get() for the text format) */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: Sample[];
    aggregator: 'sum';
  }> {
    let cumulative = 0;
    const values: Sample[] = BUCKETS_S.map((le, i) => {
      cumulative += this.counts[i]!;
      return { value: cumulative, labels: { le }, metricName: `${this.metric}_bucket` };
    });
    values.push(
      { value: this.total, labels: { le: '+Inf' }, metricName: `${this.metric}_bucket` },
      { value: this.sumS, labels: {}, metricName: `${this.metric}_sum` },
      { value: this.total, labels: {}, metricName: `${this.metric}_count` },
    );
    return Promise.resolve({
      name: this.metric,
      help: this.helpText,
      type: 'histogram',
      values,
      aggregator: 'sum',
    });
  }

  override get(): ReturnType<Histogram['get']> {
    return this.getForPromString() as unknown as ReturnType<Histogram['get']>;
  }
}
