// Running statistics of the admissible set (docs/paraslash/moods.md §5.2): mean and quadratic deviation of
// num_played and last_played, updated per file instead of recomputed. Welford's updates keep them
// exact enough even when last_played values (around 1.7e9) differ by seconds only.
import type { ScoreStats } from '../score.js';

interface Series {
  mean: number;
  q: number;
}

function add(s: Series, n: number, x: number): void {
  const d = x - s.mean;
  s.mean += d / (n + 1);
  s.q += d * (x - s.mean);
}

function remove(s: Series, n: number, x: number): void {
  if (n <= 1) {
    s.mean = 0;
    s.q = 0;
    return;
  }
  const mean = (n * s.mean - x) / (n - 1);
  s.q = Math.max(0, s.q - (x - s.mean) * (x - mean)); // rounding must not go negative
  s.mean = mean;
}

export class PlayStatistics {
  private n = 0;
  private readonly np: Series = { mean: 0, q: 0 };
  private readonly lp: Series = { mean: 0, q: 0 };

  reset(): void {
    this.n = 0;
    this.np.mean = this.np.q = 0;
    this.lp.mean = this.lp.q = 0;
  }

  add(numPlayed: number, lastPlayed: number): void {
    add(this.np, this.n, numPlayed);
    add(this.lp, this.n, lastPlayed);
    this.n++;
  }

  remove(numPlayed: number, lastPlayed: number): void {
    if (this.n === 0) return;
    remove(this.np, this.n, numPlayed);
    remove(this.lp, this.n, lastPlayed);
    this.n--;
  }

  change(
    from: { numPlayed: number; lastPlayed: number },
    to: { numPlayed: number; lastPlayed: number },
  ): void {
    this.remove(from.numPlayed, from.lastPlayed);
    this.add(to.numPlayed, to.lastPlayed);
  }

  get count(): number {
    return this.n;
  }

  snapshot(): ScoreStats {
    const n = this.n;
    if (n === 0) return { n: 0, meanN: 0, meanL: 0, sigmaN: 0, sigmaL: 0 };
    return {
      n,
      meanN: this.np.mean,
      meanL: this.lp.mean,
      sigmaN: Math.sqrt(this.np.q / n),
      sigmaL: Math.sqrt(this.lp.q / n),
    };
  }
}
