// Lowercased texts of the library view's sort keys, kept between requests: the same artist or
// album string is lowercased once.

export class TextCache {
  private readonly lowered = new Map<string, string>();

  /** forgets everything when the caches outgrow the library (after many changes) */
  trim(files: number): void {
    const limit = 4 * files + 1000;
    if (this.lowered.size > limit) this.lowered.clear();
  }

  lower(s: string): string {
    let l = this.lowered.get(s);
    if (l === undefined) {
      l = s.toLowerCase();
      this.lowered.set(s, l);
    }
    return l;
  }
}
