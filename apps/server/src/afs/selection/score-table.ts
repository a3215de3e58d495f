// The score table (docs/paraslash/afs.md §2.7): the admissible files of the current mode, kept in ascending
// order of (score, then id descending), so the best file is the last row and ranks are indexes.

export interface ScoredFile {
  id: number;
  score: number;
}

export class ScoreTable {
  private ids: number[] = [];
  private scores: number[] = [];
  private readonly byId = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  score(id: number): number | undefined {
    return this.byId.get(id);
  }

  clear(): void {
    this.ids = [];
    this.scores = [];
    this.byId.clear();
  }

  /** Replaces the whole table at once (a mode load): one sort instead of n inserts. */
  fill(entries: ScoredFile[]): void {
    entries.sort((a, b) => a.score - b.score || b.id - a.id);
    this.ids = entries.map((e) => e.id);
    this.scores = entries.map((e) => e.score);
    this.byId.clear();
    for (const e of entries) this.byId.set(e.id, e.score);
  }

  /** index of the first row that does not sort before (score, id): its own index if present */
  private position(score: number, id: number): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.scores[mid]!;
      if (s < score || (s === score && this.ids[mid]! > id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  set(id: number, score: number): void {
    this.remove(id);
    const at = this.position(score, id);
    this.ids.splice(at, 0, id);
    this.scores.splice(at, 0, score);
    this.byId.set(id, score);
  }

  remove(id: number): boolean {
    const score = this.byId.get(id);
    if (score === undefined) return false;
    const at = this.position(score, id);
    if (this.ids[at] !== id) throw new Error(`score table out of order at ${id}`);
    this.ids.splice(at, 1);
    this.scores.splice(at, 1);
    this.byId.delete(id);
    return true;
  }

  /** the row at rank `rank`, counted from the lowest score (0-based) */
  at(rank: number): ScoredFile | undefined {
    const id = this.ids[rank];
    return id === undefined ? undefined : { id, score: this.scores[rank]! };
  }

  /** rank of a file from the lowest score (0-based), or -1 */
  rank(id: number): number {
    const score = this.byId.get(id);
    return score === undefined ? -1 : this.position(score, id);
  }

  lowest(): ScoredFile | undefined {
    return this.at(0);
  }

  /** rows from the best down */
  *descending(): Generator<ScoredFile> {
    for (let i = this.ids.length - 1; i >= 0; i--)
      yield { id: this.ids[i]!, score: this.scores[i]! };
  }
}
